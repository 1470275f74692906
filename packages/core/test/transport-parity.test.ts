/**
 * The Node transport (node-send.ts) against `fetch` itself: the same request, sent both ways to a
 * real server, must reach it byte for byte the same (method, path, raw header list in order,
 * body; every hop of a redirect), and must come back the same (status, reason phrase, headers,
 * decoded body), or fail the same (error name, message, and its cause's name, code and message).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeSend, isNodeFetch } from '../src/node-send.js';
import { type OutgoingRequest, type Send, sendWithFetch } from '../src/send.js';
import { refusingUrl } from './support/server.js';

/** What the server saw of one request. */
interface Seen {
  method: string;
  url: string;
  rawHeaders: [string, string][];
  body: string;
}

/**
 * A raw header list as `[name, value]` pairs, names in lower case, sorted by name (stable, so the
 * values of one name keep their order). fetch writes the caller's header names in the case and
 * order they were first set in; the Node transport reads them through the Headers API, which
 * only gives them lower-cased and sorted. HTTP makes no difference between the two (names are
 * case-insensitive, and the order of different names carries no meaning).
 */
function headerList(raw: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([(raw[i] as string).toLowerCase(), raw[i + 1] as string]);
  return pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

/** A server whose handler is picked by the first path segment, recording every request. */
async function startRecordingServer(handlers: Record<string, Handler>) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        rawHeaders: headerList(req.rawHeaders),
        body: body.toString('hex'),
      });
      const name = (req.url ?? '/').split(/[/?#]/)[1] ?? '';
      const handler = handlers[name];
      if (handler) handler(req, res, body);
      else res.writeHead(404).end('no handler');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

type Server = Awaited<ReturnType<typeof startRecordingServer>>;

interface Call {
  path: string;
  method?: string;
  headers?: Record<string, string> | [string, string][];
  body?: string | Uint8Array;
  redirect?: RequestRedirect;
  abort?: AbortController;
}

function outgoing(base: string, call: Call): OutgoingRequest {
  const body = typeof call.body === 'string' ? new TextEncoder().encode(call.body) : call.body;
  return {
    url: new URL(call.path, base),
    method: call.method ?? 'GET',
    headers: new Headers(call.headers),
    body: body === undefined ? undefined : (body.slice().buffer as ArrayBuffer),
    signal: (call.abort ?? new AbortController()).signal,
    redirect: call.redirect ?? 'follow',
  };
}

/** What a send gave back, in a comparable form. */
async function outcome(send: Send, request: OutgoingRequest) {
  try {
    const response = await send(request);
    return {
      status: response.status,
      statusText: response.statusText,
      // Date is the server's clock: it may tick between the two sends.
      headers: [...response.headers].filter(([name]) => name !== 'date'),
      setCookie: response.headers.getSetCookie(),
      body: Buffer.from(response.body).toString('hex'),
    };
  } catch (error) {
    return { error: describeError(error) };
  }
}

function describeError(error: unknown): unknown {
  if (!(error instanceof Error)) return { thrown: String(error) };
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    ...(code === undefined ? {} : { code }),
    ...(error.cause === undefined ? {} : { cause: describeError(error.cause) }),
  };
}

const UNDICI_MAJOR = Number(process.versions.undici?.split('.')[0]);
const viaFetch = sendWithFetch(globalThis.fetch);
const viaNode = createNodeSend(globalThis.fetch);

let server: Server;
let other: Server;
/** Called once /slow has received a request, or /slowbody has sent the start of its body. */
let onSlowRequest: (() => void) | undefined;

/** Sends `call` both ways; returns what each got back and what the servers saw for each. */
async function both(call: Call | (() => Call), base = () => server.url) {
  const results = [];
  for (const send of [viaFetch, viaNode]) {
    server.seen.length = 0;
    other.seen.length = 0;
    const result = await outcome(send, outgoing(base(), typeof call === 'function' ? call() : call));
    results.push({ result, seen: [...server.seen], seenElsewhere: [...other.seen] });
  }
  const [fetched, sent] = results as [(typeof results)[0], (typeof results)[0]];
  return { fetched, sent };
}

/** Expects both ways to agree, and returns what fetch got. */
async function expectSame(call: Call | (() => Call), base?: () => string) {
  const { fetched, sent } = await both(call, base);
  expect(sent).toEqual(fetched);
  return fetched;
}

const json = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) => {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(body.length), ...headers });
  res.end(body);
};

