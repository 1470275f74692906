/**
 * poll() against a real job endpoint: checks until done or failed, intervals with backoff (read
 * from the injected clock), the overall timeout, the caller's signal and progress reports.
 */
import { describe, expect, it } from 'vitest';
import {
  type Client,
  NotFoundError,
  PollFailedError,
  type PollOptions,
  type PollState,
  PollTimeoutError,
  poll,
  unwrap,
} from '../src/index.js';
import { type components, type paths, testClient } from './support/api.js';
import { TestClock } from './support/clock.js';
import { type Reply, startServer } from './support/server.js';

type Job = components['schemas']['Job'];
type Result = NonNullable<Job['result']>;

const pending = (progress?: number): Reply => ({ body: { id: 'j1', status: 'pending', progress } });
const done: Reply = {
  body: { id: 'j1', status: 'done', progress: 100, result: { url: 'https://cdn.example/v1.mp4' } },
};
const failed: Reply = { body: { id: 'j1', status: 'failed', progress: 40, error: 'codec not supported' } };

/** The check a provider would write: one GET of the job, read as a PollState. */
function jobCheck(client: Client<paths>) {
  return async (signal?: AbortSignal): Promise<PollState<Result, number>> => {
    const job = await unwrap(
      client.GET('/jobs/{id}', { params: { path: { id: 'j1' } }, ...(signal ? { signal } : {}) }),
    );
    if (job.status === 'done' && job.result) return { status: 'done', result: job.result };
    if (job.status === 'failed') return { status: 'failed', message: job.error ?? 'the job failed', state: job };
    return { status: 'pending', progress: job.progress };
  };
}

async function setup(...replies: Reply[]) {
  const server = await startServer({ fallback: pending() });
  server.reply(...replies);
  const clock = new TestClock();
  const { client } = testClient(server, { clock });
  return { server, clock, check: jobCheck(client) };
}

describe('poll()', () => {
  it('checks pending → pending → done, reporting progress and growing the interval', async () => {
    const { server, clock, check } = await setup(pending(10), pending(60), done);
    const progress: number[] = [];

    const result = await poll(check, { clock, onProgress: (p) => progress.push(p) });

    expect(result).toEqual({ url: 'https://cdn.example/v1.mp4' });
    expect(progress).toEqual([10, 60]);
    expect(clock.sleeps).toEqual([1000, 1500]);
    expect(server.requests).toHaveLength(3);
  });

  it('returns at once when the first check is done', async () => {
    const { server, clock, check } = await setup(done);

    await expect(poll(check, { clock })).resolves.toEqual({ url: 'https://cdn.example/v1.mp4' });
    expect(clock.sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('does not report a pending check without progress', async () => {
    const { clock, check } = await setup(pending(), pending(5), done);
    const progress: number[] = [];

    await poll(check, { clock, onProgress: (p) => progress.push(p) });

    expect(progress).toEqual([5]);
  });

  it('caps the interval at maxIntervalMs', async () => {
    const { clock, check } = await setup(pending(), pending(), pending(), pending(), pending(), done);

    await poll(check, { clock, intervalMs: 1000, backoff: 2, maxIntervalMs: 3000 });

    expect(clock.sleeps).toEqual([1000, 2000, 3000, 3000, 3000]);
  });

  it('rejects with a PollFailedError carrying the last state when the job fails', async () => {
    const { server, clock, check } = await setup(pending(20), failed);

    const error = await poll(check, { clock }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PollFailedError);
    expect((error as PollFailedError).message).toBe('codec not supported');
    expect((error as PollFailedError<Job>).state).toMatchObject({ status: 'failed', progress: 40 });
    expect(server.requests).toHaveLength(2);
  });

  it('rejects with a PollTimeoutError once timeoutMs has passed on the clock, after one last check', async () => {
    const { server, clock, check } = await setup();
    const options: PollOptions<number> = { clock, timeoutMs: 5000, intervalMs: 2000, backoff: 1, what: 'upload 7' };

    const error = await poll(check, options).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PollTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 5000, attempts: 4 });
    expect((error as Error).message).toBe('The upload 7 did not finish within 5000 ms (4 checks)');
    // The last sleep is cut to what is left of the 5 s.
    expect(clock.sleeps).toEqual([2000, 2000, 1000]);
    expect(server.requests).toHaveLength(4);
  });

  it('returns a job that finished at the last check before the deadline', async () => {
    const { clock, check } = await setup(pending(), pending(), pending(), done);

    await expect(poll(check, { clock, timeoutMs: 5000, intervalMs: 2000, backoff: 1 })).resolves.toEqual({
      url: 'https://cdn.example/v1.mp4',
    });
    expect(clock.sleeps).toEqual([2000, 2000, 1000]);
  });

  it('times out when the checks themselves use up the time', async () => {
    const clock = new TestClock();
    let checks = 0;
    const slowCheck = async (): Promise<PollState<string>> => {
      checks++;
      clock.advance(3000);
      return { status: 'pending' };
    };

    await expect(poll(slowCheck, { clock, timeoutMs: 5000 })).rejects.toBeInstanceOf(PollTimeoutError);
    expect(checks).toBe(2);
    expect(clock.sleeps).toEqual([1000]);
  });

  it('rejects with the error a check throws', async () => {
    const { clock, check } = await setup({ status: 404, body: { message: 'no such job' } });

    await expect(poll(check, { clock })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('rejects invalid options', async () => {
    const never = async (): Promise<PollState<string>> => ({ status: 'pending' });
    await expect(poll(never, { intervalMs: -1 })).rejects.toThrow(TypeError);
    await expect(poll(never, { timeoutMs: Number.NaN })).rejects.toThrow(TypeError);
    await expect(poll(never, { backoff: 0.5 })).rejects.toThrow(TypeError);
  });
});

describe('poll() and the caller’s signal', () => {
  it('stops during the wait between checks, with the abort reason and no further check', async () => {
    const { server, clock, check } = await setup(pending(10));
    clock.hold = true;
    const controller = new AbortController();
    const reason = new Error('user closed the page');

    const polling = poll(check, { clock, signal: controller.signal });
    await clock.nextSleep();
    controller.abort(reason);

    await expect(polling).rejects.toBe(reason);
    expect(server.requests).toHaveLength(1);
  });

  it('makes no check with a signal already aborted', async () => {
    const { server, clock, check } = await setup();
    const reason = new Error('already gone');

    await expect(poll(check, { clock, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(server.requests).toHaveLength(0);
  });

  it('passes the signal to the check, so an abort ends a check in flight', async () => {
    const { server, clock, check } = await setup({ delayMs: 5000, ...done });
    const controller = new AbortController();
    const reason = new Error('stop');

    const polling = poll(check, { clock, signal: controller.signal });
    await server.waitForRequests(1);
    controller.abort(reason);

    await expect(polling).rejects.toBe(reason);
    expect(clock.sleeps).toEqual([]);
  });
});
