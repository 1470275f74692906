/**
 * @mediaspec/nodeum: a typed client for the cloud connectors of Nodeum API v2.
 * Everything here is generated from, or checked against, specs/nodeum/openapi.yaml.
 */
export * from '@mediaspec/core/errors';
export {
  createNodeumClient,
  type NodeumApiKeyOptions,
  type NodeumBasicAuthOptions,
  type NodeumClient,
  type NodeumClientOptions,
} from './client.js';
export { type FilterValue, filter } from './filter.js';
/** The error body of Nodeum: `messages`, and `details` per invalid attribute (the spec's `ErrorMessages` schema). */
export type { ErrorMessages as NodeumError } from './generated/schemas.js';
/** The spec's types: `paths`, `components`, and a type named after each of its schemas. */
export type * from './generated/types.js';
export { type CloudConnectorListQuery, paginateCloudConnectors } from './pagination.js';
export { type SortAttribute, type SortDirection, type SortKey, sortBy } from './sort.js';
export { CloudConnectorTestFailedError, type TestCloudConnectorOptions, testCloudConnector } from './test-job.js';