const encoded = (encoding: string, body: Buffer) => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
  res.end(body);
};

const payload = Buffer.from(
  JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ id: i, name: `ü ${i}` })) }),
);

beforeAll(async () => {
  other = await startRecordingServer({
    landing: (_req, res) => json(res, 200, { landed: true }),
  });
  server = await startRecordingServer({
    echo: (req, res, body) => json(res, 200, { method: req.method, length: body.length }, { 'x-echo': 'yes' }),
    created: (_req, res) => json(res, 201, { id: '1' }, { location: '/items/1' }),
    status: (req, res) => {
      const [, , code = '200', reason] = (req.url ?? '').split('/');
      const status = Number(code.split('?')[0]);
      const text = reason ? decodeURIComponent(reason) : undefined;
      if (status === 204 || status === 304) {
        if (text) res.writeHead(status, text).end();
        else res.writeHead(status).end();
        return;
      }
      const body = JSON.stringify({ status });
      const headers = { 'content-type': 'application/json', 'content-length': String(body.length) };
      if (text) res.writeHead(status, text, headers).end(body);
      else res.writeHead(status, headers).end(body);
    },
    multi: (_req, res) => {
      res.setHeader('set-cookie', ['a=1; Path=/', 'b=2; HttpOnly']);
      res.setHeader('x-multi', ['one', 'two']);
      res.setHeader('x-latin1', 'caf\u00e9');
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end('multi');
    },
    chunked: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"a":');
      setTimeout(() => res.end('1}'), 5);
    },
    big: (_req, res) => {
      const body = Buffer.alloc(1024 * 1024, 'x');
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) });
      res.end(body);
    },
    gzip: encoded('gzip', gzipSync(payload)),
    xgzip: encoded('x-gzip', gzipSync(payload)),
    deflate: encoded('deflate', deflateSync(payload)),
    deflateraw: encoded('deflate', deflateRawSync(payload)),
    br: encoded('br', brotliCompressSync(payload)),
    twice: encoded('deflate, gzip', gzipSync(deflateSync(payload))),
    unknown: encoded('compress', payload),
    identity: encoded('identity', payload),
    emptygzip: encoded('gzip', Buffer.alloc(0)),
    truncated: encoded('gzip', gzipSync(payload).subarray(0, 40)),
    badgzip: encoded('gzip', Buffer.from('not gzip at all')),
    toomany: encoded('gzip, gzip, gzip, gzip, gzip, gzip', payload),
    headgzip: (_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': '20' });
      res.end();
    },
    redirect: (req, res) => {
      // /redirect/<status>/<target...>: answers <status> with Location <target>.
      const [, , status = '302', ...rest] = (req.url ?? '').split('/');
      const target = decodeURIComponent(rest.join('/'));
      res.writeHead(Number(status), { location: target, 'content-type': 'text/plain' });
      res.end('moving');
    },
    rawlocation: (_req, res) => {
      // A Location sent as raw UTF-8 bytes, as some servers do (Node writes header values as latin1).
      res.writeHead(302, { location: Buffer.from('/echo/café').toString('latin1'), 'content-length': '0' });
      res.end();
    },
    nolocation: (_req, res) => {
      res.writeHead(302, { 'content-type': 'text/plain' });
      res.end('no location');
    },
    loop: (req, res) => {
      const n = Number((req.url ?? '').split('/')[2] ?? 0);
      res.writeHead(302, { location: `/loop/${n + 1}` });
      res.end();
    },
    reset: (req) => req.socket.resetAndDestroy(),
    close: (req) => req.socket.destroy(),
    midbody: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"items":[{"id":"1"', () => res.socket?.destroy());
    },
    // These two never finish on their own: the test aborts once the server has the request (and
    // has sent the headers), so both sends see the same thing however slow the machine is.
    slow: () => onSlowRequest?.(),
    slowbody: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '20' });
      res.write('{"partial":', () => onSlowRequest?.());
    },
  });
});

