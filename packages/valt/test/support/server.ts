/**
 * A real HTTP server on 127.0.0.1 for the unit tests: each request is answered by the test's
 * handler (which may wait, or drop the connection) and recorded. It closes when the test ends.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

/** A request as the server received it. */
export interface ReceivedRequest {
  method: string;
  /** The path, without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A response (JSON unless `body` is a string), or `'reset'` to drop the connection without one. */
export type Reply = { status?: number; body?: unknown } | 'reset';

export type Handler = (request: ReceivedRequest) => Reply | Promise<Reply>;

export interface TestServer {
  readonly url: string;
  /** Every request received so far, in order. */
  readonly requests: ReceivedRequest[];
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const request = {
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks),
    };
    requests.push(request);
    let reply: Reply;
    try {
      reply = await handler(request);
    } catch (error) {
      reply = { status: 599, body: `test handler failed: ${String(error)}` };
    }
    if (reply === 'reset') {
      req.socket.resetAndDestroy();
      return;
    }
    const { status = 200, body } = reply;
    if (body === undefined) res.writeHead(status).end();
    else if (typeof body === 'string') res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
    else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/** The `file` part of a multipart chunk upload: its bytes and file name. */
export async function filePart(request: ReceivedRequest): Promise<{ bytes: Buffer; filename: string }> {
  const form = await new Request('http://localhost/', {
    method: 'POST',
    headers: { 'content-type': String(request.headers['content-type']) },
    body: new Uint8Array(request.body),
  }).formData();
  const file = form.get('file');
  if (!(file instanceof File)) throw new Error('the request has no file part');
  return { bytes: Buffer.from(await file.arrayBuffer()), filename: file.name };
}

/** A promise with its resolve function, to hold a reply until the test releases it. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
