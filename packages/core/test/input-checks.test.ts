/**
 * What is refused before anything is sent: path parameters that would address another
 * resource, and durations a timer cannot wait; and the overall deadline of a call.
 */
import { describe, expect, it } from 'vitest';
import { callOptions, TimeoutError } from '../src/index.js';
import { testClient } from './support/api.js';
import { startServer } from './support/server.js';

describe('path parameters', () => {
  it.each([
    ['..', '".."'],
    ['.', '"."'],
    ['%2e%2E', '"%2e%2E"'],
    ['', 'empty'],
  ])('refuses %j with a TypeError naming the parameter, sending nothing', async (id, shown) => {
    const server = await startServer();
    const { client } = testClient(server);

    const call = client.DELETE('/items/{id}', { params: { path: { id } } });

    await expect(call).rejects.toThrow(TypeError);
    await expect(call).rejects.toThrow(`the path parameter "id" must not be ${shown}`);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ['undefined', { id: undefined }],
    ['missing', {}],
  ])('refuses a parameter that is %s', async (_what, path) => {
    const server = await startServer();
    const { client } = testClient(server);

    const call = client.DELETE('/items/{id}', { params: { path: path as { id: string } } });

    await expect(call).rejects.toThrow('/items/{id}: the path parameter "id" is missing');
    expect(server.requests).toHaveLength(0);
  });

  it('sends values that only look odd, encoded', async () => {
    const server = await startServer({ fallback: { status: 204 } });
    const { client } = testClient(server);

    for (const id of ['...', 'a/..', '.hidden', ' ']) await client.DELETE('/items/{id}', { params: { path: { id } } });

    expect(server.requests.map((r) => r.url)).toEqual(['/items/...', '/items/a%2F..', '/items/.hidden', '/items/%20']);
  });
});

describe('durations', () => {
  const beyond = 2 ** 31;

  it('refuses a duration a timer cannot wait, in every option', async () => {
    const server = await startServer();
    expect(() => testClient(server, { timeoutMs: beyond })).toThrow(/timeoutMs must be at most 2147483647 ms/);
    expect(() => testClient(server, { deadlineMs: beyond })).toThrow(/deadlineMs/);
    expect(() => testClient(server, { retry: { maxDelayMs: beyond } })).toThrow(/retry\.maxDelayMs/);
    expect(() => testClient(server, { retry: { maxRetryAfterMs: Number.POSITIVE_INFINITY } })).toThrow(
      /retry\.maxRetryAfterMs/,
    );
    expect(() => callOptions({ timeoutMs: beyond })).toThrow(/timeoutMs/);
    expect(() => callOptions({ deadlineMs: -1 })).toThrow(/deadlineMs/);
    expect(() => testClient(server, { timeoutMs: 2 ** 31 - 1 })).not.toThrow();
  });

  it('returns at once a response whose Retry-After is longer than a timer can wait', async () => {
    const server = await startServer({ fallback: { status: 503, headers: { 'retry-after': String(2 ** 31) } } });
    const { client, clock } = testClient(server, { retry: { maxRetryAfterMs: 2 ** 31 - 1 } });

    const { response } = await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(response.status).toBe(503);
    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });
});

describe('deadlineMs', () => {
  it('bounds every attempt of a call together, with a TimeoutError naming the deadline', async () => {
    // Each reply is late: within timeoutMs, but three of them are not within the deadline.
    const server = await startServer({ fallback: { status: 503, delayMs: 400 } });
    const { client } = testClient(server, {
      timeoutMs: 10_000,
      deadlineMs: 1_000,
      retry: { retries: 10, minDelayMs: 1, maxDelayMs: 1 },
    });

    const error = await client.GET('/items/{id}', { params: { path: { id: '1' } } }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).limit).toBe('deadlineMs');
    expect((error as TimeoutError).timeoutMs).toBe(1_000);
    expect((error as Error).message).toMatch(/deadline of 1000 ms/);
    expect(server.requests.length).toBeLessThan(11);
  });

  it('does not wait for a retry that would end after the deadline', async () => {
    const server = await startServer({ fallback: { status: 503, headers: { 'retry-after': '30' } } });
    const { client, clock } = testClient(server, { deadlineMs: 10_000 });

    const { response } = await client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(response.status).toBe(503);
    expect(clock.sleeps).toEqual([]);
  });

  it('is set per call, and 0 turns it off', async () => {
    const server = await startServer({ fallback: { body: { id: '1', name: 'a' }, delayMs: 300 } });
    const { client } = testClient(server, { deadlineMs: 100 });

    const off = await client.GET('/items/{id}', {
      params: { path: { id: '1' } },
      middleware: [callOptions({ deadlineMs: 0 })],
    });
    const on = client.GET('/items/{id}', { params: { path: { id: '1' } } });

    expect(off.data).toEqual({ id: '1', name: 'a' });
    await expect(on).rejects.toBeInstanceOf(TimeoutError);
  });
});
