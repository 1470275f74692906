/**
 * Redirects, followed by the transport itself: credentials (the auth strategy's and any the
 * caller's headers hold) go only to hops under the base URL, and every hop obeys fetch's rules
 * for methods and bodies. Real servers on two ports stand for "this API" and "elsewhere".
 */
import { describe, expect, it } from 'vitest';
import { apiKeyHeader, apiKeyQuery, bearerTokenProvider, RedirectError, unwrap } from '../src/index.js';
import { testClient } from './support/api.js';
import { startServer } from './support/server.js';

const KEY = 'pipe-key-5f1c2e9a';

describe('credentials on redirects', () => {
  it.each([301, 302, 303, 307, 308])('are not sent to another host after a %i', async (status) => {
    const elsewhere = await startServer({ fallback: { body: { id: '1', name: 'moved' } } });
    const api = await startServer({ fallback: { status, headers: { location: `${elsewhere.url}/items/1` } } });
    const { client } = testClient(api, { auth: apiKeyHeader('X-PIPE-AUTH', KEY), retry: false });

    const { data } = await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(data).toEqual({ id: '1', name: 'moved' });
    expect(api.requests[0]?.headers['x-pipe-auth']).toBe(KEY);
    expect(elsewhere.requests).toHaveLength(1);
    expect(elsewhere.requests[0]?.headers['x-pipe-auth']).toBeUndefined();
  });

  it('are not sent to a path of the same origin outside the base URL', async () => {
    const server = await startServer();
    server.reply({ status: 302, headers: { location: '/other/place' } }, { body: { id: '1', name: 'other' } });
    const { client } = testClient(
      { url: `${server.url}/v1` },
      { auth: apiKeyHeader('X-PIPE-AUTH', KEY), headers: { Authorization: 'Basic c2VjcmV0OnNlY3JldA==' } },
    );

    await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(server.requests.map((r) => r.url)).toEqual(['/v1/items/1', '/other/place']);
    expect(server.requests[0]?.headers['x-pipe-auth']).toBe(KEY);
    expect(server.requests[0]?.headers.authorization).toBe('Basic c2VjcmV0OnNlY3JldA==');
    // The caller's own Authorization header stays under the base URL too.
    expect(server.requests[1]?.headers['x-pipe-auth']).toBeUndefined();
    expect(server.requests[1]?.headers.authorization).toBeUndefined();
  });

  it('are not sent to a path that only begins like the base path', async () => {
    const server = await startServer();
    server.reply(
      { status: 302, headers: { location: '/v10/items/1' } },
      { status: 302, headers: { location: '/v1?page=2' } },
      { body: { id: '1', name: 'back' } },
    );
    const { client } = testClient({ url: `${server.url}/v1` }, { auth: apiKeyHeader('X-PIPE-AUTH', KEY) });

    await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(server.requests.map((r) => [r.url, r.headers['x-pipe-auth']])).toEqual([
      ['/v1/items/1', KEY],
      ['/v10/items/1', undefined],
      // The base path itself, with a query, is under the base URL.
      ['/v1?page=2', KEY],
    ]);
  });

  it('are sent under a base URL written in another form than its normal one', async () => {
    const server = await startServer({ fallback: { body: { id: '1', name: 'a' } } });
    const { client } = testClient(
      { url: `${server.url}/old/../v1` },
      { auth: apiKeyHeader('X-PIPE-AUTH', KEY), retry: false },
    );

    await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(server.requests.map((r) => [r.url, r.headers['x-pipe-auth']])).toEqual([['/v1/items/1', KEY]]);
  });

  it('are sent again, renewed by the strategy, on a hop that stays under the base URL', async () => {
    const server = await startServer();
    server.reply({ status: 307, headers: { location: `${server.url}/v1/items/2` } }, { body: { id: '2', name: 'b' } });
    let tokens = 0;
    const auth = bearerTokenProvider(async () => ({ value: `token-${++tokens}-abcdef` }));
    const { client } = testClient({ url: `${server.url}/v1` }, { auth });

    await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(server.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/v1/items/1', 'Bearer token-1-abcdef'],
      ['/v1/items/2', 'Bearer token-1-abcdef'],
    ]);
  });

  it('come back when a chain leaves the base URL and returns to it', async () => {
    const elsewhere = await startServer();
    const api = await startServer();
    elsewhere.reply({ status: 302, headers: { location: `${api.url}/items/2` } });
    api.reply({ status: 302, headers: { location: `${elsewhere.url}/bounce` } }, { body: { id: '2', name: 'b' } });
    const { client } = testClient(api, { auth: apiKeyHeader('X-PIPE-AUTH', KEY) });

    await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(api.requests.map((r) => r.headers['x-pipe-auth'])).toEqual([KEY, KEY]);
    expect(elsewhere.requests[0]?.headers['x-pipe-auth']).toBeUndefined();
  });
});

