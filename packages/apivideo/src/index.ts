/**
 * @mediaspec/apivideo: a typed client for the api.video webhooks API.
 * Everything here is generated from, or checked against, specs/apivideo/openapi.yaml.
 */
export * from '@mediaspec/core/errors';
export { API_VIDEO_SERVERS, type ApiVideoClient, type ApiVideoClientOptions, createApiVideoClient } from './client.js';
/** The spec's types: `paths`, `components`, and a type named after each of its schemas. */
export type * from './generated/types.js';
export { paginateWebhooks } from './pagination.js';
export * from './webhooks.js';
