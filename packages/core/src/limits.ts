/**
 * Limits given as options: durations and byte counts, checked when they are given.
 *
 * Durations the library hands to `setTimeout`. Timers take at most 2^31 − 1 ms (about 24.8
 * days): a longer delay silently fires after 1 ms, so every duration option is checked against
 * that range when it is given, and a longer server-requested wait is treated as too long.
 */

/** The longest delay `setTimeout` honours, in ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Returns `value` when it is a finite number from 0 to {@link MAX_TIMER_MS}; otherwise throws a
 * TypeError naming the option (`what`).
 */
export function checkDuration(what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`${what} must be a finite number >= 0, got ${String(value)}`);
  }
  if (value > MAX_TIMER_MS) {
    throw new TypeError(
      `${what} must be at most ${MAX_TIMER_MS} ms (about 24.8 days: timers wait no longer), got ${value}`,
    );
  }
  return value;
}

/** Returns `value` when it is a whole number of bytes >= 1; otherwise throws a TypeError naming it. */
export function checkByteLimit(what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`${what} must be a whole number of bytes >= 1, got ${String(value)}`);
  }
  return value;
}
