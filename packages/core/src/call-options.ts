import type { Middleware } from 'openapi-fetch';
import { context } from './context.js';
import { checkByteLimit, checkDuration } from './limits.js';
import type { RetryOptions } from './retry.js';

/** Settings for one call, overriding the client's. */
export interface CallOptions {
  /**
   * Declares that this call is safe to send more than once, so it may be retried even though its
   * method (POST, PATCH) is not idempotent. Only set it when the server deduplicates or the
   * operation has no side effect.
   */
  idempotent?: boolean;
  /** Timeout of each attempt of this call, in ms; `0` turns it off for this call (long uploads). */
  timeoutMs?: number;
  /** Overall deadline of this call, in ms; `0` turns it off for this call. */
  deadlineMs?: number;
  /** Largest body this call reads into memory, in bytes. */
  maxResponseBytes?: number;
  /** Retry rules for this call, or `false` for none. */
  retry?: RetryOptions | false;
}

/**
 * Per-call settings, passed as openapi-fetch middleware:
 *
 * ```ts
 * await client.POST('/webhooks', { body, middleware: [callOptions({ idempotent: true })] });
 * ```
 */
export function callOptions(options: CallOptions): Middleware {
  if (options.timeoutMs !== undefined) checkDuration('callOptions: timeoutMs', options.timeoutMs);
  if (options.deadlineMs !== undefined) checkDuration('callOptions: deadlineMs', options.deadlineMs);
  if (options.maxResponseBytes !== undefined) checkByteLimit('callOptions: maxResponseBytes', options.maxResponseBytes);
  return {
    onRequest({ request }) {
      const call = context(request);
      call.settings = { ...call.settings, ...options };
      return undefined;
    },
  };
}
