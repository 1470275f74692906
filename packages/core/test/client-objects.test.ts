/**
 * The objects a client hands out and takes in, whatever the transport: every reading of the
 * Response it returns (openapi-fetch's `parseAs` options, `body`, `clone()`, `bodyUsed`...),
 * requests built or changed by middleware, and which fetch is used when none is passed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiKeyHeader, NotFoundError, unwrap } from '../src/index.js';
import { testClient } from './support/api.js';
import { startServer } from './support/server.js';

const item = { id: '1', name: 'first' };
const itemText = JSON.stringify(item);

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the Response a call returns', () => {
  it('reads as every parseAs of openapi-fetch', async () => {
    const server = await startServer({ fallback: { body: item } });
    const { client } = testClient(server);
    const get = <P extends 'json' | 'text' | 'blob' | 'arrayBuffer' | 'stream'>(parseAs: P) =>
      client.GET('/items/{id}', { params: { path: { id: '1' } }, parseAs });

    expect((await get('json')).data).toEqual(item);
    expect((await get('text')).data).toBe(itemText);
    const blob = (await get('blob')).data as Blob;
    expect(blob.type).toBe('application/json');
    expect(await blob.text()).toBe(itemText);
    expect(new TextDecoder().decode((await get('arrayBuffer')).data as ArrayBuffer)).toBe(itemText);
    const stream = (await get('stream')).data as ReadableStream<Uint8Array>;
    expect(await new Response(stream).text()).toBe(itemText);
  });

  it('hands a streamed body over live: clone(), bodyUsed, one reading only', async () => {
    const server = await startServer({ fallback: { body: item, headers: { 'x-request-id': 'r1' } } });
    const { client } = testClient(server);

    const { response } = await client.GET('/items/{id}', { params: { path: { id: '1' } }, parseAs: 'stream' });

    expect(response).toBeInstanceOf(Response);
    expect(response.bodyUsed).toBe(false);
    const copy = response.clone();
    expect(copy.status).toBe(200);
    expect(copy.headers.get('x-request-id')).toBe('r1');
    expect(await copy.json()).toEqual(item);
    expect(response.body).toBeInstanceOf(ReadableStream);
    expect(new TextDecoder().decode(await response.arrayBuffer())).toBe(itemText);
    expect(response.bodyUsed).toBe(true);
    await expect(response.blob()).rejects.toThrow(TypeError);
    await expect(response.json()).rejects.toThrow(TypeError);
  });

  it('reads a JSON response once, then serves json() and text() again from memory', async () => {
    const server = await startServer({ fallback: { body: item } });
    const { client } = testClient(server);

    const { data, response } = await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(data).toEqual(item);
    expect(await response.json()).toEqual(item);
    expect(await response.text()).toBe(itemText);
  });

  it('describes the buffered, decoded body in its headers', async () => {
    const server = await startServer({ fallback: { body: item } });
    const { client } = testClient(server);

    const { response } = await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(response.headers.get('content-length')).toBe(String(itemText.length));
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.has('content-encoding')).toBe(false);
    expect(response.headers.has('transfer-encoding')).toBe(false);
  });

  it('reads a multipart answer with formData()', async () => {
    const form = new FormData();
    form.append('a', '1');
    const reply = new Response(form);
    const body = Buffer.from(await reply.arrayBuffer());
    const server = await startServer({
      fallback: { body, headers: { 'content-type': reply.headers.get('content-type') ?? '' } },
    });
    const { client } = testClient(server);

    const { response } = await client.GET('/items/{id}', { params: { path: { id: '1' } }, parseAs: 'stream' });

    expect((await response.formData()).get('a')).toBe('1');
  });

  it('is already read for platform code that reads a Response itself; its clone() is not', async () => {
    const server = await startServer({ fallback: { body: item } });
    const { client } = testClient(server);

    const { response } = await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    // What a Worker returning it or `cache.put()` would do: fail, rather than see an empty body.
    await expect(Response.prototype.text.call(response)).rejects.toThrow(TypeError);
    expect(await Response.prototype.text.call(response.clone())).toBe(itemText);
    expect(await response.text()).toBe(itemText);
  });

  it('has no body for a 204', async () => {
    const server = await startServer({ fallback: { status: 204 } });
    const { client } = testClient(server);

    const { response } = await client.DELETE('/items/{id}', { params: { path: { id: '1' } } });

    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
    expect(await response.text()).toBe('');
  });
});

describe('requests built or changed by middleware', () => {
  it('sends the body of a Request a middleware put in place of the original', async () => {
    const server = await startServer({ fallback: { status: 201, body: item } });
    const { client } = testClient(server);

    await client.POST('/items', {
      body: { name: 'original' },
      middleware: [
        {
          onRequest: ({ request }) =>
            new Request(request.url, { method: 'POST', headers: request.headers, body: '{"name":"replaced"}' }),
        },
      ],
    });

    expect(server.requests[0]?.body.toString()).toBe('{"name":"replaced"}');
  });

  it('sends the body of a request a middleware read through clone()', async () => {
    const server = await startServer({ fallback: { status: 201, body: item } });
    const { client } = testClient(server);
    const seen: unknown[] = [];

    await client.POST('/items', {
      body: { name: 'logged' },
      middleware: [{ onRequest: async ({ request }) => void seen.push(await request.clone().json()) }],
    });

    expect(seen).toEqual([{ name: 'logged' }]);
    expect(server.requests[0]?.body.toString()).toBe('{"name":"logged"}');
  });

  it('sends headers a middleware set on the request, and a body in any encoding', async () => {
    const server = await startServer({ fallback: { status: 201, body: item } });
    const { client } = testClient(server);
    const name = 'café ☕ — 雪 \u{1F600}';

    await client.POST('/items', {
      body: { name },
      middleware: [{ onRequest: ({ request }) => void request.headers.set('X-Trace', 't-1') }],
    });

    expect(server.requests[0]?.headers['x-trace']).toBe('t-1');
    expect(server.requests[0]?.body.equals(Buffer.from(JSON.stringify({ name })))).toBe(true);
  });

  it('rejects, as fetch would, when a middleware used up the body without clone()', async () => {
    const server = await startServer({ fallback: { status: 201, body: item } });
    const { client } = testClient(server);

    const call = client.POST('/items', {
      body: { name: 'x' },
      middleware: [{ onRequest: async ({ request }) => void (await request.text()) }],
    });

    await expect(call).rejects.toThrow(TypeError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('responses a middleware made', () => {
  const missing = () =>
    new Response(JSON.stringify({ title: 'no such item' }), {
      status: 404,
      headers: { 'content-type': 'application/json' },
    });

  it.each(['per call', 'on the client'])('are described for unwrap() (middleware %s)', async (where) => {
    const server = await startServer({ fallback: { body: item } });
    const { client } = testClient(server);
    const middleware = { onRequest: missing };
    if (where === 'on the client') client.use(middleware);

    const call = client.GET('/items/{id}', {
      params: { path: { id: '7' } },
      ...(where === 'per call' ? { middleware: [middleware] } : {}),
    });
    const error = await unwrap(call).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ method: 'GET', path: '/items/{id}', url: `${server.url}/items/7` });
    expect(server.requests).toHaveLength(0);
  });
});

describe('request headers', () => {
  it('carry the multipart type and boundary the Request gave a FormData body', async () => {
    const server = await startServer({ fallback: { status: 201, body: item } });
    const { client } = testClient(server);
    const form = new FormData();
    form.set('name', 'from a form');

    await client.POST('/items', { body: form as never });

    const type = String(server.requests[0]?.headers['content-type']);
    expect(type).toMatch(/^multipart\/form-data; boundary=/);
    const boundary = type.split('boundary=')[1] as string;
    expect(server.requests[0]?.body.toString()).toContain(`--${boundary}`);
    expect(server.requests[0]?.body.toString()).toContain('from a form');
  });

  it('carry the type the Request gave a string body whose Content-Type was unset', async () => {
    const server = await startServer({ fallback: { status: 201, body: item } });
    const { client } = testClient(server);

    await client.POST('/items', { body: { name: 'x' }, headers: { 'Content-Type': null } as never });

    expect(server.requests[0]?.headers['content-type']).toBe('text/plain;charset=UTF-8');
    expect(server.requests[0]?.body.toString()).toBe('{"name":"x"}');
  });

  it('are sent with credentials on every attempt, which the request a middleware sees never holds', async () => {
    const server = await startServer({ fallback: { status: 503 } });
    const key = 'pipe-key-5f1c2e9a';
    const { client } = testClient(server, { auth: apiKeyHeader('X-PIPE-AUTH', key) });
    const seen: (string | null)[] = [];
    client.use({ onResponse: ({ request }) => void seen.push(request.headers.get('x-pipe-auth')) });

    await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(server.requests.map((r) => r.headers['x-pipe-auth'])).toEqual([key, key, key]);
    expect(seen).toEqual([null]);
  });

  it('start from the request headers on every attempt, whatever the strategy added before', async () => {
    const server = await startServer();
    server.reply({ status: 503 }, { status: 503 }, { body: item });
    const { client } = testClient(server, {
      auth: { apply: ({ headers }) => headers.append('X-Signature', 'sig'), secrets: () => [] },
    });

    await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(server.requests.map((r) => r.headers['x-signature'])).toEqual(['sig', 'sig', 'sig']);
  });
});

describe("a call's fetch options", () => {
  /** A fetch that records the init of every request and sends it with the platform's fetch. */
  const recordingFetch = () => {
    const inits: RequestInit[] = [];
    const spy = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
      inits.push({ ...init });
      return fetch(input, init);
    });
    return { spy, inits };
  };
  const options = {
    cache: 'no-store',
    credentials: 'include',
    keepalive: true,
    referrerPolicy: 'no-referrer',
    priority: 'high',
    // A custom fetch's own option (as Next.js reads `next`): passed on as given.
    next: { revalidate: 60 },
  } as const;

  it('reach fetch on every attempt and every redirect hop', async () => {
    const server = await startServer();
    server.reply({ status: 307, headers: { location: '/items/2' } }, { status: 503 }, { body: item });
    const { spy, inits } = recordingFetch();
    const { client } = testClient(server, { fetch: spy, auth: apiKeyHeader('X-PIPE-AUTH', 'pipe-key-5f1c2e9a') });

    const { data } = await client.GET('/items/{id}', { params: { path: { id: '1' } }, ...(options as object) });

    expect(data).toEqual(item);
    expect(server.requests.map((r) => r.path)).toEqual(['/items/1', '/items/2', '/items/1']);
    expect(inits).toHaveLength(3);
    for (const init of inits) {
      expect(init).toMatchObject({ ...options, method: 'GET', redirect: 'manual' });
      expect(init.signal).toBeInstanceOf(AbortSignal);
    }
  });

  it('reach fetch as a middleware left them, and as it changed them', async () => {
    const server = await startServer({ fallback: { body: item } });
    const { spy, inits } = recordingFetch();
    const { client } = testClient(server, { fetch: spy });
    client.use({
      onRequest: ({ request }) =>
        request.url.endsWith('/2') ? new Request(request, { credentials: 'omit', cache: 'reload' }) : undefined,
    });

    await client.GET('/items/{id}', { params: { path: { id: '1' } }, ...(options as object) });
    await client.GET('/items/{id}', { params: { path: { id: '2' } }, ...(options as object) });

    expect(inits[0]).toMatchObject(options);
    // The Request a middleware put in its place is sent as it is: what it kept (keepalive), what
    // it changed, not what a Request built with an init resets (the referrer policy), nor what
    // the call's init held for the request it replaced (fetch(request) would not send those).
    expect(inits[1]).toMatchObject({ credentials: 'omit', cache: 'reload', keepalive: true });
    expect(Object.keys(inits[1] ?? {}).sort()).toEqual(
      ['body', 'cache', 'credentials', 'headers', 'keepalive', 'method', 'redirect', 'signal'].sort(),
    );
  });

  it('are acted on by the platform fetch: a referrer is sent as Referer', async () => {
    const server = await startServer({ fallback: { body: item } });
    const { client } = testClient(server);
    const referrer = `${server.url}/page`;

    await client.GET('/items/{id}', { params: { path: { id: '1' } }, referrer });
    client.use({ onRequest: () => undefined });
    await client.GET('/items/{id}', { params: { path: { id: '2' } }, referrer });

    expect(server.requests.map((r) => r.headers.referer)).toEqual([referrer, referrer]);
  });

  it('are refused before anything is sent when fetch would refuse them', async () => {
    const server = await startServer({ fallback: { body: item } });
    const { spy } = recordingFetch();
    const { client } = testClient(server, { fetch: spy });

    await expect(
      client.GET('/items/{id}', { params: { path: { id: '1' } }, mode: 'navigate' as RequestMode }),
    ).rejects.toThrow(TypeError);
    expect(spy).not.toHaveBeenCalled();
    expect(server.requests).toHaveLength(0);
  });
});

describe('the transport', () => {
  it('is the globalThis.fetch of the time of the call (a mock, an interceptor installed later)', async () => {
    const server = await startServer({ fallback: { body: item } });
    const { client } = testClient(server, { fetch: undefined });
    const realFetch = globalThis.fetch;
    const spy = vi.fn((input: RequestInfo | URL, init?: RequestInit) => realFetch(input, init));
    vi.stubGlobal('fetch', spy);

    const { data } = await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(data).toEqual(item);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(String(spy.mock.calls[0]?.[0])).toBe(`${server.url}/items/1`);
  });

  it('is not used when a fetch is passed', async () => {
    const server = await startServer({ fallback: { body: item } });
    const spy = vi.fn((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
    const { client } = testClient(server, { fetch: spy });

    await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(spy).toHaveBeenCalledTimes(1);
  });
});
