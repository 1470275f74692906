/**
 * No credential in any error or log line. For every auth strategy and every error type, a real
 * server provokes the error (echoing the credentials it received back wherever it can: in the
 * body, the reason phrase, a malformed JSON body), and each secret is searched for in the four
 * renderings of the error and in every logger event.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  type AuthStrategy,
  apiKeyHeader,
  apiKeyQuery,
  basicAuth,
  bearerToken,
  bearerTokenProvider,
  combineAuth,
  InvalidResponseError,
  type LogEvent,
  NetworkError,
  queryTokenProvider,
  REDACTED,
  TimeoutError,
  unwrap,
} from '../src/index.js';
import { testClient } from './support/api.js';
import { type RecordedRequest, type Script, startServer } from './support/server.js';

// Secrets with characters that URL encoding and base64 change.
const KEY = 'k3y+With/Slash=1';
const LOGIN = 'ops+team/east';
const APP_SECRET = 'app secret+/42'; // a space: '+' in a query string, '%20' elsewhere
const USER = 'user+name/1';
const PASSWORD = 'p@ss+w/rd:2';
const TOKEN = 'tok+en/abc==';
const REFRESH_TOKEN = 'refr+esh/xyz';
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');

interface StrategyCase {
  name: string;
  auth: () => AuthStrategy;
  secrets: string[];
}

const strategies: StrategyCase[] = [
  { name: 'apiKeyHeader', auth: () => apiKeyHeader('X-Api-Key', KEY), secrets: [KEY] },
  {
    name: 'apiKeyQuery (several parameters, one with a name of its own)',
    auth: () => apiKeyQuery({ login: LOGIN, key: KEY, app_secret: APP_SECRET }),
    secrets: [LOGIN, KEY, APP_SECRET],
  },
  { name: 'basicAuth', auth: () => basicAuth(USER, PASSWORD), secrets: [USER, PASSWORD, BASIC] },
  { name: 'bearerToken', auth: () => bearerToken(TOKEN), secrets: [TOKEN] },
  {
    name: 'bearerTokenProvider',
    auth: () => bearerTokenProvider(async () => ({ value: TOKEN, secrets: [REFRESH_TOKEN] })),
    secrets: [TOKEN],
  },
  {
    name: 'queryTokenProvider',
    auth: () => queryTokenProvider('access_token', async () => ({ value: TOKEN })),
    secrets: [TOKEN],
  },
  {
    name: 'combineAuth',
    auth: () => combineAuth(apiKeyHeader('X-Api-Key', KEY), apiKeyQuery({ login: LOGIN }), bearerToken(TOKEN)),
    secrets: [KEY, LOGIN, TOKEN],
  },
];

/** Every way a secret could be written: raw, URL-encoded (both styles), and the first 10 characters a parser error would quote. */
function forms(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    secret.slice(0, 10),
  ];
}

/** The credentials a request carried, as the server read them. */
function credentialsOf(request: RecordedRequest): string[] {
  const query = new URL(request.url, 'http://server').searchParams;
  const authorization = request.headers.authorization?.replace(/^\w+ /, '');
  const apiKey = request.headers['x-api-key'];
  return [authorization, typeof apiKey === 'string' ? apiKey : undefined, ...query.values()].filter(
    (value): value is string => value !== undefined,
  );
}

/** An error reply that repeats every credential the request carried, in the body and the reason phrase. */
const echoAsJson: Script = (request) => ({
  status: 400,
  statusText: `Bad credentials ${credentialsOf(request)[0]}`,
  body: {
    message: `invalid credentials: ${credentialsOf(request).join(' ')} on ${request.url}`,
    received: { headers: request.headers, url: request.url, credentials: credentialsOf(request) },
    links: credentialsOf(request).map((credential) => `/keys/${encodeURIComponent(credential)}`),
  },
});
const echoAsText: Script = (request) => ({
  status: 403,
  headers: { 'content-type': 'text/plain' },
  body: `forbidden for ${request.headers.authorization ?? ''} ${request.url} ${credentialsOf(request).join(' ')}`,
});
/** A 200 "JSON" body that is just the credential: the JSON parser's own error message would quote it. */
const echoAsMalformedJson: Script = (request) => ({
  headers: { 'content-type': 'application/json' },
  body: credentialsOf(request)[0] ?? '',
});

