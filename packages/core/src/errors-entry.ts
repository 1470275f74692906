/**
 * `@mediaspec/core/errors`: what every provider package re-exports as it is, so each offers the
 * same error classes (one set: `instanceof` works across providers), `unwrap()` and
 * `callOptions()`. A provider's index has one line for all of it:
 * `export * from '@mediaspec/core/errors';`.
 */
export { type CallOptions, callOptions } from './call-options.js';
export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  InvalidResponseError,
  MediaspecError,
  NetworkError,
  NotFoundError,
  PaginationError,
  PermissionDeniedError,
  PollFailedError,
  PollTimeoutError,
  RateLimitError,
  RedirectError,
  ResponseTooLargeError,
  TimeoutError,
  UnprocessableEntityError,
  WebhookVerificationError,
} from './errors.js';
export type { RetryOptions } from './retry.js';
export type { LogEvent, Logger } from './transport.js';
export { type DataOf, type FetchResult, unwrap } from './unwrap.js';
