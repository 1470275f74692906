/**
 * Polling a job until it finishes: a check per interval (growing by `backoff` up to
 * `maxIntervalMs`), an overall timeout, the caller's AbortSignal, and a progress callback.
 */
import { type Clock, systemClock } from './clock.js';
import { PollFailedError, PollTimeoutError } from './errors.js';
import { checkDuration } from './limits.js';

/** What one check found. */
export type PollState<Result, Progress = unknown> =
  | { status: 'done'; result: Result }
  | { status: 'pending'; progress?: Progress }
  | { status: 'failed'; message: string; state?: unknown };

export interface PollOptions<Progress = unknown> {
  /** Delay before the second check, in ms. Default 1 000. */
  intervalMs?: number;
  /** Each delay is the previous one times this. Default 1.5. */
  backoff?: number;
  /** Longest delay between two checks. Default 10 000 ms. */
  maxIntervalMs?: number;
  /** Give up after this long, with a PollTimeoutError. Default 300 000 ms (5 min). */
  timeoutMs?: number;
  /** Stops polling at once (rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Called with the progress of each pending check. */
  onProgress?: (progress: Progress) => void;
  /** Named in error messages, e.g. "remote upload 123". */
  what?: string;
  /** For tests. */
  clock?: Clock;
}

/**
 * Calls `check` until it reports `done` (resolves with the result) or `failed` (rejects with a
 * PollFailedError), or until `timeoutMs` passes (PollTimeoutError). The first check is immediate.
 */
export async function poll<Result, Progress = unknown>(
  check: (signal?: AbortSignal) => Promise<PollState<Result, Progress>>,
  options: PollOptions<Progress> = {},
): Promise<Result> {
  const { signal, onProgress, what = 'job' } = options;
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const backoff = options.backoff ?? 1.5;
  const maxIntervalMs = options.maxIntervalMs ?? 10_000;
  let intervalMs = options.intervalMs ?? 1_000;
  for (const [name, value] of Object.entries({ intervalMs, timeoutMs, maxIntervalMs }))
    checkDuration(`poll: ${name}`, value);
  if (!(backoff >= 1)) throw new TypeError('poll: backoff must be >= 1');

  const deadline = clock.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw signal.reason;
    const state = await check(signal);
    if (state.status === 'done') return state.result;
    if (state.status === 'failed') throw new PollFailedError(state.message, state.state);
    if (state.progress !== undefined) onProgress?.(state.progress);
    const remaining = deadline - clock.now();
    if (remaining <= 0) throw new PollTimeoutError(timeoutMs, attempt, what);
    await clock.sleep(Math.min(intervalMs, remaining), signal);
    if (clock.now() >= deadline) {
      // One last look at the deadline, so a job that just finished is not reported as timed out.
      const last = await check(signal);
      if (last.status === 'done') return last.result;
      if (last.status === 'failed') throw new PollFailedError(last.message, last.state);
      throw new PollTimeoutError(timeoutMs, attempt + 1, what);
    }
    intervalMs = Math.min(maxIntervalMs, intervalMs * backoff);
  }
}
