/**
 * createNodeumClient(): option checks, the Authorization header each kind of credential sends
 * (read by a local server), and that no credential ever shows in an error or a log.
 */
import { inspect } from 'node:util';
import type { LogEvent } from '@mediaspec/core';
import { startServer, type TestServer } from '@mediaspec/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, createNodeumClient, type NodeumClientOptions, unwrap } from '../src/index.js';

const username = 'archivist';
const password = 'pw-Zr4!q9-secret';
const apiKey = 'nk_live_4b1f0e7c9a2d4e88';
const basicToken = Buffer.from(`${username}:${password}`).toString('base64');

describe('createNodeumClient options', () => {
  const baseUrl = 'https://nodeum.example.com/api/v2';
  const invalid: [string, unknown, RegExp][] = [
    ['no options', undefined, /pass an options object/],
    [
      'no baseUrl',
      { apiKey },
      /baseUrl is required \(your self-hosted Nodeum server at "\{scheme\}:\/\/\{host\}\/api\/v2", e\.g\. "https:\/\/localhost\/api\/v2"\)$/,
    ],
    ['a relative baseUrl', { baseUrl: '/api/v2', apiKey }, /baseUrl must be an absolute URL/],
    ['no credentials', { baseUrl }, /username is required \(or pass apiKey\)/],
    ['both kinds of credentials', { baseUrl, apiKey, username, password }, /either username and password, or apiKey/],
    ['an empty apiKey', { baseUrl, apiKey: ' ' }, /apiKey must be a non-empty string/],
    ['a username without password', { baseUrl, username }, /password is required/],
    ['an empty password', { baseUrl, username, password: '' }, /password must be a non-empty string/],
    ['a colon in the username', { baseUrl, username: 'a:b', password }, /username must not contain ":"/],
    ['a negative timeout', { baseUrl, apiKey, timeoutMs: -1 }, /timeoutMs must be a finite number >= 0/],
  ];
  it.each(invalid)('throws a TypeError for %s', (_, options, message) => {
    expect(() => createNodeumClient(options as NodeumClientOptions)).toThrow(TypeError);
    expect(() => createNodeumClient(options as NodeumClientOptions)).toThrow(message);
  });

  it('refuses mixed credentials at compile time too', () => {
    // @ts-expect-error: username/password and apiKey are exclusive
    const mixed: NodeumClientOptions = { baseUrl, apiKey, username, password };
    expect(mixed.baseUrl).toBe(baseUrl);
  });
});

describe('credentials on the wire', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Answers 401 and echoes the Authorization header it got, as a careless server might.
    server = await startServer((request) => ({
      status: request.url.includes('/cloud_connectors/') ? 401 : 200,
      body: request.url.includes('/cloud_connectors/')
        ? { messages: [`Invalid credentials: ${request.headers.authorization}`] }
        : { count: 0, cloud_connectors: [] },
    }));
  });
  afterAll(() => server.close());

  it('sends HTTP Basic for username and password', async () => {
    const client = createNodeumClient({ baseUrl: `${server.url}/api/v2`, username, password });
    await unwrap(client.GET('/cloud_connectors'));
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Basic ${basicToken}`);
  });

  it('sends the API key as the whole Authorization header value', async () => {
    const client = createNodeumClient({ baseUrl: `${server.url}/api/v2`, apiKey });
    await unwrap(client.GET('/cloud_connectors'));
    expect(server.requests.at(-1)?.headers.authorization).toBe(apiKey);
  });

  const cases: [string, (baseUrl: string) => NodeumClientOptions, string[]][] = [
    ['Basic', (baseUrl) => ({ baseUrl, username, password }), [password, basicToken, username]],
    ['API key', (baseUrl) => ({ baseUrl, apiKey }), [apiKey]],
  ];
  it.each(cases)('never shows the %s credentials in errors or logs', async (_, options, secrets) => {
    const events: LogEvent[] = [];
    const client = createNodeumClient({ ...options(`${server.url}/api/v2`), logger: (event) => events.push(event) });

    const error = await unwrap(
      client.GET('/cloud_connectors/{cloud_connector_id}', { params: { path: { cloud_connector_id: 'archive-s3' } } }),
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AuthenticationError);
    // The server did echo the credential; the error body must have it replaced.
    expect((error as AuthenticationError).body).toEqual({ messages: [expect.stringContaining('[REDACTED]')] });
    const shown = [
      (error as Error).message,
      String(error),
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
      JSON.stringify(events),
    ].join('\n');
    for (const secret of secrets) expect(shown).not.toContain(secret);
  });
});
