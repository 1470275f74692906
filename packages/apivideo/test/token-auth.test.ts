/**
 * Token mode against a local server that plays api.video's auth endpoints: the key is exchanged
 * lazily and once, the refresh token renews an expiring token, and a 401 renews it once.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthenticationError, createApiVideoClient, unwrap } from '../src/index.js';

const apiKey = 'key+with/special=chars';

interface Recorded {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

interface FakeApiVideo {
  url: string;
  requests: Recorded[];
  /** Seconds the tokens it issues live. */
  expiresIn: number;
  /** Answer this many webhook requests 401 even with a valid token. */
  rejectNext: number;
  /** Refuse refresh tokens. */
  refuseRefresh: boolean;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : undefined;
}

let server: Server | undefined;
afterEach(async () => {
  server?.close();
  server = undefined;
});

async function startFakeApiVideo(): Promise<FakeApiVideo> {
  let issued = 0;
  const fake: FakeApiVideo = {
    url: '',
    requests: [],
    expiresIn: 3600,
    rejectNext: 0,
    refuseRefresh: false,
    close: async () => {
      server?.close();
    },
  };
  const valid = new Set<string>();
  const issue = (res: import('node:http').ServerResponse) => {
    issued++;
    const token = { access: `access-${issued}-secret`, refresh: `refresh-${issued}-secret` };
    valid.add(token.access);
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        token_type: 'Bearer',
        expires_in: fake.expiresIn,
        access_token: token.access,
        refresh_token: token.refresh,
      }),
    );
  };
  server = createServer(async (req, res) => {
    const body = await readJson(req);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    fake.requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization, body });
    if (req.method === 'POST' && path === '/auth/api-key') {
      if ((body as { apiKey?: string }).apiKey !== apiKey) {
        res.writeHead(400, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            type: 'about:blank',
            title: `Authentication failed for ${String((body as { apiKey?: string }).apiKey)}`,
            status: 400,
          }),
        );
        return;
      }
      issue(res);
      return;
    }
    if (req.method === 'POST' && path === '/auth/refresh') {
      const refresh = (body as { refreshToken?: string }).refreshToken ?? '';
      if (fake.refuseRefresh || !refresh.startsWith('refresh-')) {
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ type: 'about:blank', title: 'Invalid refresh token', status: 400 }));
        return;
      }
      issue(res);
      return;
    }
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
    if (fake.rejectNext > 0 || !valid.has(token)) {
      if (fake.rejectNext > 0) fake.rejectNext--;
      valid.delete(token);
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ type: 'about:blank', title: `Token ${token} rejected`, status: 401 }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        data: [],
        pagination: { currentPage: 1, pageSize: 25, pagesTotal: 0, itemsTotal: 0, currentPageItems: 0, links: [] },
      }),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

const calls = (fake: FakeApiVideo) => fake.requests.map((r) => `${r.method} ${r.path}`);