afterAll(async () => {
  await Promise.all([server.close(), other.close()]);
});

describe('the Node transport is used only on Node’s own fetch', () => {
  it('recognises Node’s fetch, and nothing else', () => {
    expect(isNodeFetch(globalThis.fetch)).toBe(true);
    expect(isNodeFetch(async () => new Response())).toBe(false);
    expect(isNodeFetch((...args: Parameters<typeof fetch>) => globalThis.fetch(...args))).toBe(false);
    expect(isNodeFetch(undefined)).toBe(false);
  });

  it('sends other URL schemes through fetch', async () => {
    const result = await outcome(viaNode, outgoing('data:,', { path: 'data:application/json,%7B%22a%22%3A1%7D' }));
    expect(result).toMatchObject({ status: 200, body: Buffer.from('{"a":1}').toString('hex') });
  });
});

describe('requests reach the server the same way', () => {
  it.each<[string, Call]>([
    ['a GET with a query', { path: '/echo?limit=5&tag=a&tag=b&q=caf%C3%A9' }],
    ['a GET with headers in mixed case', { path: '/echo', headers: { 'X-Api-Key': 'k', Authorization: 'Bearer t' } }],
    [
      'a POST with a JSON body',
      { path: '/echo', method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } },
    ],
    ['a POST with an empty body', { path: '/echo', method: 'POST', body: '' }],
    ['a POST without a body', { path: '/echo', method: 'POST' }],
    ['a PUT with a binary body', { path: '/echo', method: 'PUT', body: Uint8Array.from({ length: 256 }, (_, i) => i) }],
    ['a PATCH without a body', { path: '/echo', method: 'PATCH' }],
    ['a DELETE', { path: '/echo/1', method: 'DELETE' }],
    ['a HEAD', { path: '/echo', method: 'HEAD' }],
    ['an OPTIONS', { path: '/echo', method: 'OPTIONS' }],
    ['a URL ending in "?"', { path: '/echo?' }],
    ['a URL with a fragment', { path: '/echo?a=1#part' }],
    ['an encoded path', { path: '/echo/a%20b/%E2%9C%93' }],
    [
      'conditional headers',
      { path: '/echo', headers: { 'if-none-match': '"x"', 'if-modified-since': 'Wed, 21 Oct 2015 07:28:00 GMT' } },
    ],
    [
      'cache headers already set',
      { path: '/echo', headers: { 'if-match': '"x"', pragma: 'p', 'cache-control': 'max-age=1' } },
    ],
    ['a Range header', { path: '/echo', headers: { range: 'bytes=0-1' } }],
    ['a Range header and Accept-Encoding', { path: '/echo', headers: { range: 'bytes=0-1', 'accept-encoding': 'br' } }],
    [
      'the caller’s Accept, Accept-Language and User-Agent',
      { path: '/echo', headers: { accept: 'application/json', 'accept-language': 'fr', 'user-agent': 'me/1.0' } },
    ],
    [
      'a Host and a Sec-Fetch-Mode of the caller',
      { path: '/echo', headers: { host: 'example.com', 'sec-fetch-mode': 'navigate' } },
    ],
    [
      'repeated headers',
      {
        path: '/echo',
        headers: [
          ['x-a', '1'],
          ['x-a', '2'],
          ['cookie', 'a=1'],
          ['cookie', 'b=2'],
        ],
      },
    ],
  ])('%s', async (_what, call) => {
    const fetched = await expectSame(call);
    expect(fetched.seen).toHaveLength(1);
  });

  it('a multipart body built by a Request, with its bytes', async () => {
    const form = new FormData();
    form.append('name', 'video');
    form.append('file', new Blob([Uint8Array.from([0, 1, 2, 255])], { type: 'video/mp4' }), 'clip.mp4');
    const request = new Request('http://x/', { method: 'POST', body: form });
    const body = new Uint8Array(await request.arrayBuffer());
    const fetched = await expectSame({ path: '/echo', method: 'POST', headers: [...request.headers], body });
    expect(fetched.result).toMatchObject({ status: 200 });
    expect(Buffer.from(fetched.seen[0]?.body ?? '', 'hex').toString('latin1')).toContain('filename="clip.mp4"');
  });
});

