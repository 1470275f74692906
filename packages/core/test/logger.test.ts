/**
 * The logger hook: one event per request, response, retry and failure, with the method, the
 * redacted URL, the attempt number, the status and the duration measured on the client's clock.
 */
import { describe, expect, it } from 'vitest';
import { apiKeyQuery, bearerTokenProvider, callOptions, type LogEvent, REDACTED, unwrap } from '../src/index.js';
import { testClient } from './support/api.js';
import { TestClock } from './support/clock.js';
import { startServer } from './support/server.js';

const item = { id: '1', name: 'first' };

/** A clock that moves 5 ms forward each time it is read, so every attempt lasts 5 ms. */
class TickingClock extends TestClock {
  override now(): number {
    const now = this.time;
    this.time += 5;
    return now;
  }
}

async function logged(...args: Parameters<typeof startServer>) {
  const server = await startServer(...args);
  const events: LogEvent[] = [];
  const logger = (event: LogEvent) => events.push(event);
  return { server, events, logger, url: `${server.url}/items/1` };
}

describe('logger events', () => {
  it('logs a request and its response, with the status and the duration on the clock', async () => {
    const { server, events, logger, url } = await logged({ fallback: { body: item } });
    const { client } = testClient(server, { logger, clock: new TickingClock() });

    await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));

    expect(events).toEqual([
      { type: 'request', method: 'GET', url, attempt: 1 },
      { type: 'response', method: 'GET', url, attempt: 1, status: 200, durationMs: 5 },
    ]);
  });

  it('logs each retry of a status with its reason and delay, and numbers the attempts', async () => {
    const { server, events, logger, url } = await logged();
    server.reply({ status: 503 }, { status: 429, headers: { 'x-ratelimit-retry-after': '1' } }, { body: item });
    const { client, clock } = testClient(server, { logger });

    await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));

    expect(events.map((e) => [e.type, e.attempt])).toEqual([
      ['request', 1],
      ['retry', 1],
      ['request', 2],
      ['retry', 2],
      ['request', 3],
      ['response', 3],
    ]);
    const retries = events.filter((e) => e.type === 'retry');
    expect(retries).toEqual([
      { type: 'retry', method: 'GET', url, attempt: 1, reason: 'status 503', delayMs: clock.sleeps[0] },
      { type: 'retry', method: 'GET', url, attempt: 2, reason: 'status 429', delayMs: 1000 },
    ]);
    expect(clock.sleeps[1]).toBe(1000);
    expect(events.at(-1)).toMatchObject({ type: 'response', status: 200 });
  });

  it('logs a network failure as an error event, then the retry', async () => {
    const { server, events, logger, url } = await logged();
    server.reply({ fault: 'reset' }, { body: item });
    const { client } = testClient(server, { logger, clock: new TickingClock() });

    await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));

    expect(events).toEqual([
      { type: 'request', method: 'GET', url, attempt: 1 },
      { type: 'error', method: 'GET', url, attempt: 1, durationMs: 5, error: 'ECONNRESET' },
      { type: 'retry', method: 'GET', url, attempt: 1, reason: 'ECONNRESET', delayMs: expect.any(Number) },
      { type: 'request', method: 'GET', url, attempt: 2 },
      { type: 'response', method: 'GET', url, attempt: 2, status: 200, durationMs: 5 },
    ]);
  });

  it('logs a timeout as an error event, with no retry', async () => {
    const { server, events, logger, url } = await logged({ fallback: { delayMs: 5000, body: item } });
    const { client } = testClient(server, { logger, timeoutMs: 100 });

    await expect(client.GET('/items/{id}', { params: { path: { id: '1' } } })).rejects.toThrow('timed out');

    expect(events).toEqual([
      { type: 'request', method: 'GET', url, attempt: 1 },
      {
        type: 'error',
        method: 'GET',
        url,
        attempt: 1,
        durationMs: expect.any(Number),
        error: 'timed out after 100 ms',
      },
    ]);
  });

  it('logs the renewal after a 401 as a retry without delay', async () => {
    const { server, events, logger, url } = await logged();
    server.reply({ status: 401, body: {} }, { body: item });
    let n = 0;
    const auth = bearerTokenProvider(async () => ({ value: `token-${++n}` }));
    const { client } = testClient(server, { logger, auth });

    await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));

    expect(
      events.map((e) => (e.type === 'retry' ? `${e.type} ${e.attempt}: ${e.reason}, ${e.delayMs} ms` : e.type)),
    ).toEqual(['request', 'retry 1: 401: credentials renewed, 0 ms', 'request', 'response']);
    expect(events.at(-1)).toMatchObject({ attempt: 2, status: 200, url });
  });

  it('logs the final status of a POST that is not retried', async () => {
    const { server, events, logger } = await logged({ fallback: { status: 503, body: {} } });
    const { client } = testClient(server, { logger });

    await client.POST('/items', { body: { name: 'x' } });

    expect(events).toMatchObject([
      { type: 'request', method: 'POST', url: `${server.url}/items`, attempt: 1 },
      { type: 'response', method: 'POST', url: `${server.url}/items`, attempt: 1, status: 503 },
    ]);
  });

  it('logs the status a response mapper chose', async () => {
    const { server, events, logger } = await logged({ fallback: { body: { status: 404, msg: 'gone' } } });
    const { client } = testClient(server, {
      logger,
      responseMapper: ({ json }) => (json() as { status: number }).status,
    });

    await client.GET('/envelope', { middleware: [callOptions({ retry: false })] });

    expect(events.at(-1)).toMatchObject({ type: 'response', status: 404 });
  });

  it('shows URLs without credentials and with sensitive parameters redacted', async () => {
    const { server, events, logger } = await logged({ fallback: { body: item } });
    const { client } = testClient(server, { logger, auth: apiKeyQuery({ login: 'ops+1/a', key: 'k+e/y' }) });

    await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' }, query: { signature: 'abc+def/1' } } }));

    const sent = new URL(server.requests[0]?.url ?? '', server.url).searchParams;
    expect([sent.get('login'), sent.get('key'), sent.get('signature')]).toEqual(['ops+1/a', 'k+e/y', 'abc+def/1']);
    expect(events).toHaveLength(2);
    for (const event of events) expect(event.url).toBe(`${server.url}/items/1?signature=${REDACTED}`);
  });
});
