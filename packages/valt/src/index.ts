/**
 * @mediaspec/valt: a typed client for the IVS VALT API v3 (self-hosted appliances).
 * Everything here is generated from, or checked against, specs/valt/openapi.yaml. This entry runs
 * in browsers, edge runtimes and Node; `@mediaspec/valt/node` adds uploads from paths and streams.
 */
export * from '@mediaspec/core/errors';
export {
  createValtClient,
  type ValtClient,
  type ValtClientOptions,
  type ValtPasswordOptions,
  type ValtTokenOptions,
} from './client.js';
export { getDownloadUrl } from './download.js';
/** The error body VALT sends with a 401: `{ error: { code, message } }` (the spec's `CodedError` schema). */
export type { CodedError as ErrorBody } from './generated/schemas.js';
/** The spec's types: `paths`, `components`, and a type named after each of its schemas. */
export type * from './generated/types.js';
export {
  DEFAULT_CHUNK_SIZE,
  type UploadedRecording,
  type UploadProgress,
  type UploadRecordingOptions,
  type UploadRecordingSettings,
  uploadRecording,
} from './upload.js';
