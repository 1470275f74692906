/** paginateWebhooks against a real local server that misreports its pages. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createApiVideoClient, PaginationError, paginateWebhooks } from '../src/index.js';

const webhook = (id: string) => ({
  webhookId: id,
  createdAt: '2024-01-01T00:00:00+00:00',
  events: ['video.encoding.quality.completed'],
  url: `https://example.com/${id}`,
  signatureSecret: 'sig_sec_Abcd12348RLP7VPLi7nYVh',
});

async function serverAlwaysOnPageOne() {
  const requested: (string | null)[] = [];
  const server = createServer((req, res) => {
    requested.push(new URL(req.url ?? '/', 'http://x').searchParams.get('currentPage'));
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        data: [webhook('wh1'), webhook('wh2')],
        pagination: { currentPage: 1, pageSize: 2, pagesTotal: 5, itemsTotal: 10, currentPageItems: 2 },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requested };
}

describe('paginateWebhooks', () => {
  it('stops with a PaginationError when the server never moves past page 1', async () => {
    const server = await serverAlwaysOnPageOne();
    const client = createApiVideoClient({ apiKey: 'key-1234567890', baseUrl: server.url });

    const error = await paginateWebhooks(client)
      .toArray()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PaginationError);
    expect(server.requested).toEqual(['1', '2']);
  });
});
