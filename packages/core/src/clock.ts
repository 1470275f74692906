import { MAX_TIMER_MS } from './limits.js';

/** Time, as the library sees it. Tests pass their own clock instead of waiting for real. */
export interface Clock {
  /** Milliseconds since an arbitrary origin (only differences matter). */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock: `performance.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      if (!(ms <= MAX_TIMER_MS)) {
        reject(new RangeError(`Cannot wait ${ms} ms: timers wait at most ${MAX_TIMER_MS} ms`));
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