describe('responses come back the same', () => {
  it.each([
    ['200 with a reason phrase of its own', '/status/200/All%20good'],
    ['201 with a Location', '/created'],
    ['204', '/status/204'],
    ['304', '/status/304'],
    ['404 with a JSON body', '/status/404'],
    ['500 with a reason phrase', '/status/500/Broken'],
    ['repeated headers, cookies and latin1 values', '/multi'],
    ['a chunked body', '/chunked'],
    ['a 1 MiB body', '/big'],
  ])('%s', async (_what, path) => {
    await expectSame({ path });
  });

  it.each([
    ['gzip', '/gzip'],
    ['x-gzip', '/xgzip'],
    ['deflate (zlib)', '/deflate'],
    ['deflate (raw)', '/deflateraw'],
    ['br', '/br'],
    ['two codings', '/twice'],
    ['an unknown coding (body as sent)', '/unknown'],
    ['identity', '/identity'],
    ['an empty gzip body', '/emptygzip'],
    ['a truncated gzip body', '/truncated'],
    ['a body that is not gzip', '/badgzip'],
    ['more than five codings', '/toomany'],
  ])('decodes %s as fetch does', async (_what, path) => {
    const fetched = await expectSame({ path });
    if (['/gzip', '/xgzip', '/deflate', '/deflateraw', '/br', '/twice'].includes(path)) {
      expect(fetched.result).toMatchObject({ status: 200, body: payload.toString('hex') });
    }
  });

  it('does not decode the (absent) body of a HEAD', async () => {
    await expectSame({ path: '/headgzip', method: 'HEAD' });
  });
});

