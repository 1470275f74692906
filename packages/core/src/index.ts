/**
 * @mediaspec/core: the runtime every mediaspec client shares. It knows no provider: providers
 * configure it with an auth strategy, a response mapper and helpers built on these pieces.
 */
export type { Client, ClientMethod, FetchResponse, Middleware } from 'openapi-fetch';
export {
  type AuthStrategy,
  type AuthTarget,
  apiKeyHeader,
  apiKeyQuery,
  basicAuth,
  bearerToken,
  bearerTokenProvider,
  combineAuth,
  queryTokenProvider,
  type Token,
  TokenCache,
  type TokenOptions,
  type TokenProvider,
} from './auth.js';
export { type CallOptions, callOptions } from './call-options.js';
export { type ApiClientOptions, type CommonClientOptions, createApiClient, DEFAULT_TIMEOUT_MS } from './client.js';
export { type Clock, systemClock } from './clock.js';
export { bodyStatusMapper, statusCode } from './envelope.js';
export {
  ApiError,
  type ApiErrorDetails,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  InvalidResponseError,
  MediaspecError,
  NetworkError,
  NotFoundError,
  PermissionDeniedError,
  PollFailedError,
  PollTimeoutError,
  RateLimitError,
  TimeoutError,
  UnprocessableEntityError,
  WebhookVerificationError,
} from './errors.js';
export { fileForm } from './form.js';
export type { ErrorMessageReader } from './meta.js';
export { nextOffset, nextPageNumber, type Page, type PaginateOptions, type Paginator, paginate } from './paginate.js';
export { type PollOptions, type PollState, poll } from './poll.js';
export {
  defineProvider,
  type ProviderClient,
  type ProviderContext,
  type ProviderDefinition,
  type ResolvedOptions,
} from './provider.js';
export { createRedactor, REDACTED, type Redactor, SENSITIVE_QUERY_PARAMS } from './redact.js';
export {
  DEFAULT_RETRY,
  IDEMPOTENT_METHODS,
  RETRY_STATUSES,
  type RetryOptions,
  type RetryPolicy,
  retryPolicy,
  serverRetryDelayMs,
} from './retry.js';
export type { LogEvent, Logger, ResponseMapper } from './transport.js';
export { type DataOf, type FetchResult, toApiError, unwrap } from './unwrap.js';
export { parseWebhookEvent, type WebhookEventShape } from './webhook-event.js';
export { bodyText, type HmacOptions, verifyHmacSignature } from './webhooks.js';
