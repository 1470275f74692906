/**
 * A real HTTP server on 127.0.0.1 for the helper tests: it records every request exactly as it
 * arrived (raw target, headers, body bytes) and answers with what the test's handler returns.
 * It is closed when the test that started it finishes.
 */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

export interface Received {
  method: string;
  /** The request target as sent on the wire: path and query, undecoded. */
  target: string;
  /** The decoded path. */
  path: string;
  /** The decoded query. */
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Reply {
  status?: number;
  /** Sent as JSON unless it is a string. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestServer {
  /** Base URL, e.g. `http://127.0.0.1:39123`. */
  url: string;
  requests: Received[];
}

export async function startServer(handler: (request: Received) => Reply | Promise<Reply>): Promise<TestServer> {
  const requests: Received[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = req.url ?? '/';
    const parsed = new URL(target, 'http://localhost');
    const request: Received = {
      method: req.method ?? '',
      target,
      path: decodeURIComponent(parsed.pathname),
      query: parsed.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks),
    };
    requests.push(request);
    const reply = await handler(request);
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? null);
    res
      .writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers })
      .end(reply.body === undefined ? undefined : text);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/** A PStream success envelope. */
export function ok(result: unknown): Reply {
  return { body: { status: 200, msg: 'OK', result } };
}