/** Asserts that no form of any secret appears in the four renderings of `error` or in the log. */
function expectNoSecrets(error: unknown, events: LogEvent[], secrets: string[]) {
  expect(error).toBeInstanceOf(Error);
  const renderings = {
    message: (error as Error).message,
    string: String(error),
    json: JSON.stringify(error),
    inspect: inspect(error, { depth: 10 }),
    log: JSON.stringify(events),
  };
  // The renderings say something: the error's name and message are in them.
  expect(renderings.json).toContain((error as Error).name);
  expect(renderings.inspect).toContain((error as Error).message);
  expect(events.length).toBeGreaterThan(0);
  for (const secret of secrets) {
    for (const form of forms(secret)) {
      for (const [where, text] of Object.entries(renderings)) {
        expect(text.includes(form), `${JSON.stringify(form)} found in ${where}: ${text}`).toBe(false);
      }
    }
  }
}

describe.each(strategies)('redaction with $name', ({ auth, secrets }) => {
  async function run(script: Script, options: Parameters<typeof testClient>[1] = {}) {
    const server = await startServer({ fallback: script });
    const events: LogEvent[] = [];
    const { client } = testClient(server, { auth: auth(), logger: (e) => events.push(e), ...options });
    const error = await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } })).catch((e: unknown) => e);
    return { error, events, server };
  }

  it('ApiError from a JSON error body and reason phrase that echo the credentials', async () => {
    const { error, events, server } = await run(echoAsJson);

    expect(error).toBeInstanceOf(ApiError);
    // The server did receive and echo the credentials; the error shows them redacted.
    expect(credentialsOf(server.requests[0] as RecordedRequest).length).toBeGreaterThan(0);
    expect(JSON.stringify(error)).toContain(REDACTED);
    expect((error as ApiError).message).toContain('invalid credentials: [REDACTED]');
    expectNoSecrets(error, events, secrets);
  });

  it('ApiError from a plain-text error body that echoes the credentials', async () => {
    const { error, events } = await run(echoAsText);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).body).toContain(REDACTED);
    expectNoSecrets(error, events, secrets);
  });

  it('InvalidResponseError from a malformed JSON body that is the credential', async () => {
    const { error, events } = await run(echoAsMalformedJson);

    expect(error).toBeInstanceOf(InvalidResponseError);
    expectNoSecrets(error, events, secrets);
  });

  it('NetworkError from a reset connection, after a retry', async () => {
    const { error, events } = await run({ fault: 'reset' }, { retry: { retries: 1 } });

    expect(error).toBeInstanceOf(NetworkError);
    expect(events.map((e) => e.type)).toEqual(['request', 'error', 'retry', 'request', 'error']);
    expectNoSecrets(error, events, secrets);
  });

  it('NetworkError from a fetch that names the full URL in its errors (as node-fetch does)', async () => {
    const namingFetch: typeof fetch = async (input, init) => {
      try {
        return await fetch(input, init);
      } catch (cause) {
        const url = input instanceof Request ? input.url : String(input);
        const headers = JSON.stringify(Object.fromEntries(new Headers(init?.headers)));
        throw new Error(`request to ${url} with ${headers} failed, reason: socket hang up`, { cause });
      }
    };
    const { error, events } = await run({ fault: 'close' }, { retry: false, fetch: namingFetch });

    expect(error).toBeInstanceOf(NetworkError);
    expect(((error as NetworkError).cause as Error).message).toContain('request to http://127.0.0.1');
    expectNoSecrets(error, events, secrets);
  });

  it('TimeoutError from a slow response', async () => {
    const { error, events } = await run({ delayMs: 5000, body: {} }, { timeoutMs: 100 });

    expect(error).toBeInstanceOf(TimeoutError);
    expectNoSecrets(error, events, secrets);
  });
});

