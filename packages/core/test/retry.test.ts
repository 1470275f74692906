/**
 * The retry rules against a real server: which statuses and failures are retried, for which
 * methods, how long the client waits (read from the injected clock), and when it gives up.
 */
import { describe, expect, it } from 'vitest';
import { callOptions, InternalServerError, type LogEvent, NetworkError, unwrap } from '../src/index.js';
import { testClient } from './support/api.js';
import { refusingUrl, startServer } from './support/server.js';

const item = { id: '1', name: 'first' };

/** The backoff bounds of retry number `n` (from 1): 50–100 % of min * 2^(n-1), capped at max. */
function backoffRange(n: number, minDelayMs: number, maxDelayMs: number): [number, number] {
  const base = Math.min(maxDelayMs, minDelayMs * 2 ** (n - 1));
  return [Math.round(base * 0.5), base];
}

describe('server-requested delays', () => {
  it('retries a 429 with X-RateLimit-Retry-After: 1 once, after sleeping 1000 ms', async () => {
    const server = await startServer();
    server.reply({ status: 429, headers: { 'x-ratelimit-retry-after': '1' }, body: { message: 'slow down' } });
    server.reply({ body: item });
    const { client, clock } = testClient(server);

    const { data, error, response } = await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(item);
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([1000]);
  });

  it.each([
    ['2', 2000],
    ['1.5', 1500],
    ['0', 0],
  ])('retries a 429 with Retry-After: %s (seconds) after %i ms', async (header, expected) => {
    const server = await startServer();
    server.reply({ status: 429, headers: { 'retry-after': header } }, { body: item });
    const { client, clock } = testClient(server);

    const data = await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));

    expect(data).toEqual(item);
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([expected]);
  });

  it('retries a 429 with Retry-After as an HTTP date, waiting until that date', async () => {
    const server = await startServer();
    // A whole second 30 to 31 seconds ahead (HTTP dates have one-second precision): far enough
    // that a loaded machine's delay before the reply is read cannot eat the wait.
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 30_000);
    server.reply({ status: 429, headers: { 'retry-after': at.toUTCString() } }, { body: item });
    const { client, clock } = testClient(server);

    await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));

    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeGreaterThan(20_000);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(31_000);
  });

  it('treats an HTTP date in the past as no wait', async () => {
    const server = await startServer();
    server.reply({ status: 503, headers: { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' } }, { body: item });
    const { client, clock } = testClient(server);

    await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));

    expect(clock.sleeps).toEqual([0]);
  });

  it('prefers Retry-After over X-RateLimit-Retry-After', async () => {
    const server = await startServer();
    server.reply({ status: 429, headers: { 'retry-after': '3', 'x-ratelimit-retry-after': '1' } }, { body: item });
    const { client, clock } = testClient(server);

    await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));

    expect(clock.sleeps).toEqual([3000]);
  });

  it('does not wait for a Retry-After beyond maxRetryAfterMs (default 60 s): the 429 is returned at once', async () => {
    const server = await startServer();
    server.reply({ status: 429, headers: { 'retry-after': '120' }, body: { message: 'quota exhausted' } });
    const { client, clock } = testClient(server);

    const { data, error, response } = await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(data).toBeUndefined();
    expect(error).toEqual({ message: 'quota exhausted' });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('120');
    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('applies a custom maxRetryAfterMs to X-RateLimit-Retry-After and to HTTP dates', async () => {
    const server = await startServer();
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    server.reply(
      { status: 429, headers: { 'x-ratelimit-retry-after': '1' } },
      { status: 503, headers: { 'retry-after': inAMinute } },
    );
    const { client, clock } = testClient(server, { retry: { maxRetryAfterMs: 500 } });

    const first = await client.GET('/items/{id}', { params: { path: { id: '1' } } });
    const second = await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(first.response.status).toBe(429);
    expect(second.response.status).toBe(503);
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([]);
  });
});