describe('methods and bodies on redirects', () => {
  it.each([307, 308])('a %i sends the same method and body bytes again', async (status) => {
    const server = await startServer();
    server.reply({ status, headers: { location: '/items/moved' } }, { status: 201, body: { id: '9', name: 'x' } });
    const { client } = testClient(server);

    const { data } = await client.POST('/items', { body: { name: 'x' } });

    expect(data).toEqual({ id: '9', name: 'x' });
    expect(server.requests.map((r) => [r.method, r.url, r.body.toString(), r.headers['content-type']])).toEqual([
      ['POST', '/items', '{"name":"x"}', 'application/json'],
      ['POST', '/items/moved', '{"name":"x"}', 'application/json'],
    ]);
  });

  it.each([
    [301, 'POST', 'GET'],
    [302, 'POST', 'GET'],
    [303, 'POST', 'GET'],
    [303, 'PUT', 'GET'],
    [301, 'PUT', 'PUT'],
  ] as const)('a %i turns %s into %s, as fetch does', async (status, method, expected) => {
    const server = await startServer();
    server.reply({ status, headers: { location: '/items/2' } }, { body: { id: '2', name: 'b' } });
    const { client } = testClient(server);

    if (method === 'POST') await client.POST('/items', { body: { name: 'x' } });
    else await client.PUT('/items/{id}', { params: { path: { id: '1' } }, body: { name: 'x' } });

    const second = server.requests[1];
    expect(second?.method).toBe(expected);
    if (expected === 'GET') {
      expect(second?.body.length).toBe(0);
      expect(second?.headers['content-type']).toBeUndefined();
    } else expect(second?.body.toString()).toBe('{"name":"x"}');
  });

  it.each(['json', 'stream'] as const)(
    'leave the response (parseAs %s) naming its final URL, without the credentials of the strategy',
    async (parseAs) => {
      const server = await startServer({ fallback: { body: { id: '1', name: 'a' } } });
      server.reply({ status: 302, headers: { location: '/v1/items/2?page=2' } });
      const { client } = testClient({ url: `${server.url}/v1` }, { auth: apiKeyQuery({ key: KEY }) });
      const get = () => client.GET('/items/{id}', { params: { path: { id: '1' } }, parseAs });

      const moved = (await get()).response;
      await moved.body?.cancel();
      const direct = (await get()).response;
      await direct.body?.cancel();

      expect(server.requests.map((r) => r.url)).toEqual([
        `/v1/items/1?key=${KEY}`,
        `/v1/items/2?page=2&key=${KEY}`,
        `/v1/items/1?key=${KEY}`,
      ]);
      expect([moved.redirected, moved.url]).toEqual([true, `${server.url}/v1/items/2?page=2`]);
      expect([direct.redirected, direct.url]).toEqual([false, `${server.url}/v1/items/1`]);
    },
  );

  it('stops after 20 redirects with a RedirectError', async () => {
    const server = await startServer({ fallback: { status: 302, headers: { location: '/items/again' } } });
    const { client } = testClient(server);

    const error = await client.GET('/items/{id}', { params: { path: { id: '1' } } }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RedirectError);
    expect((error as RedirectError).reason).toBe('too-many');
    expect(server.requests).toHaveLength(21);
  });

  it('refuses a Location that is not http(s)', async () => {
    const server = await startServer({ fallback: { status: 302, headers: { location: 'file:///etc/passwd' } } });
    const { client } = testClient(server);

    const error = await client.GET('/items/{id}', { params: { path: { id: '1' } } }).catch((e: unknown) => e);

    expect((error as RedirectError).reason).toBe('invalid-location');
  });

  it("honours the caller's redirect: 'manual' and 'error'", async () => {
    const elsewhere = await startServer();
    const server = await startServer({ fallback: { status: 302, headers: { location: `${elsewhere.url}/x` } } });
    const { client } = testClient(server);

    const manual = await client.GET('/items/{id}', { params: { path: { id: '1' } }, redirect: 'manual' });
    const error = await client
      .GET('/items/{id}', { params: { path: { id: '1' } }, redirect: 'error' })
      .catch((e: unknown) => e);

    expect(manual.response.status).toBe(302);
    expect(manual.response.headers.get('location')).toBe(`${elsewhere.url}/x`);
    expect((error as RedirectError).reason).toBe('not-allowed');
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('returns a 3xx without Location as it is', async () => {
    const server = await startServer({ fallback: { status: 304 } });
    const { client } = testClient(server);

    const { response } = await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(response.status).toBe(304);
    await expect(unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }))).rejects.toThrow(/304/);
  });
});
