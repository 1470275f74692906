/**
 * A real HTTP server on 127.0.0.1 for the tests: it records every request and answers each with
 * the next queued reply (a status and a body). It closes itself when the test finishes.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

/** A request as the server received it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, as sent on the wire. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A reply: a string body is sent as is, anything else as JSON; `undefined` sends no body. */
export interface Reply {
  status?: number;
  body?: unknown;
}

export interface TestServer {
  /** The base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Queues replies, used one per request in order. */
  reply(...replies: Reply[]): void;
}

/** Starts a server; an unscripted request gets a 418. */
export async function startServer(): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const queue: Reply[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    });
    const { status = 200, body } = queue.shift() ?? { status: 418, body: 'no reply queued' };
    const json = body !== undefined && typeof body !== 'string';
    const payload = body === undefined ? '' : json ? JSON.stringify(body) : String(body);
    res.writeHead(status, json ? { 'content-type': 'application/json' } : {});
    res.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (...replies) => {
      queue.push(...replies);
    },
  };
}