describe('503 bursts and backoff', () => {
  it('rides out n failures and then succeeds, with exponential backoff and jitter, capped', async () => {
    const server = await startServer();
    server.reply({ status: 503 }, { status: 503 }, { status: 503 }, { body: item });
    const retry = { retries: 3, minDelayMs: 100, maxDelayMs: 250 };
    const { client, clock } = testClient(server, { retry });

    const data = await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));

    expect(data).toEqual(item);
    expect(server.requests).toHaveLength(4);
    expect(clock.sleeps).toHaveLength(3);
    clock.sleeps.forEach((ms, i) => {
      const [low, high] = backoffRange(i + 1, retry.minDelayMs, retry.maxDelayMs);
      expect(ms).toBeGreaterThanOrEqual(low);
      expect(ms).toBeLessThanOrEqual(high);
    });
  });

  it('gives up after retries + 1 attempts and returns the last 503 as an error result', async () => {
    const server = await startServer({ fallback: { status: 503, body: { message: 'maintenance' } } });
    const events: LogEvent[] = [];
    const { client, clock } = testClient(server, { retry: { retries: 2 }, logger: (event) => events.push(event) });

    const result = await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(result.data).toBeUndefined();
    expect(result.error).toEqual({ message: 'maintenance' });
    expect(result.response.status).toBe(503);
    expect(server.requests).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
    expect(events.filter((e) => e.type === 'request').map((e) => e.attempt)).toEqual([1, 2, 3]);
    await expect(unwrap(result)).rejects.toBeInstanceOf(InternalServerError);
  });

  it('uses the default policy (2 retries, from 500 ms) when none is given', async () => {
    const server = await startServer({ fallback: { status: 502 } });
    const { client, clock } = testClient(server);

    const { response } = await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(response.status).toBe(502);
    expect(server.requests).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
    clock.sleeps.forEach((ms, i) => {
      const [low, high] = backoffRange(i + 1, 500, 8000);
      expect(ms).toBeGreaterThanOrEqual(low);
      expect(ms).toBeLessThanOrEqual(high);
    });
  });

  it.each([408, 429, 500, 502, 503, 504])('retries status %i', async (status) => {
    const server = await startServer();
    server.reply({ status }, { body: item });
    const { client } = testClient(server);

    const { response } = await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 409, 422, 501])('does not retry status %i', async (status) => {
    const server = await startServer();
    server.reply({ status, body: { message: 'no' } }, { body: item });
    const { client, clock } = testClient(server);

    const { response } = await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(response.status).toBe(status);
    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });
});

