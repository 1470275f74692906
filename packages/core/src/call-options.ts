import type { Middleware } from 'openapi-fetch';
import { setCallSettings } from './meta.js';
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
  if (options.timeoutMs !== undefined && !(options.timeoutMs >= 0 && Number.isFinite(options.timeoutMs))) {
    throw new TypeError(`callOptions: timeoutMs must be a finite number >= 0, got ${String(options.timeoutMs)}`);
  }
  return {
    onRequest({ request }) {
      setCallSettings(request, options);
      return undefined;
    },
  };
}
