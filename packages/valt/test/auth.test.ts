/**
 * The token login on the wire, against a fake VALT on a real local server: lazy, cached,
 * single-flight, renewed once after a 401, never leaked; and the options check.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  createValtClient,
  InvalidResponseError,
  NetworkError,
  unwrap,
  type ValtClient,
  type ValtClientOptions,
} from '../src/index.js';
import { deferred } from './support/deferred.js';
import { DOWNLOAD_PATH, PASSWORD, RECORD_ID, startFakeValt, USERNAME, VIDEO_ID } from './support/valt.js';

const path = { recordID: RECORD_ID, videoID: VIDEO_ID };
const download = (client: ValtClient, init: { signal?: AbortSignal } = {}) =>
  client.GET('/records/download/{recordID}/{videoID}', { params: { path }, ...init });

const unauthorized = { status: 401, body: { error: { code: 401, message: 'Bad credentials.' } } };

describe('logging in with a username and password', () => {
  it('logs in on the first call, not before, and reuses the token', async () => {
    const valt = await startFakeValt();
    const client = createValtClient({ baseUrl: valt.url, username: USERNAME, password: PASSWORD });
    expect(valt.requests).toHaveLength(0);

    await unwrap(download(client));
    await unwrap(download(client));

    expect(valt.log()).toEqual([
      'POST /login',
      `GET ${DOWNLOAD_PATH} @valt-token-1`,
      `GET ${DOWNLOAD_PATH} @valt-token-1`,
    ]);
    expect(JSON.parse(valt.requests[0]?.body.toString() ?? '')).toEqual({ username: USERNAME, password: PASSWORD });
  });

  it('runs a single login for five concurrent calls', async () => {
    const release = deferred();
    const valt = await startFakeValt(async (request) => {
      if (request.path === '/login') await release.promise;
      return undefined;
    });
    const client = createValtClient({ baseUrl: valt.url, username: USERNAME, password: PASSWORD });

    const calls = Array.from({ length: 5 }, () => unwrap(download(client)));
    await expect.poll(() => valt.requests.length).toBe(1);
    release.resolve();
    await Promise.all(calls);

    expect(valt.tokens).toEqual(['valt-token-1']);
    expect(valt.log()).toEqual(['POST /login', ...Array(5).fill(`GET ${DOWNLOAD_PATH} @valt-token-1`)]);
  });

  it('logs in again after a 401 and sends the call once more with the new token', async () => {
    const valt = await startFakeValt();
    const client = createValtClient({ baseUrl: valt.url, username: USERNAME, password: PASSWORD });
    await unwrap(download(client));
    valt.revokeTokens();

    const data = await unwrap(download(client));

    expect(data.url).toContain(RECORD_ID);
    expect(valt.log()).toEqual([
      'POST /login',
      `GET ${DOWNLOAD_PATH} @valt-token-1`,
      `GET ${DOWNLOAD_PATH} @valt-token-1`,
      'POST /login',
      `GET ${DOWNLOAD_PATH} @valt-token-2`,
    ]);
  });

  it('shares one new login between calls refused at the same time', async () => {
    const valt = await startFakeValt();
    const client = createValtClient({ baseUrl: valt.url, username: USERNAME, password: PASSWORD });
    await unwrap(download(client));
    valt.revokeTokens();

    await Promise.all([unwrap(download(client)), unwrap(download(client)), unwrap(download(client))]);

    expect(valt.tokens).toEqual(['valt-token-1', 'valt-token-2']);
    expect(valt.log().filter((line) => line.endsWith('@valt-token-2'))).toHaveLength(3);
  });

  it('logs in again only once per call: a second 401 is returned to the caller', async () => {
    const valt = await startFakeValt((request) => (request.path === DOWNLOAD_PATH ? unauthorized : undefined));
    const client = createValtClient({ baseUrl: valt.url, username: USERNAME, password: PASSWORD });

    const result = await download(client);

    expect(result.response.status).toBe(401);
    expect(result.error).toEqual(unauthorized.body);
    expect(valt.log()).toEqual([
      'POST /login',
      `GET ${DOWNLOAD_PATH} @valt-token-1`,
      'POST /login',
      `GET ${DOWNLOAD_PATH} @valt-token-2`,
    ]);
    await expect(unwrap(result)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('rejects the call with an AuthenticationError from /login when the password is refused', async () => {
    const valt = await startFakeValt();
    const wrong = 'not-the-password-9f2c';
    const client = createValtClient({ baseUrl: valt.url, username: USERNAME, password: wrong });

    const error = await download(client).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, method: 'POST', path: '/login' });
    expect((error as Error).message).toContain('Invalid username or password');
    expect(valt.log()).toEqual(['POST /login']);
    for (const shown of shownForms(error)) expect(shown).not.toContain(wrong);
  });

  it('does not cancel the shared login when one caller aborts: the others still get through', async () => {
    const release = deferred();
    const valt = await startFakeValt(async (request) => {
      if (request.path === '/login') await release.promise;
      return undefined;
    });
    const client = createValtClient({ baseUrl: valt.url, username: USERNAME, password: PASSWORD });
    const controller = new AbortController();

    const aborted = download(client, { signal: controller.signal }).catch((e: unknown) => e);
    const other = unwrap(download(client));
    await expect.poll(() => valt.requests.length).toBe(1);
    controller.abort();
    release.resolve();

    expect(await aborted).toMatchObject({ name: 'AbortError' });
    await other;
    expect(valt.log()).toEqual(['POST /login', `GET ${DOWNLOAD_PATH} @valt-token-1`]);
  });

  it('sends no token to POST /login, and does not log in to answer its 401', async () => {
    const valt = await startFakeValt();
    const client = createValtClient({ baseUrl: `${valt.url}/`, username: USERNAME, password: PASSWORD });

    const refused = await client.POST('/login', { body: { username: USERNAME, password: 'wrong-password' } });
    const accepted = await unwrap(client.POST('/login', { body: { username: USERNAME, password: PASSWORD } }));

    expect(refused.response.status).toBe(401);
    expect(refused.error).toEqual({ data: 'Invalid username or password' });
    expect(accepted.data.access_token).toBe('valt-token-1');
    expect(valt.log()).toEqual(['POST /login', 'POST /login']);
  });
});

describe('using an access token', () => {
  it('sends it as access_token and returns a 401 as is, without logging in', async () => {
    const valt = await startFakeValt((request) => (request.path === DOWNLOAD_PATH ? unauthorized : undefined));
    const client = createValtClient({ baseUrl: valt.url, accessToken: 'given-token-4d1e' });

    const result = await download(client);

    expect(result.response.status).toBe(401);
    expect(valt.log()).toEqual([`GET ${DOWNLOAD_PATH} @given-token-4d1e`]);
  });
});

/** Every way an error can be shown. */
function shownForms(error: unknown): string[] {
  return [String(error), (error as Error).message, JSON.stringify(error), inspect(error, { depth: 10 })];
}

