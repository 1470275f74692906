/**
 * @mediaspec/pstream: a typed client for the PStream API v1.
 * Everything here is generated from, or checked against, specs/pstream/openapi.yaml.
 */
export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  callOptions,
  InternalServerError,
  InvalidResponseError,
  type LogEvent,
  type Logger,
  MediaspecError,
  NetworkError,
  NotFoundError,
  PermissionDeniedError,
  PollFailedError,
  PollTimeoutError,
  RateLimitError,
  RedirectError,
  ResponseTooLargeError,
  TimeoutError,
  unwrap,
} from '@mediaspec/core';
export { createPStreamClient, PSTREAM_BASE_URL, type PStreamClient, type PStreamClientOptions } from './client.js';
export type { components, operations, paths } from './generated/openapi.js';
export {
  type FinishedRemoteUpload,
  type RemoteUpload,
  type RemoteUploadProgress,
  type WaitForRemoteUploadOptions,
  waitForRemoteUpload,
} from './remote-upload.js';
export {
  type UploadedFile,
  type UploadFileOptions,
  type UploadProgress,
  UploadUrlExpiredError,
  uploadFile,
} from './upload.js';

import type { components } from './generated/openapi.js';

type Schemas = components['schemas'];
/** The `{ status, msg, result }` envelope of every PStream reply. */
export type Envelope = Schemas['Envelope'];
/** An error reply: the envelope with a `status` of 400 or more. */
export type ErrorEnvelope = Schemas['ErrorEnvelope'];
/** The account that owns the API login and key. */
export type AccountInfo = Schemas['AccountInfo'];
/** One entry of `GET /file/info` (`false` where a value is not available). */
export type FileInfo = Schemas['FileInfo'];
/** The one-time upload URL and its `valid_until`, from `GET /file/ul`. */
export type UploadTarget = Schemas['UploadTarget'];
/** A queued remote upload, from `GET /remotedl/add`. */
export type RemoteUploadCreated = Schemas['RemoteUploadCreated'];
/** A sub-folder in a folder listing. */
export type Folder = Schemas['Folder'];
/** A video in a folder listing. */
export type FolderFile = Schemas['FolderFile'];
/** The sub-folders and videos of a folder, from `GET /file/listfolder`. */
export type FolderListing = Schemas['FolderListing'];
/** A conversion (encoding) job, from `GET /file/converts`. */
export type Conversion = Schemas['Conversion'];