describe('which methods are retried', () => {
  const newItem = { name: 'café ☕ — 雪', tags: ['a+b/c', 'ü'] };

  it('sends a POST answered 503 exactly once', async () => {
    const server = await startServer({ fallback: { status: 503, body: { message: 'busy' } } });
    const { client, clock } = testClient(server);

    const { error, response } = await client.POST('/items', { body: newItem });

    expect(response.status).toBe(503);
    expect(error).toEqual({ message: 'busy' });
    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('sends a PATCH answered 503 exactly once', async () => {
    const server = await startServer({ fallback: { status: 503 } });
    const { client } = testClient(server);

    const { response } = await client.PATCH('/items/{id}', { params: { path: { id: '1' } }, body: { name: 'x' } });

    expect(response.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a POST that opted in with callOptions({ idempotent: true }), re-sending the same bytes', async () => {
    const server = await startServer();
    server.reply({ status: 503 }, { status: 429, headers: { 'retry-after': '1' } }, { status: 201, body: item });
    const { client, clock } = testClient(server);

    const { data, response } = await client.POST('/items', {
      body: newItem,
      middleware: [callOptions({ idempotent: true })],
    });

    expect(response.status).toBe(201);
    expect(data).toEqual(item);
    expect(server.requests).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
    expect(clock.sleeps[1]).toBe(1000);
    const sent = Buffer.from(JSON.stringify(newItem));
    for (const request of server.requests) {
      expect(request.method).toBe('POST');
      expect(request.body.equals(sent)).toBe(true);
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['content-length']).toBe(String(sent.length));
    }
  });

  it('retries a PUT, re-sending the same body', async () => {
    const server = await startServer();
    server.reply({ status: 503 }, { status: 500 }, { body: item });
    const { client } = testClient(server);

    const { data } = await client.PUT('/items/{id}', { params: { path: { id: '1' } }, body: newItem });

    expect(data).toEqual(item);
    expect(server.requests.map((r) => r.method)).toEqual(['PUT', 'PUT', 'PUT']);
    const sent = Buffer.from(JSON.stringify(newItem));
    for (const request of server.requests) expect(request.body.equals(sent)).toBe(true);
  });

  it('retries a DELETE', async () => {
    const server = await startServer();
    server.reply({ status: 503 }, { status: 204 });
    const { client } = testClient(server);

    const { error, response } = await client.DELETE('/items/{id}', { params: { path: { id: '1' } } });

    expect(error).toBeUndefined();
    expect(response.status).toBe(204);
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['DELETE /items/1', 'DELETE /items/1']);
  });
});

describe('turning retries off or changing them per call', () => {
  it('makes one attempt with retry: false', async () => {
    const server = await startServer({ fallback: { status: 503 } });
    const { client, clock } = testClient(server, { retry: false });

    const { response } = await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(response.status).toBe(503);
    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('makes one attempt with callOptions({ retry: false }) on a client that retries', async () => {
    const server = await startServer({ fallback: { status: 429, headers: { 'retry-after': '1' } } });
    const { client } = testClient(server, { retry: { retries: 5 } });

    const { response } = await client.GET('/items/{id}', {
      params: { path: { id: '1' } },
      middleware: [callOptions({ retry: false })],
    });

    expect(response.status).toBe(429);
    expect(server.requests).toHaveLength(1);
  });

  it('takes the retry count of callOptions({ retry }) over the client’s', async () => {
    const server = await startServer({ fallback: { status: 503 } });
    const { client } = testClient(server, { retry: false });

    await client.GET('/items/{id}', {
      params: { path: { id: '1' } },
      middleware: [callOptions({ retry: { retries: 4, minDelayMs: 1, maxDelayMs: 1 } })],
    });

    expect(server.requests).toHaveLength(5);
  });

  it('rejects invalid retry options when the client is created', () => {
    const server = { url: 'http://127.0.0.1:9' };
    expect(() => testClient(server, { retry: { retries: -1 } })).toThrow(TypeError);
    expect(() => testClient(server, { retry: { minDelayMs: 2000, maxDelayMs: 1000 } })).toThrow(/minDelayMs/);
    expect(() => testClient(server, { retry: { maxRetryAfterMs: Number.NaN } })).toThrow(/maxRetryAfterMs/);
  });
});

describe('network failures', () => {
  it('retries a GET whose connection was reset, then succeeds', async () => {
    const server = await startServer();
    server.reply({ fault: 'reset' }, { body: item });
    const { client, clock } = testClient(server);

    const data = await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));

    expect(data).toEqual(item);
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toHaveLength(1);
  });

  it.each([
    ['reset before the response', 'reset', 'ECONNRESET'],
    ['closed before the response', 'close', 'UND_ERR_SOCKET'],
    ['reset mid-body', 'reset-mid-body', 'UND_ERR_SOCKET'],
  ] as const)(
    'gives up on a connection %s with a NetworkError after retries + 1 attempts',
    async (_what, fault, code) => {
      const server = await startServer({ fallback: { fault } });
      const { client, clock } = testClient(server, { retry: { retries: 2 } });

      const error = await client.GET('/items/{id}', { params: { path: { id: '1' } } }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(NetworkError);
      const networkError = error as NetworkError;
      expect(networkError.attempts).toBe(3);
      expect(networkError.method).toBe('GET');
      expect(networkError.url).toBe(`${server.url}/items/1`);
      expect(networkError.message).toContain('failed after 3 attempts');
      expect((networkError.cause as { code?: string }).code).toBe(code);
      expect(server.requests).toHaveLength(3);
      expect(clock.sleeps).toHaveLength(2);
    },
  );

  it('retries a refused connection and then throws a NetworkError', async () => {
    const { client, clock } = testClient({ url: await refusingUrl() }, { retry: { retries: 3 } });

    const error = await client.GET('/items').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).attempts).toBe(4);
    expect((error as NetworkError).message).toContain('ECONNREFUSED');
    expect(clock.sleeps).toHaveLength(3);
  });

  it('sends a POST whose connection was reset only once', async () => {
    const server = await startServer({ fallback: { fault: 'reset' } });
    const { client, clock } = testClient(server);

    const error = await client.POST('/items', { body: { name: 'x' } }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).attempts).toBe(1);
    expect((error as NetworkError).message).toContain('failed after 1 attempt:');
    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });
});

describe('the caller’s signal', () => {
  it.each([
    ['a 503', { status: 503 }],
    ['a reset connection', { fault: 'reset' }],
  ] as const)(
    'ends the retry sleep after %s at once when the caller aborts, with no further attempt',
    async (_what, fallback) => {
      const server = await startServer({ fallback });
      const { client, clock } = testClient(server);
      clock.hold = true;
      const controller = new AbortController();
      const reason = new Error('the user went away');

      const pending = client.GET('/items/{id}', { params: { path: { id: '1' } }, signal: controller.signal });
      await clock.nextSleep();
      controller.abort(reason);

      await expect(pending).rejects.toBe(reason);
      expect(server.requests).toHaveLength(1);
      expect(clock.sleeps).toHaveLength(1);
    },
  );

  it('makes no attempt when the signal is already aborted', async () => {
    const server = await startServer();
    const { client } = testClient(server);
    const reason = new Error('too late');

    await expect(client.GET('/items', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(server.requests).toHaveLength(0);
  });
});
