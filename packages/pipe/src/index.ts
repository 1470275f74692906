/**
 * @mediaspec/pipe: a typed client for the Pipe (addpipe.com) REST API v1, and verification of
 * the webhook events Pipe posts. Everything here is generated from, or checked against,
 * specs/pipe/openapi.yaml.
 */
export * from '@mediaspec/core/errors';
export { createPipeClient, PIPE_BASE_URL, type PipeClient, type PipeClientOptions } from './client.js';
/** The spec's types: `paths`, `components`, and a type named after each of its schemas. */
export type * from './generated/types.js';
export * from './webhooks.js';
