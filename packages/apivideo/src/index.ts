/**
 * @mediaspec/apivideo: a typed client for the api.video webhooks API.
 * Everything here is generated from, or checked against, specs/apivideo/openapi.yaml.
 */
export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  callOptions,
  MediaspecError,
  NetworkError,
  NotFoundError,
  PaginationError,
  RateLimitError,
  RedirectError,
  ResponseTooLargeError,
  TimeoutError,
  unwrap,
  WebhookVerificationError,
} from '@mediaspec/core';
export { API_VIDEO_SERVERS, type ApiVideoClient, type ApiVideoClientOptions, createApiVideoClient } from './client.js';
export type { components, operations, paths, webhooks } from './generated/openapi.js';
export { paginateWebhooks } from './pagination.js';
export {
  API_VIDEO_WEBHOOK_EVENTS,
  type ApiVideoWebhookEvent,
  parseApiVideoWebhook,
  type VerifyApiVideoWebhookOptions,
  verifyApiVideoWebhook,
} from './webhooks.js';

import type { components } from './generated/openapi.js';
/** A webhook, as api.video returns it. */
export type Webhook = components['schemas']['Webhook'];
/** The events a webhook can subscribe to. */
export type WebhookEventType = components['schemas']['WebhookEventType'];