describe('secrets', () => {
  it('never shows the token or the password in errors or logs, even when the server echoes them', async () => {
    const valt = await startFakeValt((request) => {
      if (request.path !== DOWNLOAD_PATH) return undefined;
      const token = request.query.get('access_token');
      return { status: 401, body: { error: { code: 401, message: `Bad credentials: ${token} (${PASSWORD})` } } };
    });
    const logged: string[] = [];
    const client = createValtClient({
      baseUrl: valt.url,
      username: USERNAME,
      password: PASSWORD,
      logger: (event) => logged.push(JSON.stringify(event)),
    });

    const error = await unwrap(download(client)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toContain('Bad credentials: [REDACTED] ([REDACTED])');
    expect(valt.tokens).toEqual(['valt-token-1', 'valt-token-2']);
    expect(logged.length).toBeGreaterThan(0);
    for (const shown of [...shownForms(error), ...logged]) {
      for (const secret of [...valt.tokens, PASSWORD]) expect(shown).not.toContain(secret);
    }
  });

  it('keeps the token out of a network error', async () => {
    const valt = await startFakeValt((request) => (request.path === DOWNLOAD_PATH ? { fault: 'reset' } : undefined));
    const client = createValtClient({ baseUrl: valt.url, accessToken: 'given-token-4d1e', retry: false });

    const error = await download(client).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NetworkError);
    // Credentials are added to each attempt, never to the URL the error reports.
    expect((error as NetworkError).url).toBe(`${valt.url}${DOWNLOAD_PATH}`);
    for (const shown of shownForms(error)) expect(shown).not.toContain('given-token-4d1e');
  });
});

describe('options', () => {
  const baseUrl = 'https://valt.example.com/api/v3';
  const cases: Array<[string, unknown, RegExp]> = [
    ['no options', undefined, /pass an options object with username, password, accessToken/],
    [
      'no baseUrl',
      { username: USERNAME, password: PASSWORD },
      /baseUrl is required \(a VALT appliance \(self-hosted\) at "\{scheme\}:\/\/\{host\}\/api\/v3", e\.g\. "https:\/\/valt\.example\.com\/api\/v3"\)$/,
    ],
    ['a relative baseUrl', { baseUrl: 'valt.example.com', accessToken: 't0ken' }, /absolute URL/],
    ['no credentials', { baseUrl }, /username is required \(or pass accessToken\)/],
    ['no password', { baseUrl, username: USERNAME }, /password is required/],
    ['an empty token', { baseUrl, accessToken: '' }, /accessToken must be a non-empty string/],
    ['both kinds', { baseUrl, accessToken: 't0ken', username: USERNAME, password: PASSWORD }, /not both/],
  ];
  it.each(cases)('rejects %s with a TypeError', (_, options, message) => {
    expect(() => createValtClient(options as ValtClientOptions)).toThrow(TypeError);
    expect(() => createValtClient(options as ValtClientOptions)).toThrow(message);
  });

  it('refuses both kinds of credentials in the types too', () => {
    // @ts-expect-error: a token and a password are exclusive
    const options: ValtClientOptions = { baseUrl, accessToken: 't0ken', username: USERNAME, password: PASSWORD };
    expect(() => createValtClient(options)).toThrow(/not both/);
  });
});

describe('a login reply without a token', () => {
  it.each([
    ['no data', { message: 'ok' }, 'has no `data`'],
    ['a data message', { data: 'Logged in' }, 'a `data` that is a string'],
    ['no access_token', { data: { user: 'operator' } }, 'no `data.access_token`'],
  ])('with %s is an InvalidResponseError that says what is missing', async (_what, body, expected) => {
    const valt = await startFakeValt((request) => (request.path === '/login' ? { body } : undefined));
    const client = createValtClient({ baseUrl: valt.url, username: USERNAME, password: PASSWORD });

    const error = await download(client).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain(expected);
    for (const shown of shownForms(error)) expect(shown).not.toContain(PASSWORD);
  });
});
