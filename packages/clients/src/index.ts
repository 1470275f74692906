/**
 * @mediaspec/clients: every mediaspec client in one package. It only re-exports: each name
 * below is the very function, class or constant of its provider package, so a bundler keeps the
 * providers you import and drops the rest (every package is `sideEffects: false`).
 *
 * Top level: each provider's `create*Client()`, its helpers and their types, plus the errors
 * and `unwrap()`/`callOptions()` all providers share. Namespaces: everything of one provider,
 * including its generated `paths`/`components` types (`pipe.Video`, `nodeum.CloudConnector`).
 * Node-only helpers are not here: import them from `@mediaspec/valt/node`.
 */

export * as apivideo from '@mediaspec/apivideo';

// api.video
export {
  API_VIDEO_SERVERS,
  API_VIDEO_WEBHOOK_EVENTS,
  type ApiVideoClient,
  type ApiVideoClientOptions,
  type ApiVideoWebhookEvent,
  createApiVideoClient,
  paginateWebhooks,
  parseApiVideoWebhook,
  type VerifyApiVideoWebhookOptions,
  verifyApiVideoWebhook,
} from '@mediaspec/apivideo';
// Shared by every provider: one set of error classes, so `instanceof` works across them.
export * from '@mediaspec/core/errors';
export * as nodeum from '@mediaspec/nodeum';
// Nodeum
export {
  type CloudConnectorListQuery,
  CloudConnectorTestFailedError,
  createNodeumClient,
  type FilterValue,
  filter,
  type NodeumApiKeyOptions,
  type NodeumBasicAuthOptions,
  type NodeumClient,
  type NodeumClientOptions,
  paginateCloudConnectors,
  type SortKey,
  sortBy,
  type TestCloudConnectorOptions,
  testCloudConnector,
} from '@mediaspec/nodeum';
export * as pipe from '@mediaspec/pipe';
// Pipe
export {
  createPipeClient,
  PIPE_BASE_URL,
  PIPE_WEBHOOK_EVENTS,
  type PipeClient,
  type PipeClientOptions,
  type PipeWebhookBody,
  type PipeWebhookEvent,
  type PipeWebhookEventOf,
  parsePipeWebhook,
  type VerifyPipeWebhookOptions,
  verifyPipeWebhook,
} from '@mediaspec/pipe';
export * as pstream from '@mediaspec/pstream';
// PStream
export {
  createPStreamClient,
  PSTREAM_BASE_URL,
  type PStreamClient,
  type PStreamClientOptions,
  type UploadedFile,
  type UploadFileOptions,
  UploadUrlExpiredError,
  uploadFile,
  type WaitForRemoteUploadOptions,
  waitForRemoteUpload,
} from '@mediaspec/pstream';
export * as valt from '@mediaspec/valt';
// IVS VALT (`DEFAULT_CHUNK_SIZE` and `UploadProgress` stay in the `valt` namespace: the names are too generic here)
export {
  createValtClient,
  getDownloadUrl,
  type UploadedRecording,
  type UploadRecordingOptions,
  uploadRecording,
  type ValtClient,
  type ValtClientOptions,
  type ValtPasswordOptions,
  type ValtTokenOptions,
} from '@mediaspec/valt';