describe('redirects are followed as fetch follows them', () => {
  const to = (status: number, target: string) => `/redirect/${status}/${encodeURIComponent(target)}`;

  it.each([301, 302, 303, 307, 308])('%i on a GET', async (status) => {
    const fetched = await expectSame({ path: to(status, '/echo?after=redirect'), headers: { 'x-api-key': 'k' } });
    expect(fetched.seen.map((s) => s.url)).toEqual([to(status, '/echo?after=redirect'), '/echo?after=redirect']);
  });

  /**
   * A redirect that keeps the body (307 and 308, and 301 and 302 for methods other than POST)
   * sends it again. Node 20's fetch (undici 6) cannot: it fails with "Cannot perform
   * ArrayBuffer.prototype.slice on a detached ArrayBuffer". Node 24's fetch re-sends the body,
   * and so does the Node transport on both; where fetch fails, the Node transport must have
   * done exactly what Node 24's fetch does.
   */
  async function expectSameOrBodyResent(call: Call, methods: string[]) {
    const { fetched, sent } = await both(call);
    const fetchFailed = JSON.stringify(fetched.result).includes('detached ArrayBuffer');
    if (!fetchFailed) expect(sent).toEqual(fetched);
    expect(sent.result).toMatchObject({ status: 200 });
    expect(sent.seen.map((s) => s.method)).toEqual(methods);
    if (methods[1] !== 'GET') expect(sent.seen[1]?.body).toBe(sent.seen[0]?.body);
    if (fetchFailed) expect(UNDICI_MAJOR).toBeLessThan(7);
  }

  it.each([301, 302, 303, 307, 308])('%i on a POST with a JSON body', async (status) => {
    await expectSameOrBodyResent(
      {
        path: to(status, '/echo'),
        method: 'POST',
        body: '{"a":1}',
        headers: { 'content-type': 'application/json', 'content-language': 'fr' },
      },
      ['POST', status === 307 || status === 308 ? 'POST' : 'GET'],
    );
  });

  it.each([301, 303, 307])('%i on a PUT', async (status) => {
    await expectSameOrBodyResent({ path: to(status, '/echo'), method: 'PUT', body: 'x' }, [
      'PUT',
      status === 303 ? 'GET' : 'PUT',
    ]);
  });

  it('a relative Location, and the request’s fragment carried over', async () => {
    await expectSame({ path: `${to(302, '../../echo/relative')}#frag` });
  });

  it('a Location with a fragment of its own', async () => {
    await expectSame({ path: `${to(302, '/echo#there')}#here` });
  });

  it('to another origin: Authorization and Cookie are dropped, other headers kept', async () => {
    const fetched = await expectSame(() => ({
      path: to(302, `${other.url}/landing`),
      headers: { authorization: 'Bearer secret', cookie: 'a=1', 'proxy-authorization': 'x', 'x-api-key': 'kept' },
    }));
    expect(fetched.seenElsewhere).toHaveLength(1);
    const landed = fetched.seenElsewhere[0]?.rawHeaders.map(([name]) => name) ?? [];
    expect(landed).not.toContain('authorization');
    expect(landed).not.toContain('cookie');
    expect(landed).toContain('x-api-key');
  });

  it('a Location in raw UTF-8', async () => {
    const fetched = await expectSame({ path: '/rawlocation' });
    expect(fetched.seen.map((s) => s.url)).toEqual(['/rawlocation', '/echo/caf%C3%A9']);
  });

  it.each([
    ['without a Location (returned as is)', { path: '/nolocation' }],
    ['with redirect: "manual" (returned as is)', { path: to(302, '/echo'), redirect: 'manual' as const }],
    ['with redirect: "error"', { path: to(302, '/echo'), redirect: 'error' as const }],
    ['with redirect: "error" and no Location', { path: '/nolocation', redirect: 'error' as const }],
    ['to a non-HTTP scheme', { path: to(302, 'ftp://example.com/file') }],
    ['to a URL with credentials', { path: to(302, 'http://user:pass@127.0.0.1:9/') }],
    ['to an invalid URL', { path: to(302, 'http://[::1') }],
    ['more than 20 times', { path: '/loop/0' }],
  ])('%s', async (_what, call) => {
    await expectSame(call);
  });
});

describe('failures are reported as fetch reports them', () => {
  it.each([
    ['a reset before the response', '/reset'],
    ['a connection closed before the response', '/close'],
    ['a connection closed in the middle of the body', '/midbody'],
  ])('%s', async (_what, path) => {
    const fetched = await expectSame({ path });
    expect(fetched.result).toHaveProperty('error');
  });

  it('a refused connection', async () => {
    const refusing = await refusingUrl();
    await expectSame({ path: '/echo' }, () => refusing);
  });

  it('an abort before the request is sent, with the abort reason', async () => {
    const reason = new Error('stop');
    await expectSame(() => {
      const abort = new AbortController();
      abort.abort(reason);
      return { path: '/echo', abort };
    });
  });

  it.each([
    ['waiting for the response', '/slow'],
    ['reading the body', '/slowbody'],
  ])('an abort while %s, with the abort reason', async (_what, path) => {
    const reason = new Error('stop');
    try {
      await expectSame(() => {
        const abort = new AbortController();
        onSlowRequest = () => abort.abort(reason);
        return { path, abort };
      });
    } finally {
      onSlowRequest = undefined;
    }
  });
});
