/**
 * @mediaspec/nodeum: a typed client for the cloud connectors of Nodeum API v2.
 * Everything here is generated from, or checked against, specs/nodeum/openapi.yaml.
 */
export {
  ApiError,
  AuthenticationError,
  callOptions,
  MediaspecError,
  NetworkError,
  NotFoundError,
  PaginationError,
  PermissionDeniedError,
  PollFailedError,
  PollTimeoutError,
  RedirectError,
  ResponseTooLargeError,
  TimeoutError,
  UnprocessableEntityError,
  unwrap,
} from '@mediaspec/core';
export {
  createNodeumClient,
  type NodeumApiKeyOptions,
  type NodeumBasicAuthOptions,
  type NodeumClient,
  type NodeumClientOptions,
} from './client.js';
export { type FilterValue, filter } from './filter.js';
export type { components, operations, paths } from './generated/openapi.js';
export { type CloudConnectorListQuery, paginateCloudConnectors } from './pagination.js';
export { type SortAttribute, type SortDirection, type SortKey, sortBy } from './sort.js';
export { CloudConnectorTestFailedError, type TestCloudConnectorOptions, testCloudConnector } from './test-job.js';

import type { components } from './generated/openapi.js';
/** A cloud connector: the endpoint, credentials and S3FS options Nodeum uses to reach an object store. */
export type CloudConnector = components['schemas']['CloudConnector'];
/** The kinds of object store a connector can reach (`generic_s3`, `amazon_aws_s3`, `wasabi`, ...). */
export type CloudConnectorProvider = components['schemas']['CloudConnectorProvider'];
/** A page of cloud connectors with the `count` of all that match. */
export type CloudConnectorCollection = components['schemas']['CloudConnectorCollection'];
/** The status of an asynchronous job, such as a connector test. */
export type ActiveJobStatus = components['schemas']['ActiveJobStatus'];
/** A bucket reached through a cloud connector. */
export type CloudBucket = components['schemas']['CloudBucket'];
/** The error body of Nodeum: `messages`, and `details` per invalid attribute. */
export type NodeumError = components['schemas']['Error'];
