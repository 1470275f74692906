/**
 * @mediaspec/pipe: a typed client for the Pipe (addpipe.com) REST API v1, and verification of
 * the webhook events Pipe posts. Everything here is generated from, or checked against,
 * specs/pipe/openapi.yaml.
 */
export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  callOptions,
  InternalServerError,
  InvalidResponseError,
  MediaspecError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  RedirectError,
  ResponseTooLargeError,
  TimeoutError,
  UnprocessableEntityError,
  unwrap,
  WebhookVerificationError,
} from '@mediaspec/core';
export { createPipeClient, PIPE_BASE_URL, type PipeClient, type PipeClientOptions } from './client.js';
export type { components, operations, paths, webhooks } from './generated/openapi.js';
export {
  PIPE_WEBHOOK_EVENTS,
  type PipeWebhookBody,
  type PipeWebhookEvent,
  type PipeWebhookEventOf,
  parsePipeWebhook,
  type VerifyPipeWebhookOptions,
  verifyPipeWebhook,
} from './webhooks.js';

import type { components } from './generated/openapi.js';

type Schemas = components['schemas'];

/** A recording. Numbers are decimal strings and flags `"1"`/`"0"`, as Pipe sends them. */
export type Video = Schemas['Video'];
/** The account the API key belongs to. */
export type Account = Schemas['Account'];
/** An environment of the account. */
export type Environment = Schemas['Environment'];
/** A webhook: its URL, the events it receives and whether it is active. */
export type Webhook = Schemas['Webhook'];
/** A set of Amazon S3 settings (the key and secret are never returned). */
export type AmazonCredentials = Schemas['AmazonCredentials'];
/** A set of SFTP and FTP(S) settings (the passwords are never returned). */
export type FtpCredentials = Schemas['FtpCredentials'];
/** A set of Dropbox settings (the access token is never returned). */
export type DropboxCredentials = Schemas['DropboxCredentials'];
/** The body of `PUT /webhook/{id}`. */
export type WebhookUpdate = Schemas['WebhookUpdate'];
/** The body of `PUT /amazon/{id}`. */
export type AmazonCredentialsUpdate = Schemas['AmazonCredentialsUpdate'];
/** The body of `PUT /ftp/{id}`. */
export type FtpCredentialsUpdate = Schemas['FtpCredentialsUpdate'];
/** The body of `PUT /dropbox/{id}`. */
export type DropboxCredentialsUpdate = Schemas['DropboxCredentialsUpdate'];
/** A yes/no flag as Pipe sends it: `"1"` or `"0"`. */
export type Flag = Schemas['Flag'];
/** The envelope of an error: `status` is not `"OK"`, `message` says why. */
export type ErrorEnvelope = Schemas['ErrorEnvelope'];
