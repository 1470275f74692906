/**
 * A clock for tests: time moves only when a sleep ends, by exactly the time asked for, and every
 * sleep is recorded, so polling delays and timeouts are asserted without waiting for them.
 */
import type { Clock } from '@mediaspec/core';

export class TestClock implements Clock {
  time = 0;
  readonly sleeps: number[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.sleeps.push(ms);
    this.time += ms;
    return Promise.resolve();
  }
}
