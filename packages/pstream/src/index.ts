/**
 * @mediaspec/pstream: a typed client for the PStream API v1.
 * Everything here is generated from, or checked against, specs/pstream/openapi.yaml.
 */
export * from '@mediaspec/core/errors';
export { createPStreamClient, PSTREAM_BASE_URL, type PStreamClient, type PStreamClientOptions } from './client.js';
/** The spec's types: `paths`, `components`, and a type named after each of its schemas. */
export type * from './generated/types.js';
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
