/**
 * @mediaspec/valt: a typed client for the IVS VALT API v3 (self-hosted appliances).
 * Everything here is generated from, or checked against, specs/valt/openapi.yaml. This entry runs
 * in browsers, edge runtimes and Node; `@mediaspec/valt/node` adds uploads from paths and streams.
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
  RedirectError,
  ResponseTooLargeError,
  TimeoutError,
  unwrap,
} from '@mediaspec/core';
export {
  createValtClient,
  type ValtClient,
  type ValtClientOptions,
  type ValtPasswordOptions,
  type ValtTokenOptions,
} from './client.js';
export { getDownloadUrl } from './download.js';
export type { components, operations, paths } from './generated/openapi.js';
export {
  DEFAULT_CHUNK_SIZE,
  type UploadedRecording,
  type UploadProgress,
  type UploadRecordingOptions,
  type UploadRecordingSettings,
  uploadRecording,
} from './upload.js';

import type { components } from './generated/openapi.js';

type Schemas = components['schemas'];
/** The body of `POST /records/create-upload`: the new recording's name, template values and sharing. */
export type CreateUploadRequest = Schemas['CreateUploadRequest'];
/** The created recording: its ID and its videos' IDs. */
export type CreateUploadResponse = Schemas['CreateUploadResponse'];
/** Who a new recording is shared with. */
export type RecordShare = Schemas['RecordShare'];
/** The answer of `GET /records/download/{recordID}/{videoID}`. */
export type DownloadUrl = Schemas['DownloadUrl'];
/** The error body VALT sends with a 401: `{ error: { code, message } }`. */
export type ErrorBody = Schemas['ApiError'];
/** The problem-style error body VALT sends with a 404 (and, in this spec, 400 and 500). */
export type Problem = Schemas['Problem'];
/** The body of a refused login: `{ data: "Invalid username or password" }`. */
export type LoginFailure = Schemas['LoginFailure'];
