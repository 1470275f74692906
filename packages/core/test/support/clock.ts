/**
 * A clock for tests: time only moves when a sleep ends or the test advances it, and every sleep
 * is recorded, so delays are asserted exactly without waiting for them.
 */
import type { Clock } from '../../src/index.js';

export class TestClock implements Clock {
  /** The current time, in ms. */
  time = 0;
  /** Every `sleep(ms)` asked for, in order. */
  readonly sleeps: number[] = [];
  /**
   * When true, a sleep never ends by itself: only its signal's abort ends it (with the abort
   * reason). When false (the default), a sleep ends at once and moves the time forward by `ms`.
   */
  hold = false;
  #sleepWaiters: Array<(ms: number) => void> = [];

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    this.time += ms;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    for (const wake of this.#sleepWaiters.splice(0)) wake(ms);
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!this.hold) {
      this.time += ms;
      return Promise.resolve();
    }
    return new Promise<void>((_resolve, reject) => {
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }

  /** Resolves with the length of the next sleep, when it starts. */
  nextSleep(): Promise<number> {
    return new Promise((resolve) => this.#sleepWaiters.push(resolve));
  }
}
