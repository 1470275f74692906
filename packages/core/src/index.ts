/**
 * @mediaspec/core: the runtime every mediaspec client shares. It knows no provider: providers
 * configure it with an auth strategy, a response mapper and helpers built on these pieces.
 *
 * The index is the public API, kept small on purpose: what neither a provider package nor a
 * user needs (the token cache, the redactor, the retry tables) stays internal.
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
  type TokenOptions,
  type TokenProvider,
} from './auth.js';
export { type ApiClientOptions, type CommonClientOptions, createApiClient } from './client.js';
export type { Clock } from './clock.js';
export type { ErrorMessageReader } from './context.js';
export { bodyStatusMapper, statusCode } from './envelope.js';
export type { ApiErrorDetails } from './errors.js';
// The error classes, unwrap() and callOptions(): what every provider package re-exports.
export * from './errors-entry.js';
export type { ExactClient, ExactInit, ExactMethod, PathsWith } from './exact.js';
export { fileForm } from './form.js';
export {
  type ListPaginator,
  nextOffset,
  nextPageNumber,
  type Page,
  type PageInit,
  type PaginateOptions,
  type Paginator,
  paginate,
  type QueryCursor,
  queryPaginator,
} from './paginate.js';
export { type PollOptions, type PollState, poll } from './poll.js';
export {
  defineProvider,
  type ProviderClient,
  type ProviderContext,
  type ProviderDefinition,
  type ResolvedOptions,
} from './provider.js';
export { REDACTED } from './redact.js';
export type { ResponseMapper } from './transport.js';
export { toApiError } from './unwrap.js';
export { parseWebhookEvent, type WebhookEventShape } from './webhook-event.js';
export { type HmacOptions, type RawBody, rawBodyBytes, rawBodyText, verifyHmacSignature } from './webhooks.js';
