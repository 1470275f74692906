/**
 * The retry rules, written down once. See the table in this package's README.
 *
 * - Retried statuses: 408, 429, 500, 502, 503, 504. Retried failures: network errors
 *   (connection refused or reset, socket hang-up, DNS), including a reset while the body is read.
 * - Not retried: timeouts (the server may still be working; the caller's budget is spent),
 *   aborts by the caller's signal, and every other status.
 * - Only idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS) are retried, unless the call opts
 *   in with `callOptions({ idempotent: true })`.
 * - Delay: `Retry-After` (seconds or HTTP date) or `X-RateLimit-Retry-After` (seconds) when the
 *   response has one; otherwise exponential backoff from `minDelayMs`, doubled per attempt,
 *   capped at `maxDelayMs`, with jitter (a random 50–100 % of that value).
 * - A server-requested delay longer than `maxRetryAfterMs` is not waited for: the response is
 *   returned at once (retrying earlier than asked would fail again).
 */

import { checkDuration } from './limits.js';

/** How a client retries. `retry: false` turns retries off. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  retries?: number;
  /** Backoff before the first retry, before jitter. Default 500 ms. */
  minDelayMs?: number;
  /** Largest backoff delay. Default 8 000 ms. */
  maxDelayMs?: number;
  /** Longest server-requested delay (`Retry-After`) that is waited for. Default 60 000 ms. */
  maxRetryAfterMs?: number;
}

/** {@link RetryOptions} with every default applied. */
export type RetryPolicy = Required<RetryOptions>;

export const DEFAULT_RETRY: RetryPolicy = Object.freeze({
  retries: 2,
  minDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
});

export const RETRY_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** Resolves user retry options into a policy (`false` means no retries). */
export function retryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  if (options === false) return { ...DEFAULT_RETRY, retries: 0 };
  const policy = { ...DEFAULT_RETRY, ...options };
  if (!Number.isInteger(policy.retries) || policy.retries < 0) {
    throw new TypeError(`retry.retries must be a whole number >= 0, got ${String(policy.retries)}`);
  }
  checkDuration('retry.minDelayMs', policy.minDelayMs);
  checkDuration('retry.maxDelayMs', policy.maxDelayMs);
  checkDuration('retry.maxRetryAfterMs', policy.maxRetryAfterMs);
  if (policy.minDelayMs > policy.maxDelayMs) {
    throw new TypeError(
      `retry.minDelayMs (${policy.minDelayMs}) must not exceed retry.maxDelayMs (${policy.maxDelayMs})`,
    );
  }
  return policy;
}

/**
 * The delay the server asks for, in ms (possibly more than a timer can wait: the caller compares
 * it with `maxRetryAfterMs`, which never is), from `Retry-After` (delta-seconds or an HTTP date) or
 * `X-RateLimit-Retry-After` (seconds); undefined when there is none or it cannot be read.
 */
export function serverRetryDelayMs(headers: Headers, now: number = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const rateLimit = headers.get('x-ratelimit-retry-after')?.trim();
  if (rateLimit && /^\d+(\.\d+)?$/.test(rateLimit)) return Math.round(Number(rateLimit) * 1000);
  return undefined;
}

/** Exponential backoff with jitter for retry number `retry` (1 for the first retry). */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** (retry - 1));
  return Math.round(exponential * (0.5 + random() * 0.5));
}