describe('redaction of renewed tokens', () => {
  it('redacts the token a renewal replaced as well as the new one and the refresh token', async () => {
    const tokens = ['old+tok/1', 'new+tok/2'];
    const refreshTokens = ['old+refresh/1', 'new+refresh/2'];
    let calls = 0;
    const auth = bearerTokenProvider(async () => {
      const i = calls++;
      return { value: tokens[i] as string, secrets: [refreshTokens[i] as string] };
    });
    const seen: string[] = [];
    const server = await startServer({
      fallback: (request) => {
        seen.push(request.headers.authorization ?? '');
        return seen.length === 1
          ? { status: 401, body: {} }
          : { status: 400, body: { message: `you sent ${seen.join(', ')}`, refresh: refreshTokens } };
      },
    });
    const events: LogEvent[] = [];
    const { client } = testClient(server, { auth, logger: (e) => events.push(e) });

    const error = await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } })).catch((e: unknown) => e);

    expect(seen).toEqual(['Bearer old+tok/1', 'Bearer new+tok/2']);
    expect((error as ApiError).message).toContain('you sent Bearer [REDACTED], Bearer [REDACTED]');
    expectNoSecrets(error, events, [...tokens, ...refreshTokens]);
  });
});

describe('redaction of query parameters the caller passes', () => {
  it('redacts a sensitive query parameter (signature) in the error URL and the log', async () => {
    const server = await startServer({ fallback: { status: 404, body: { message: 'no such item' } } });
    const events: LogEvent[] = [];
    const { client } = testClient(server, { logger: (e) => events.push(e) });

    const error = await unwrap(
      client.GET('/items/{id}', { params: { path: { id: '1' }, query: { signature: 'sig+nat/ure' } } }),
    ).catch((e: unknown) => e);

    expect(new URL(server.requests[0]?.url ?? '', server.url).searchParams.get('signature')).toBe('sig+nat/ure');
    expect((error as ApiError).url).toBe(`${server.url}/items/1?signature=${REDACTED}`);
    for (const event of events) expect(event.url).toBe(`${server.url}/items/1?signature=${REDACTED}`);
    expectNoSecrets(error, events, ['sig+nat/ure']);
  });
});

describe('redaction of every echoed form of a secret', () => {
  const NUMERIC = '4815162342';
  const SPECIAL = 'p@ss w/rd+ü=1';

  it('redacts the request id header, numbers, object keys and percent-encoding in any case', async () => {
    const lowerEncoded = encodeURIComponent(SPECIAL).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
    const mixed = 'p%40ss+w%2frd%2B%C3%BC%3d1';
    const server = await startServer({
      fallback: {
        status: 400,
        headers: { 'x-request-id': `req-${NUMERIC}-${SPECIAL}` },
        body: {
          message: `bad key ${lowerEncoded} / ${mixed}`,
          pin: Number(NUMERIC),
          [NUMERIC]: 'echoed as a key',
          [`key:${SPECIAL}`]: true,
        },
      },
    });
    const auth = combineAuth(apiKeyQuery({ pin: NUMERIC }), basicAuth('user', SPECIAL));
    const { client } = testClient(server, { auth });

    const error = (await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } })).catch(
      (e: unknown) => e,
    )) as ApiError;

    expect(error.requestId).toBe(`req-${REDACTED}-${REDACTED}`);
    expect(error.body).toEqual({
      message: `bad key ${REDACTED} / ${REDACTED}`,
      pin: REDACTED,
      [REDACTED]: 'echoed as a key',
      [`key:${REDACTED}`]: true,
    });
    const shown = JSON.stringify(error) + inspect(error) + error.message;
    for (const form of [NUMERIC, SPECIAL, lowerEncoded, mixed, encodeURIComponent(SPECIAL)]) {
      expect(shown).not.toContain(form);
    }
  });

  it('redacts every token a client ever held, however many renewals ago', async () => {
    let issued = 0;
    const auth = bearerTokenProvider(async () => ({ value: `token-number-${String(++issued).padStart(3, '0')}` }));
    const seen: string[] = [];
    const server = await startServer({
      fallback: (request) => {
        seen.push(request.headers.authorization ?? '');
        // Every request is refused once, so each one renews the token.
        return seen.length <= 40 ? { status: 401, body: {} } : { status: 400, body: { message: seen.join(' ') } };
      },
    });
    const { client } = testClient(server, { auth, retry: false });
    for (let i = 0; i < 20; i++) await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    const error = await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } })).catch((e: unknown) => e);

    expect(issued).toBeGreaterThan(17);
    expect((error as ApiError).message).not.toMatch(/token-number/);
    expect((error as ApiError).message).toContain(`Bearer ${REDACTED}`);
  });
});