describe('createApiVideoClient({ auth: "token" })', () => {
  it('exchanges the key lazily, once, and sends the bearer token', async () => {
    const fake = await startFakeApiVideo();
    const client = createApiVideoClient({ apiKey, baseUrl: fake.url, auth: 'token' });
    expect(fake.requests).toEqual([]);
    await unwrap(client.GET('/webhooks'));
    await unwrap(client.GET('/webhooks'));
    expect(calls(fake)).toEqual(['POST /auth/api-key', 'GET /webhooks', 'GET /webhooks']);
    expect(fake.requests[0]?.body).toEqual({ apiKey });
    expect(fake.requests[1]?.authorization).toBe('Bearer access-1-secret');
  });

  it('never runs two exchanges at once', async () => {
    const fake = await startFakeApiVideo();
    const client = createApiVideoClient({ apiKey, baseUrl: fake.url, auth: 'token' });
    await Promise.all(Array.from({ length: 5 }, () => unwrap(client.GET('/webhooks'))));
    expect(calls(fake).filter((c) => c.startsWith('POST'))).toEqual(['POST /auth/api-key']);
    expect(
      fake.requests.filter((r) => r.path === '/webhooks').every((r) => r.authorization === 'Bearer access-1-secret'),
    ).toBe(true);
  });

  it('renews a token about to expire with its refresh token, before sending', async () => {
    const fake = await startFakeApiVideo();
    // A token living 30 s is inside the 30 s renewal margin at once, so every use renews it.
    fake.expiresIn = 30;
    const client = createApiVideoClient({ apiKey, baseUrl: fake.url, auth: 'token' });
    await unwrap(client.GET('/webhooks'));
    await unwrap(client.GET('/webhooks'));
    expect(calls(fake)).toEqual(['POST /auth/api-key', 'GET /webhooks', 'POST /auth/refresh', 'GET /webhooks']);
    expect(fake.requests[2]?.body).toEqual({ refreshToken: 'refresh-1-secret' });
    expect(fake.requests[3]?.authorization).toBe('Bearer access-2-secret');
  });

  it('exchanges the key again when the refresh token is refused', async () => {
    const fake = await startFakeApiVideo();
    fake.expiresIn = 30;
    fake.refuseRefresh = true;
    const client = createApiVideoClient({ apiKey, baseUrl: fake.url, auth: 'token' });
    await unwrap(client.GET('/webhooks'));
    await unwrap(client.GET('/webhooks'));
    expect(calls(fake)).toEqual([
      'POST /auth/api-key',
      'GET /webhooks',
      'POST /auth/refresh',
      'POST /auth/api-key',
      'GET /webhooks',
    ]);
  });

  it('renews once after a 401 and sends the request again', async () => {
    const fake = await startFakeApiVideo();
    const client = createApiVideoClient({ apiKey, baseUrl: fake.url, auth: 'token' });
    await unwrap(client.GET('/webhooks'));
    fake.rejectNext = 1;
    await unwrap(client.GET('/webhooks'));
    expect(calls(fake)).toEqual([
      'POST /auth/api-key',
      'GET /webhooks',
      'GET /webhooks',
      'POST /auth/refresh',
      'GET /webhooks',
    ]);
  });

  it('returns a second 401 instead of renewing in a loop', async () => {
    const fake = await startFakeApiVideo();
    const client = createApiVideoClient({ apiKey, baseUrl: fake.url, auth: 'token' });
    fake.rejectNext = 2;
    const error = await unwrap(client.GET('/webhooks')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(calls(fake)).toEqual(['POST /auth/api-key', 'GET /webhooks', 'POST /auth/refresh', 'GET /webhooks']);
    // The server echoed the rejected token in its error body: it must not reach the error.
    for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(text).not.toMatch(/access-\d-secret|refresh-\d-secret/);
    }
  });

  it('reports a refused API key without revealing it', async () => {
    const fake = await startFakeApiVideo();
    const client = createApiVideoClient({ apiKey: 'wrong-key-1234', baseUrl: fake.url, auth: 'token' });
    const error = await unwrap(client.GET('/webhooks')).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, path: '/auth/api-key' });
    for (const text of [
      (error as Error).message,
      String(error),
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
    ]) {
      expect(text).not.toContain('wrong-key-1234');
    }
  });
});

describe('createApiVideoClient({ auth: "basic" })', () => {
  it('sends the key as the Basic username with an empty password', async () => {
    const fake = await startFakeApiVideo();
    const client = createApiVideoClient({ apiKey, baseUrl: fake.url });
    await client.GET('/webhooks');
    expect(fake.requests[0]?.authorization).toBe(`Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`);
  });

  it('refuses a missing key or an unknown auth mode with a clear error', () => {
    expect(() => createApiVideoClient({ apiKey: '' })).toThrow(/apiKey must be a non-empty string/);
    // @ts-expect-error: not a supported mode
    expect(() => createApiVideoClient({ apiKey, auth: 'oauth' })).toThrow(/"basic" or "token"/);
  });
});
