/**
 * paginateCloudConnectors() against a local server holding a list of connectors and answering
 * `limit`/`offset` with a page and the `count` of all of them, as Nodeum does.
 */

import { startServer, type TestServer } from '@mediaspec/test-support/server';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  type CloudConnector,
  createNodeumClient,
  filter,
  paginateCloudConnectors,
  sortBy,
} from '../src/index.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const connectors = (n: number): CloudConnector[] =>
  Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `connector-${i + 1}`, provider: 'generic_s3' }));

/** A server holding `all`, paging them by `limit` (default 25) and `offset`. */
async function listServer(all: CloudConnector[]) {
  server = await startServer((request) => {
    const limit = Number(request.query.get('limit') ?? 25);
    const offset = Number(request.query.get('offset') ?? 0);
    return { status: 200, body: { count: all.length, cloud_connectors: all.slice(offset, offset + limit) } };
  });
  const client = createNodeumClient({ baseUrl: `${server.url}/api/v2`, username: 'archivist', password: 'pw-7d1c' });
  const offsets = () => server?.requests.map((r) => r.query.get('offset')) ?? [];
  return { client, offsets };
}

describe('paginateCloudConnectors', () => {
  it('makes one request and yields nothing when count is 0', async () => {
    const { client, offsets } = await listServer([]);
    expect(await paginateCloudConnectors(client, { limit: 10 }).toArray()).toEqual([]);
    expect(offsets()).toEqual(['0']);
  });

  it('makes one request when everything fits in exactly one page', async () => {
    const { client, offsets } = await listServer(connectors(3));
    const names = (await paginateCloudConnectors(client, { limit: 3 }).toArray()).map((c) => c.name);
    expect(names).toEqual(['connector-1', 'connector-2', 'connector-3']);
    expect(offsets()).toEqual(['0']);
  });

  it('stops after the last full page when count is a multiple of limit', async () => {
    const { client, offsets } = await listServer(connectors(6));
    const pages: number[][] = [];
    for await (const page of paginateCloudConnectors(client, { limit: 2 }).pages()) {
      pages.push(page.map((c) => c.id ?? 0));
    }
    expect(pages).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(offsets()).toEqual(['0', '2', '4']);
  });

  it('fetches a short last page and stops', async () => {
    const { client, offsets } = await listServer(connectors(5));
    expect(await paginateCloudConnectors(client, { limit: 2 }).toArray()).toHaveLength(5);
    expect(offsets()).toEqual(['0', '2', '4']);
  });

  it('makes no further request after a break on the first item', async () => {
    const { client, offsets } = await listServer(connectors(6));
    for await (const connector of paginateCloudConnectors(client, { limit: 2 })) {
      expect(connector.id).toBe(1);
      break;
    }
    expect(offsets()).toEqual(['0']);
  });

  it('starts at the given offset and sends the same filters, sort and limit with every page', async () => {
    const { client } = await listServer(connectors(5));
    const query = { limit: 2, offset: 1, provider: filter.eq('generic_s3'), sort_by: sortBy(['id', 'desc']) };
    const ids = (await paginateCloudConnectors(client, query).toArray()).map((c) => c.id);
    expect(ids).toEqual([2, 3, 4, 5]);
    expect(server?.requests.map((r) => r.url)).toEqual([
      '/api/v2/cloud_connectors?limit=2&offset=1&provider=%3Dgeneric_s3&sort_by=id%3Adesc',
      '/api/v2/cloud_connectors?limit=2&offset=3&provider=%3Dgeneric_s3&sort_by=id%3Adesc',
    ]);
  });

  it('throws the ApiError of a failed page', async () => {
    server = await startServer(() => ({ status: 401, body: { messages: ['Unauthorized'] } }));
    const client = createNodeumClient({ baseUrl: `${server.url}/api/v2`, username: 'archivist', password: 'wrong' });
    const error = await paginateCloudConnectors(client)
      .toArray()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, method: 'GET', path: '/cloud_connectors' });
  });
});
