/**
 * The credentials and the query on the wire, against a real server: `login` and `key` go with
 * every API call and only there, list parameters keep the page's forms, and neither credential
 * ever shows in an error, its JSON or inspect() output, or a log event.
 */
import { inspect } from 'node:util';
import { startServer } from '@mediaspec/test-support/server';
import { describe, expect, it } from 'vitest';
import {
  createPStreamClient,
  type LogEvent,
  MediaspecError,
  NetworkError,
  PermissionDeniedError,
  TimeoutError,
  unwrap,
} from '../src/index.js';
import { ok } from './support/envelope.js';

const login = 'ef48eg456bpfkcn';
// Characters that need escaping in a query string, so the test sees how the key is encoded.
const key = 'gkNivz4f8d9v_-CI+/=&%';

describe('createPStreamClient()', () => {
  it('sends login and key as query parameters after the operation’s own', async () => {
    const server = await startServer(() => ok({ folderid: 35678 }));
    const client = createPStreamClient({ login, key, baseUrl: `${server.url}/v1` });

    await unwrap(client.GET('/file/createfolder', { params: { query: { name: 'My Folder', pid: 12345 } } }));

    const [request] = server.requests;
    expect(request?.path).toBe('/v1/file/createfolder');
    expect([...(request?.query ?? [])]).toEqual([
      ['name', 'My Folder'],
      ['pid', '12345'],
      ['login', login],
      ['key', key],
    ]);
  });

  it('writes headers[] as a repeated parameter and file as a comma-separated list, as the page does', async () => {
    const server = await startServer(() => ok({ id: '12', folderid: '4248' }));
    const client = createPStreamClient({ login, key, baseUrl: server.url });
    const headers = ['Cookie: auth=9898;', 'User-Agent: Mozilla/5.0 (X11; Linux x86_64)'];

    await client.GET('/remotedl/add', {
      params: { query: { url: 'https://example.com/a.mov', folder: 1234, 'headers[]': headers } },
    });
    await client.GET('/file/info', { params: { query: { file: ['h4r8tn1f', 'Kpovpfm', 'F_-cneFK'] } } });

    const [add, info] = server.requests;
    expect(add?.url).toMatch(/[?&]headers\[\]=Cookie%3A%20auth%3D9898%3B&headers\[\]=User-Agent%3A%20Mozilla/);
    expect(add?.query.getAll('headers[]')).toEqual(headers);
    expect(add?.query.get('url')).toBe('https://example.com/a.mov');
    expect(info?.url).toMatch(/^\/file\/info\?file=h4r8tn1f,Kpovpfm,F_-cneFK&login=/);
    expect(info?.query.getAll('file')).toEqual(['h4r8tn1f,Kpovpfm,F_-cneFK']);
  });

  it('sends the credentials only to URLs under its base URL', async () => {
    const api = await startServer(() => ok(true));
    const elsewhere = await startServer(() => ok(true));
    const client = createPStreamClient({ login, key, baseUrl: `${api.url}/v1` });

    await client.GET('/file/delete', { params: { query: { file: 'Ckfoe4_g8e1v5' } } });
    await client.GET('/file/delete', { baseUrl: elsewhere.url, params: { query: { file: 'Ckfoe4_g8e1v5' } } });
    await client.GET('/file/delete', { baseUrl: `${api.url}/v2`, params: { query: { file: 'Ckfoe4_g8e1v5' } } });

    expect(api.requests.map((r) => [r.path, r.query.get('login'), r.query.get('key')])).toEqual([
      ['/v1/file/delete', login, key],
      ['/v2/file/delete', null, null],
    ]);
    expect(elsewhere.requests[0]?.url).toBe('/file/delete?file=Ckfoe4_g8e1v5');
  });

  it('defaults to the documented server', async () => {
    const urls: string[] = [];
    const client = createPStreamClient({
      login,
      key,
      fetch: async (input) => {
        urls.push(String(input));
        return Response.json({ status: 200, msg: 'OK', result: true });
      },
    });

    await unwrap(client.GET('/file/delete', { params: { query: { file: 'x' } } }));

    expect(urls[0]?.startsWith('https://api.pstream.net/v1/file/delete?file=x&login=')).toBe(true);
  });

  it.each([
    [{ key }, /login is required/],
    [{ login, key: '' }, /key must be a non-empty string/],
    [{ login, key, baseUrl: 'api.pstream.net' }, /baseUrl must be an absolute URL/],
    [{ login, key, timeoutMs: -1 }, /timeoutMs/],
  ])('refuses bad options with a TypeError (%#)', (options, message) => {
    expect(() => createPStreamClient(options as Parameters<typeof createPStreamClient>[0])).toThrow(
      expect.objectContaining({ name: 'TypeError', message: expect.stringMatching(message) }),
    );
  });
});

describe('the key never leaks', () => {
  /** Everything a user could print about an error. */
  const renderings = (error: unknown) => [
    (error as Error).message,
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: 5 }),
  ];
  const expectNoCredentials = (texts: string[]) => {
    for (const text of texts) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(encodeURIComponent(key));
      expect(text).not.toContain(login);
    }
  };

  it('from an error reply that echoes the request, or from the log', async () => {
    // A server that quotes the whole request URL and the key back in its error message.
    const server = await startServer((request) => ({
      body: { status: 403, msg: `Permission denied for ${request.url} (key ${request.query.get('key')})` },
    }));
    const events: LogEvent[] = [];
    const client = createPStreamClient({ login, key, baseUrl: server.url, logger: (e) => events.push(e) });

    const error = await unwrap(client.GET('/account/info')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(server.requests[0]?.query.get('key')).toBe(key); // it did travel
    expectNoCredentials([...renderings(error), JSON.stringify(events)]);
    expect((error as PermissionDeniedError).message).toContain('[REDACTED]');
    expect(events.map((e) => e.type)).toEqual(['request', 'response']);
  });

  it('from a network error', async () => {
    const server = await startServer(() => ok(true));
    const events: LogEvent[] = [];
    const client = createPStreamClient({
      login,
      key,
      baseUrl: server.url,
      retry: false,
      logger: (e) => events.push(e),
      // A fetch whose failure message quotes the URL it was given, credentials included.
      fetch: async (input) => {
        throw new TypeError(`fetch failed: ${String(input)}`);
      },
    });

    const error = await client.GET('/account/info').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toBeInstanceOf(MediaspecError);
    expectNoCredentials([...renderings(error), JSON.stringify(events)]);
  });

  it('from a timeout', async () => {
    const server = await startServer(() => new Promise(() => {}));
    const client = createPStreamClient({ login, key, baseUrl: server.url, timeoutMs: 50, retry: false });

    const error = await client.GET('/account/info').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TimeoutError);
    expectNoCredentials(renderings(error));
  });
});
