/**
 * A real HTTP server on 127.0.0.1 (a free port) for the tests of every package. It records each
 * request in one shape, {@link RecordedRequest}, and answers it with the next scripted reply,
 * else with the handler's reply, else with `fallback`. A reply is a status, headers and body
 * (possibly late), or a fault: a reset, a closed socket, a body cut short. The server closes
 * itself when the test that started it finishes.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

/** A request as the server received it. */
export interface RecordedRequest {
  method: string;
  /** The request target exactly as sent on the wire: path and raw (still percent-encoded) query. */
  url: string;
  /** The decoded path, without the query. */
  path: string;
  /** The decoded query. */
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The raw body bytes. */
  body: Buffer;
  /** The body as UTF-8 text. */
  text: string;
}

/** An HTTP response to send. */
export interface HttpReply {
  status?: number;
  /** The reason phrase. */
  statusText?: string;
  headers?: Record<string, string>;
  /**
   * A string or Buffer is sent as is (with the `headers` given), anything else as JSON (with
   * `content-type: application/json`); undefined sends no body.
   */
  body?: unknown;
  /** Wait this long (real time) before sending the headers. */
  delayMs?: number;
  /** Send the headers at once, then wait this long (real time) before sending the body. */
  bodyDelayMs?: number;
}

/** A connection fault instead of a response. */
export interface FaultReply {
  /**
   * `reset`: the connection is reset (RST) before any response; `close`: the socket is closed
   * before any response; `reset-mid-body`: the headers and part of the body are sent, then
   * the socket is closed.
   */
  fault: 'reset' | 'close' | 'reset-mid-body';
}

/** What the server answers a request with. */
export type Reply = HttpReply | FaultReply;

/** A reply, or a function that decides it from the request (and its index, from 0). */
export type Script = Reply | ((request: RecordedRequest, index: number) => Reply | Promise<Reply>);

/** Decides the reply to every request not answered by a queued one. */
export type Handler = (request: RecordedRequest, index: number) => Reply | Promise<Reply>;

/** How {@link startServer} answers. */
export interface ServerOptions {
  /** Answers every request no queued reply is left for (default: a 418 saying none was scripted). */
  fallback?: Script;
}

/** A running test server. */
export interface TestServer {
  /** The base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Every request received so far, in order. */
  readonly requests: RecordedRequest[];
  /** Queues replies, used one per request in order; then `fallback` answers. */
  reply(...scripts: Script[]): void;
  /** Resolves once the server has received `count` requests. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

const UNSCRIPTED: Reply = { status: 418, body: { message: 'no reply scripted for this request' } };

/**
 * Starts a server. Pass a function to answer every request with it, or options with a
 * `fallback`; queue replies with `reply()` in either case.
 */
export async function startServer(options: ServerOptions | Handler = {}): Promise<TestServer> {
  const fallback: Script = typeof options === 'function' ? options : (options.fallback ?? UNSCRIPTED);
  const requests: RecordedRequest[] = [];
  const queue: Script[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const waiters: Array<{ count: number; resolve: () => void }> = [];

  const later = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const target = new URL(req.url ?? '/', 'http://127.0.0.1');
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      path: decodeURIComponent(target.pathname),
      query: target.searchParams,
      headers: req.headers,
      body,
      text: body.toString('utf8'),
    };
    const index = requests.push(recorded) - 1;
    for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    const script = queue.shift() ?? fallback;
    const reply = typeof script === 'function' ? await script(recorded, index) : script;
    await send(req, res, reply);
  }

  async function send(req: IncomingMessage, res: ServerResponse, reply: Reply) {
    if ('fault' in reply) {
      if (reply.fault === 'reset') req.socket.resetAndDestroy();
      else if (reply.fault === 'close') req.socket.destroy();
      else {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"items":[{"id":"1"', () => res.socket?.destroy());
      }
      return;
    }
    const { status = 200, statusText, headers = {}, body, delayMs = 0, bodyDelayMs = 0 } = reply;
    let payload: Buffer;
    const type: Record<string, string> = {};
    if (body === undefined) payload = Buffer.alloc(0);
    else if (Buffer.isBuffer(body)) payload = body;
    else if (typeof body === 'string') payload = Buffer.from(body);
    else {
      payload = Buffer.from(JSON.stringify(body));
      type['content-type'] = 'application/json';
    }
    if (delayMs) await later(delayMs);
    if (res.destroyed) return;
    const head = { ...type, ...headers, 'content-length': String(payload.length) };
    if (statusText === undefined) res.writeHead(status, head);
    else res.writeHead(status, statusText, head);
    if (bodyDelayMs) {
      res.flushHeaders();
      await later(bodyDelayMs);
      if (res.destroyed) return;
    }
    res.end(payload);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(599, { 'content-type': 'text/plain' });
      res.end(`test server failure: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closed;
  };
  // Started in a test, it closes when that test finishes; started in a hook, the hook closes it.
  try {
    onTestFinished(close);
  } catch {
    // not inside a test
  }

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (...scripts) => {
      queue.push(...scripts);
    },
    waitForRequests: (count) =>
      requests.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    close,
  };
}

/** A base URL on which nothing listens: connecting to it is refused. */
export async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** The file part named `field` of a multipart request: its bytes and file name. */
export async function filePart(request: RecordedRequest, field = 'file'): Promise<{ bytes: Buffer; filename: string }> {
  const form = await new Request('http://127.0.0.1/', {
    method: 'POST',
    headers: { 'content-type': String(request.headers['content-type']) },
    body: new Uint8Array(request.body),
  }).formData();
  const file = form.get(field);
  if (!(file instanceof File)) throw new Error(`the request has no file part "${field}"`);
  return { bytes: Buffer.from(await file.arrayBuffer()), filename: file.name };
}
