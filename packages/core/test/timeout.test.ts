/**
 * Timeouts per attempt and the caller's own signal, against a real server that answers late.
 * The late replies take 5 s; each test asserts that it ended long before that.
 */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_MS } from '../src/client.js';
import { callOptions, MediaspecError, TimeoutError, unwrap } from '../src/index.js';
import { testClient } from './support/api.js';
import { startServer } from './support/server.js';

const item = { id: '1', name: 'first' };
/** Far less than the 5 s the slow server takes, and far more than a 300 ms timeout needs. */
const WELL_BEFORE_THE_SLOW_REPLY_MS = 2500;

describe('timeoutMs', () => {
  it('ends a 5 s response with a TimeoutError when timeoutMs is 300, and does not retry it', async () => {
    const server = await startServer({ fallback: { delayMs: 5000, body: item } });
    const { client, clock } = testClient(server, { timeoutMs: 300, retry: { retries: 3 } });

    const started = performance.now();
    const error = await client.GET('/items/{id}', { params: { path: { id: '1' } } }).catch((e: unknown) => e);
    const elapsed = performance.now() - started;

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(MediaspecError);
    const timeout = error as TimeoutError;
    expect(timeout.timeoutMs).toBe(300);
    expect(timeout.method).toBe('GET');
    expect(timeout.url).toBe(`${server.url}/items/1`);
    expect(timeout.message).toBe(`GET ${server.url}/items/1 timed out after 300 ms`);
    expect(elapsed).toBeLessThan(WELL_BEFORE_THE_SLOW_REPLY_MS);
    // Never sent twice; on a loaded machine the timeout may even end it before the server read it.
    expect(server.requests.length).toBeLessThanOrEqual(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('takes a per-call timeout from callOptions({ timeoutMs })', async () => {
    const server = await startServer({ fallback: { delayMs: 5000, body: item } });
    const { client } = testClient(server);

    const started = performance.now();
    const error = await client
      .GET('/items', { middleware: [callOptions({ timeoutMs: 300 })] })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(300);
    expect(performance.now() - started).toBeLessThan(WELL_BEFORE_THE_SLOW_REPLY_MS);
    // Never sent twice; on a loaded machine the timeout may even end it before the server read it.
    expect(server.requests.length).toBeLessThanOrEqual(1);
  });

  it('covers reading the body: headers at once, body after 5 s, is a timeout too', async () => {
    const server = await startServer({ fallback: { bodyDelayMs: 5000, body: item } });
    const { client } = testClient(server, { timeoutMs: 300 });

    const started = performance.now();
    const error = await client.GET('/items/{id}', { params: { path: { id: '1' } } }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeLessThan(WELL_BEFORE_THE_SLOW_REPLY_MS);
    expect(server.requests).toHaveLength(1);
  });

  it('is not retried for a POST that opted into retries either', async () => {
    const server = await startServer({ fallback: { delayMs: 5000, body: item } });
    const { client } = testClient(server, { timeoutMs: 300 });

    const error = await client
      .POST('/items', { body: { name: 'x' }, middleware: [callOptions({ idempotent: true })] })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TimeoutError);
    // Never sent twice; on a loaded machine the timeout may even end it before the server read it.
    expect(server.requests.length).toBeLessThanOrEqual(1);
  });

  it('returns a response that arrives within the timeout', async () => {
    const server = await startServer({ fallback: { delayMs: 50, body: item } });
    const { client } = testClient(server, { timeoutMs: 5000 });

    await expect(unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }))).resolves.toEqual(item);
  });

  it('is turned off by timeoutMs: 0', async () => {
    const server = await startServer({ fallback: { delayMs: 400, body: item } });
    const { client } = testClient(server, { timeoutMs: 0, retry: false });
    const limited = testClient(server, { timeoutMs: 100, retry: false }).client;

    await expect(unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }))).resolves.toEqual(item);
    await expect(limited.GET('/items/{id}', { params: { path: { id: '1' } } })).rejects.toBeInstanceOf(TimeoutError);
  });

  it('defaults to 60 s and rejects invalid values', () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(60_000);
    const server = { url: 'http://127.0.0.1:9' };
    expect(() => testClient(server, { timeoutMs: -1 })).toThrow(TypeError);
    expect(() => testClient(server, { timeoutMs: Number.POSITIVE_INFINITY })).toThrow(TypeError);
    expect(() => callOptions({ timeoutMs: -1 })).toThrow(TypeError);
    expect(() => callOptions({ timeoutMs: Number.NaN })).toThrow(TypeError);
  });

  it('turns the timeout off for one call with callOptions({ timeoutMs: 0 })', async () => {
    const server = await startServer({ fallback: { delayMs: 400, body: item } });
    const { client } = testClient(server, { timeoutMs: 100 });
    const slow = await client.GET('/items/{id}', {
      params: { path: { id: '1' } },
      middleware: [callOptions({ timeoutMs: 0 })],
    });
    expect(slow.data).toEqual(item);
    const error = await client.GET('/items/{id}', { params: { path: { id: '1' } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });
});

describe('the caller’s signal', () => {
  it('aborts a request in flight with the caller’s reason, not a TimeoutError, and does not retry', async () => {
    const server = await startServer({ fallback: { delayMs: 5000, body: item } });
    const { client, clock } = testClient(server, { timeoutMs: 4000 });
    const controller = new AbortController();
    const reason = new Error('cancelled by the user');

    const started = performance.now();
    const pending = client.GET('/items/{id}', { params: { path: { id: '1' } }, signal: controller.signal });
    await server.waitForRequests(1);
    controller.abort(reason);

    await expect(pending).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(WELL_BEFORE_THE_SLOW_REPLY_MS);
    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('aborts while the body is being read', async () => {
    const server = await startServer({ fallback: { bodyDelayMs: 5000, body: item } });
    const { client } = testClient(server);
    const controller = new AbortController();

    const pending = client.GET('/items/{id}', { params: { path: { id: '1' } }, signal: controller.signal });
    await server.waitForRequests(1);
    controller.abort();

    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(server.requests).toHaveLength(1);
  });
});
