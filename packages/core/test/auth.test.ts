/**
 * Auth strategies on the wire: where each puts its credential, that the caller never sees it in
 * a URL, token caching and expiry, and the one renewal after a 401 (single-flight).
 */
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  type AuthStrategy,
  apiKeyHeader,
  apiKeyQuery,
  basicAuth,
  bearerToken,
  bearerTokenProvider,
  combineAuth,
  createApiClient,
  queryTokenProvider,
  type Token,
  type TokenProvider,
  unwrap,
} from '../src/index.js';
import { type paths, testClient } from './support/api.js';
import { TestClock } from './support/clock.js';
import { type RecordedRequest, startServer, type TestServer } from './support/server.js';

const item = { id: '1', name: 'first' };
// Secrets with characters that URL encoding changes.
const KEY = 'k3y+With/Slash=1';
const LOGIN = 'ops+team/east';
const USER = 'user+name/1';
const PASSWORD = 'p@ss+w/rd:2';

/** The query parameters of a request as the server received it. */
function query(request: RecordedRequest | undefined): URLSearchParams {
  return new URL(request?.url ?? '/', 'http://server').searchParams;
}

/** A client on `server` with `auth`, and every URL the caller's own middleware can see. */
function clientWithAuth(server: TestServer, auth: AuthStrategy, clock = new TestClock()) {
  const seen: string[] = [];
  const { client } = testClient(server, { auth, clock });
  client.use({
    onRequest({ request }) {
      seen.push(request.url);
      return undefined;
    },
    onResponse({ request, response }) {
      seen.push(request.url, response.url);
      return undefined;
    },
  });
  return { client, seen };
}

/** A token provider handing out `tok-1`, `tok-2`..., recording why it was called. */
function countingProvider(extra: Partial<Token> = {}) {
  const reasons: string[] = [];
  const provider: TokenProvider = async ({ reason }) => {
    reasons.push(reason);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { value: `tok+${reasons.length}/x`, ...extra };
  };
  return { provider, reasons };
}

