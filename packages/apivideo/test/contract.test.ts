/**
 * Contract tests: every operation of specs/apivideo/openapi.yaml, called through the client
 * against a Prism mock of that spec (started by the package's vitest global setup).
 */
import { describe, expect, inject, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  callOptions,
  createApiVideoClient,
  NotFoundError,
  paginateWebhooks,
  RateLimitError,
  unwrap,
} from '../src/index.js';

const baseUrl = inject('mockUrl');
const apiKey = 'mock-api-key-7f3a9c';
const client = createApiVideoClient({ apiKey, baseUrl });

/** A fetch that drops the Authorization header: what a request without credentials looks like on the wire. */
const withoutCredentials: typeof fetch = (url, init) => {
  const headers = new Headers(init?.headers);
  headers.delete('authorization');
  return fetch(url, { ...init, headers });
};
const anonymous = createApiVideoClient({ apiKey, baseUrl, fetch: withoutCredentials });

function expectRateLimitHeaders(response: Response) {
  for (const name of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-retry-after']) {
    expect(response.headers.get(name), name).toMatch(/^\d+$/);
  }
}

describe('GET /webhooks (listWebhooks)', () => {
  it('returns a page of webhooks with pagination and rate-limit headers', async () => {
    const { data, error, response } = await client.GET('/webhooks', {
      params: { query: { events: 'video.encoding.quality.completed', currentPage: 1, pageSize: 25 } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expectRateLimitHeaders(response);
    expect(data?.data.length).toBeGreaterThan(0);
    expect(data?.data[0]).toMatchObject({ webhookId: expect.any(String), events: expect.any(Array) });
    expect(data?.pagination).toMatchObject({ currentPage: 1, pageSize: 25, pagesTotal: 1 });
  });

  it('serves the named empty example', async () => {
    const data = await unwrap(client.GET('/webhooks', { headers: { Prefer: 'example=empty' } }));
    expect(data.data).toEqual([]);
    expect(data.pagination.itemsTotal).toBe(0);
  });

  it('rejects a page size above 100 with 400', async () => {
    const { error, response } = await client.GET('/webhooks', { params: { query: { pageSize: 500 } } });
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ status: 400, title: expect.any(String) });
    expectRateLimitHeaders(response);
  });

  it('accepts an event name it does not know, as api.video does (the filter is a plain string)', async () => {
    const { data, error, response } = await client.GET('/webhooks', { params: { query: { events: 'video.deleted' } } });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(Array.isArray(data?.data)).toBe(true);
  });

  it('names the offending parameter in the 400 body', async () => {
    const { error, response } = await client.GET('/webhooks', { params: { query: { currentPage: 0 } } });
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ status: 400, name: 'currentPage', problems: [{ name: 'currentPage' }] });
  });

  it('answers 401 without credentials', async () => {
    const result = await anonymous.GET('/webhooks');
    expect(result.response.status).toBe(401);
    expect(result.error).toMatchObject({ status: 401 });
    await expect(unwrap(result)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('answers 429 with the rate-limit headers, read back by the caller', async () => {
    const { error, response } = await client.GET('/webhooks', {
      headers: { Prefer: 'code=429' },
      middleware: [callOptions({ retry: false })],
    });
    expect(response.status).toBe(429);
    expect(error).toMatchObject({ status: 429 });
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(response.headers.get('x-ratelimit-retry-after'))).toBeGreaterThan(0);
    const thrown = await unwrap(
      client.GET('/webhooks', { headers: { Prefer: 'code=429' }, middleware: [callOptions({ retry: false })] }),
    ).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(RateLimitError);
    expect(thrown).toMatchObject({ status: 429, method: 'GET', path: '/webhooks' });
  });

  it('walks every page with paginateWebhooks', async () => {
    const all = await paginateWebhooks(client, { pageSize: 25 }).toArray();
    expect(all.map((w) => w.webhookId)).toEqual(['webhook_XXXXXXXXXXXXXXX', 'webhook_1sJPCbAmyNmYTbE6w9SG2B']);
  });
});

describe('POST /webhooks (createWebhook)', () => {
  it('creates a webhook and returns it with its signature secret', async () => {
    const { data, response } = await client.POST('/webhooks', {
      body: { events: ['video.encoding.quality.completed'], url: 'https://example.com/webhooks' },
    });
    expect(response.status).toBe(201);
    expectRateLimitHeaders(response);
    expect(data).toMatchObject({ webhookId: expect.any(String), signatureSecret: expect.any(String) });
    expect(new Date(data?.createdAt ?? '').getTime()).not.toBeNaN();
  });

  it("answers a created webhook without signatureSecret, as api.video's own example does", async () => {
    const { data, error, response } = await client.POST('/webhooks', {
      body: { events: ['video.encoding.quality.completed'], url: 'https://example.com/webhooks' },
      headers: { Prefer: 'example=withoutSecret' },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(data?.signatureSecret).toBeUndefined();
    expect(data?.webhookId).toEqual(expect.any(String));
  });

  it('rejects a payload without url with 400', async () => {
    const result = await client.POST('/webhooks', {
      // @ts-expect-error: url is required by the spec, so the types refuse this body
      body: { events: ['video.encoding.quality.completed'] },
    });
    expect(result.response.status).toBe(400);
    const thrown = await unwrap(result).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(BadRequestError);
    expect(thrown).toMatchObject({ method: 'POST', path: '/webhooks', body: { status: 400 } });
  });

  it('rejects an empty event list with 400', async () => {
    const { response } = await client.POST('/webhooks', { body: { events: [], url: 'https://example.com/hook' } });
    expect(response.status).toBe(400);
  });

  it('answers 401 without credentials', async () => {
    const { response } = await anonymous.POST('/webhooks', {
      body: { events: ['video.source.recorded'], url: 'https://example.com/hook' },
    });
    expect(response.status).toBe(401);
  });
});

describe('GET /webhooks/{webhookId} (getWebhook)', () => {
  const params = { path: { webhookId: 'webhook_XXXXXXXXXXXXXXX' } };

  it('returns the webhook', async () => {
    const data = await unwrap(client.GET('/webhooks/{webhookId}', { params }));
    expect(data).toMatchObject({ webhookId: 'webhook_XXXXXXXXXXXXXXX', url: 'https://example.com/webhooks' });
  });

  it('serves a named example', async () => {
    const data = await unwrap(
      client.GET('/webhooks/{webhookId}', { params, headers: { Prefer: 'example=liveStreams' } }),
    );
    expect(data.events).toContain('live-stream.broadcast.started');
  });

  it("parses a webhook without signatureSecret, as api.video's own examples show it", async () => {
    const { data, error, response } = await client.GET('/webhooks/{webhookId}', {
      params,
      headers: { Prefer: 'example=withoutSecret' },
    });
    expect(error).toBeUndefined();
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(data).toMatchObject({ webhookId: 'webhook_XXXXXXXXXXXXXXX', events: ['video.encoding.quality.completed'] });
    expect(data).not.toHaveProperty('signatureSecret');
    expect(data?.url).toMatch(/^http:/);
  });

  it('answers 404 for an unknown id, as a NotFoundError with the path template', async () => {
    const result = await client.GET('/webhooks/{webhookId}', { params, headers: { Prefer: 'code=404' } });
    expect(result.response.status).toBe(404);
    expectRateLimitHeaders(result.response);
    const thrown = await unwrap(result).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(NotFoundError);
    expect(thrown).toMatchObject({ status: 404, path: '/webhooks/{webhookId}', body: { name: 'webhookId' } });
  });

  it('answers 401 without credentials', async () => {
    const { response } = await anonymous.GET('/webhooks/{webhookId}', { params });
    expect(response.status).toBe(401);
  });
});

describe('DELETE /webhooks/{webhookId} (deleteWebhook)', () => {
  const params = { path: { webhookId: 'webhook_XXXXXXXXXXXXXXX' } };

  it('answers 204 with no body', async () => {
    const { data, error, response } = await client.DELETE('/webhooks/{webhookId}', { params });
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
    expect(error).toBeUndefined();
    expectRateLimitHeaders(response);
  });

  it('answers 404 for an unknown id', async () => {
    const { error, response } = await client.DELETE('/webhooks/{webhookId}', {
      params,
      headers: { Prefer: 'code=404' },
    });
    expect(response.status).toBe(404);
    expect(error).toMatchObject({ status: 404 });
  });

  it('answers 401 without credentials', async () => {
    const { response } = await anonymous.DELETE('/webhooks/{webhookId}', { params });
    expect(response.status).toBe(401);
  });
});

describe('POST /auth/api-key (authenticate)', () => {
  it('exchanges an API key for tokens', async () => {
    const data = await unwrap(anonymous.POST('/auth/api-key', { body: { apiKey } }));
    expect(data).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(data.access_token.length).toBeGreaterThan(0);
    expect(data.refresh_token.length).toBeGreaterThan(0);
  });

  it('rejects a body without apiKey with 400', async () => {
    // @ts-expect-error: apiKey is required
    const { response } = await anonymous.POST('/auth/api-key', { body: {} });
    expect(response.status).toBe(400);
  });
});

describe('POST /auth/refresh (refreshToken)', () => {
  it('exchanges a refresh token for new tokens', async () => {
    const data = await unwrap(anonymous.POST('/auth/refresh', { body: { refreshToken: 'def502-refresh' } }));
    expect(data.token_type).toBe('Bearer');
  });

  it('rejects an empty refresh token with 400', async () => {
    const { response } = await anonymous.POST('/auth/refresh', { body: { refreshToken: '' } });
    expect(response.status).toBe(400);
  });
});

describe('token auth against the mock', () => {
  it('exchanges the key once, then sends the bearer token', async () => {
    const events: string[] = [];
    const tokenClient = createApiVideoClient({
      apiKey,
      baseUrl,
      auth: 'token',
      logger: (event) => {
        if (event.type === 'response') events.push(`${event.method} ${new URL(event.url).pathname} ${event.status}`);
      },
    });
    await unwrap(tokenClient.GET('/webhooks'));
    await unwrap(tokenClient.GET('/webhooks/{webhookId}', { params: { path: { webhookId: 'webhook_1' } } }));
    expect(events).toEqual(['POST /auth/api-key 200', 'GET /webhooks 200', 'GET /webhooks/webhook_1 200']);
  });
});