describe('where each strategy puts its credential', () => {
  it('apiKeyHeader: in the named header, not in the URL', async () => {
    const server = await startServer({ fallback: { body: item } });
    const { client, seen } = clientWithAuth(server, apiKeyHeader('X-Api-Key', KEY));

    await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));

    expect(server.requests[0]?.headers['x-api-key']).toBe(KEY);
    expect(server.requests[0]?.url).toBe('/items/1');
    expect(seen).not.toHaveLength(0);
    for (const url of seen) expect(url).not.toContain('k3y');
  });

  it('apiKeyQuery: every parameter in the query of the request on the wire, none in the URL the caller sees', async () => {
    const server = await startServer({ fallback: { body: { data: [], pagination: {} } } });
    const { client, seen } = clientWithAuth(server, apiKeyQuery({ login: LOGIN, key: KEY }));

    await unwrap(client.GET('/items', { params: { query: { currentPage: 2 } } }));

    const sent = query(server.requests[0]);
    expect(sent.get('login')).toBe(LOGIN);
    expect(sent.get('key')).toBe(KEY);
    expect(sent.get('currentPage')).toBe('2');
    expect(server.requests[0]?.url).toContain(`key=${encodeURIComponent(KEY)}`);
    expect(seen).toContain(`${server.url}/items?currentPage=2`);
    for (const url of seen) {
      expect(url).not.toContain('login');
      expect(url).not.toContain('key');
    }
  });

  it('basicAuth: an Authorization header with base64(user:password)', async () => {
    const server = await startServer({ fallback: { body: item } });
    const { client, seen } = clientWithAuth(server, basicAuth(USER, PASSWORD));

    await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));

    const expected = `Basic ${Buffer.from(`${USER}:${PASSWORD}`, 'utf8').toString('base64')}`;
    expect(server.requests[0]?.headers.authorization).toBe(expected);
    for (const url of seen) expect(url).not.toContain('user');
  });

  it('basicAuth with a username only (an API key as the username): "key:"', async () => {
    const server = await startServer({ fallback: { body: item } });
    const { client } = clientWithAuth(server, basicAuth(KEY));

    await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));

    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from(`${KEY}:`).toString('base64')}`);
  });

  it('bearerToken: Authorization: Bearer <token>', async () => {
    const server = await startServer({ fallback: { body: item } });
    const { client } = clientWithAuth(server, bearerToken(KEY));

    await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));

    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('bearerTokenProvider: fetches the token once and reuses it', async () => {
    const server = await startServer({ fallback: { body: item } });
    const { provider, reasons } = countingProvider();
    const { client } = clientWithAuth(server, bearerTokenProvider(provider));

    for (let i = 0; i < 3; i++) await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));

    expect(reasons).toEqual(['initial']);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(Array(3).fill('Bearer tok+1/x'));
  });

  it('queryTokenProvider: logs in lazily once and sends the token as a query parameter', async () => {
    const server = await startServer();
    server.reply({ body: { access_token: 'acc+1/tok' } }, { body: item }, { body: item });
    const login = createApiClient<paths>({ baseUrl: server.url, retry: false });
    const provider: TokenProvider = async ({ signal }) => {
      const data = await unwrap(
        login.POST('/login', { body: { user: USER, password: PASSWORD }, ...(signal ? { signal } : {}) }),
      );
      return { value: data.access_token };
    };
    const { client, seen } = clientWithAuth(server, queryTokenProvider('access_token', provider));

    await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));
    await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));

    expect(server.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
      'POST /login',
      'GET /items/1',
      'GET /items/1',
    ]);
    expect(query(server.requests[1]).get('access_token')).toBe('acc+1/tok');
    expect(query(server.requests[2]).get('access_token')).toBe('acc+1/tok');
    for (const url of seen) expect(url).not.toContain('access_token');
  });

  it('combineAuth: every strategy’s credential, on the same request', async () => {
    const server = await startServer({ fallback: { body: item } });
    const auth = combineAuth(apiKeyHeader('X-Client-Id', LOGIN), apiKeyQuery({ key: KEY }), bearerToken('bear+er/1'));
    const { client, seen } = clientWithAuth(server, auth);

    await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));

    const request = server.requests[0];
    expect(request?.headers['x-client-id']).toBe(LOGIN);
    expect(request?.headers.authorization).toBe('Bearer bear+er/1');
    expect(query(request).get('key')).toBe(KEY);
    for (const url of seen) expect(url).not.toContain('key=');
  });

  it('keeps the client’s own headers beside the credential', async () => {
    const server = await startServer({ fallback: { body: item } });
    const { client } = testClient(server, { auth: bearerToken(KEY), headers: { 'X-Trace': 'abc' } });

    await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));

    expect(server.requests[0]?.headers['x-trace']).toBe('abc');
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('rejects empty credentials when the strategy is created', () => {
    expect(() => apiKeyHeader('X-Api-Key', '')).toThrow(TypeError);
    expect(() => apiKeyQuery({})).toThrow(TypeError);
    expect(() => apiKeyQuery({ key: '' })).toThrow(TypeError);
    expect(() => basicAuth('')).toThrow(TypeError);
    expect(() => bearerToken('')).toThrow(TypeError);
    expect(() => queryTokenProvider('', async () => ({ value: 'x' }))).toThrow(TypeError);
  });
});

/** The token strategies with renewal, each with the server-side view of which token a request carried. */
const renewing = [
  {
    name: 'bearerTokenProvider',
    create: (provider: TokenProvider, clock?: TestClock) =>
      bearerTokenProvider(provider, clock ? { clock, refreshMarginMs: 30_000 } : undefined),
    tokenOf: (request: RecordedRequest) => request.headers.authorization?.replace(/^Bearer /, ''),
  },
  {
    name: 'queryTokenProvider',
    create: (provider: TokenProvider, clock?: TestClock) =>
      queryTokenProvider('access_token', provider, clock ? { clock, refreshMarginMs: 30_000 } : undefined),
    tokenOf: (request: RecordedRequest) => query(request).get('access_token') ?? undefined,
  },
];

describe.each(renewing)('$name: renewal', ({ create, tokenOf }) => {
  it('renews once after a 401 and succeeds with the new token', async () => {
    const server = await startServer({
      fallback: (request) =>
        tokenOf(request) === 'tok+1/x' ? { status: 401, body: { message: 'expired' } } : { body: item },
    });
    const { provider, reasons } = countingProvider();
    const { client } = clientWithAuth(server, create(provider));

    const data = await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));

    expect(data).toEqual(item);
    expect(reasons).toEqual(['initial', 'rejected']);
    expect(server.requests.map(tokenOf)).toEqual(['tok+1/x', 'tok+2/x']);
  });

  it('renews exactly once for 5 concurrent requests that all got a 401 (single-flight)', async () => {
    const held: Array<() => void> = [];
    const server = await startServer({
      fallback: (request) => {
        if (tokenOf(request) !== 'tok+1/x') return { body: item };
        // Answer the five 401s together, so that all five ask for a renewal at about the same time.
        return new Promise((resolve) => {
          held.push(() => resolve({ status: 401, body: { message: 'expired' } }));
          if (held.length === 5) for (const release of held) release();
        });
      },
    });
    const { provider, reasons } = countingProvider();
    const { client } = clientWithAuth(server, create(provider));

    const results = await Promise.all(
      ['1', '2', '3', '4', '5'].map((id) => unwrap(client.GET('/items/{id}', { params: { path: { id } } }))),
    );

    expect(results).toEqual(Array(5).fill(item));
    expect(reasons).toEqual(['initial', 'rejected']);
    const tokens = server.requests.map(tokenOf);
    expect(tokens.filter((t) => t === 'tok+1/x')).toHaveLength(5);
    expect(tokens.filter((t) => t === 'tok+2/x')).toHaveLength(5);
    expect(server.requests).toHaveLength(10);
  });

  it('does not renew again for a 401 that arrives after another request already renewed', async () => {
    let releaseLate: (() => void) | undefined;
    const server = await startServer({
      fallback: async (request, index) => {
        if (tokenOf(request) !== 'tok+1/x') {
          releaseLate?.();
          return { body: item };
        }
        // The first 401 goes out once both requests arrived with the first token; the second
        // waits until the first request came back with the renewed token.
        if (index === 0) {
          await server.waitForRequests(2);
          return { status: 401, body: {} };
        }
        return new Promise((resolve) => {
          releaseLate = () => resolve({ status: 401, body: {} });
        });
      },
    });
    const { provider, reasons } = countingProvider();
    const { client } = clientWithAuth(server, create(provider));

    const results = await Promise.all(
      ['1', '2'].map((id) => unwrap(client.GET('/items/{id}', { params: { path: { id } } }))),
    );

    expect(results).toEqual([item, item]);
    expect(reasons).toEqual(['initial', 'rejected']);
    expect(server.requests.map(tokenOf)).toEqual(['tok+1/x', 'tok+1/x', 'tok+2/x', 'tok+2/x']);
  });

  it('returns a second 401 instead of renewing again', async () => {
    const server = await startServer({ fallback: { status: 401, body: { message: 'revoked' } } });
    const { provider, reasons } = countingProvider();
    const { client } = clientWithAuth(server, create(provider));

    const result = await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(result.response.status).toBe(401);
    expect(result.error).toEqual({ message: 'revoked' });
    expect(reasons).toEqual(['initial', 'rejected']);
    expect(server.requests).toHaveLength(2);
    await expect(unwrap(result)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('renews a token before the request once the clock passes expiresIn minus the margin', async () => {
    const server = await startServer({ fallback: { body: item } });
    const clock = new TestClock();
    const { provider, reasons } = countingProvider({ expiresIn: 60 });
    const { client } = clientWithAuth(server, create(provider, clock), clock);
    const get = () => unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));

    await get();
    clock.advance(29_000); // 31 s left: more than the 30 s margin
    await get();
    expect(reasons).toEqual(['initial']);
    clock.advance(2_000); // 29 s left: inside the margin
    await get();

    expect(reasons).toEqual(['initial', 'expired']);
    expect(server.requests.map(tokenOf)).toEqual(['tok+1/x', 'tok+1/x', 'tok+2/x']);
  });
});

describe('strategies without renewal', () => {
  it('returns the 401 of a static bearer token without a second attempt', async () => {
    const server = await startServer({ fallback: { status: 401, body: { message: 'bad token' } } });
    const { client } = clientWithAuth(server, bearerToken(KEY));

    const { response } = await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(response.status).toBe(401);
    expect(server.requests).toHaveLength(1);
  });

  it('combineAuth renews the strategies that can and keeps the others', async () => {
    const server = await startServer({
      fallback: (request) =>
        request.headers.authorization === 'Bearer tok+1/x' ? { status: 401, body: {} } : { body: item },
    });
    const { provider, reasons } = countingProvider();
    const { client } = clientWithAuth(
      server,
      combineAuth(apiKeyHeader('X-Api-Key', KEY), bearerTokenProvider(provider)),
    );

    await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));

    expect(reasons).toEqual(['initial', 'rejected']);
    expect(server.requests.map((r) => [r.headers['x-api-key'], r.headers.authorization])).toEqual([
      [KEY, 'Bearer tok+1/x'],
      [KEY, 'Bearer tok+2/x'],
    ]);
  });
});

describe('where credentials go', () => {
  it("adds them only to requests under the client's base URL, never to another host or path", async () => {
    const api = await startServer({ fallback: { body: item } });
    const elsewhere = await startServer({ fallback: { body: item } });
    const { client } = testClient(api, { auth: combineAuth(apiKeyHeader('X-Key', KEY), apiKeyQuery({ key: KEY })) });
    await client.GET('/items/{id}', { params: { path: { id: '1' } } });
    await client.GET('/items/{id}', { params: { path: { id: '1' } }, baseUrl: elsewhere.url });
    expect(api.requests[0]?.headers['x-key']).toBe(KEY);
    expect(query(api.requests[0]).get('key')).toBe(KEY);
    expect(elsewhere.requests[0]?.headers['x-key']).toBeUndefined();
    expect(elsewhere.requests[0]?.url).toBe('/items/1');
  });

  it('respects the path of the base URL: a sibling path on the same host gets no credential', async () => {
    const server = await startServer({ fallback: { body: item } });
    const client = createApiClient<paths>({ baseUrl: `${server.url}/api/v3`, auth: apiKeyHeader('X-Key', KEY) });
    await client.GET('/items/{id}', { params: { path: { id: '1' } } });
    await client.GET('/items/{id}', { params: { path: { id: '1' } }, baseUrl: `${server.url}/api/v3-beta` });
    expect(server.requests.map((r) => [r.url, r.headers['x-key']])).toEqual([
      ['/api/v3/items/1', KEY],
      ['/api/v3-beta/items/1', undefined],
    ]);
  });

  it('appends query credentials without re-encoding the query openapi-fetch wrote', async () => {
    const server = await startServer({ fallback: { body: [] } });
    const { client } = testClient(server, { auth: apiKeyQuery({ login: LOGIN, key: KEY }) });
    await client.GET('/items', {
      params: { query: { currentPage: 1 } },
      querySerializer: () => 'headers[]=X-A%3A%201&file=a,b',
    });
    expect(server.requests[0]?.url).toBe(
      `/items?headers[]=X-A%3A%201&file=a,b&login=${encodeURIComponent(LOGIN)}&key=${encodeURIComponent(KEY)}`,
    );
  });

  it('lets one caller abort its wait for a shared token without failing the others', async () => {
    const server = await startServer({ fallback: { body: item } });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let fetches = 0;
    const auth = bearerTokenProvider(async () => {
      fetches++;
      await gate;
      return { value: 'shared-token-1' };
    });
    const { client } = testClient(server, { auth });
    const controller = new AbortController();
    const aborted = client.GET('/items/{id}', { params: { path: { id: '1' } }, signal: controller.signal });
    const waiting = client.GET('/items/{id}', { params: { path: { id: '2' } } });
    const reason = new Error('the first caller gave up');
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    release();
    const { data } = await waiting;
    expect(data).toEqual(item);
    expect(fetches).toBe(1);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer shared-token-1']);
  });
});
