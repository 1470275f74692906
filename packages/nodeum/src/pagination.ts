import { type ListPaginator, nextOffset, queryPaginator } from '@mediaspec/core';
import type { NodeumClient } from './client.js';
import type { operations } from './generated/openapi.js';
import type { CloudConnector } from './generated/schemas.js';

/** The query of `GET /cloud_connectors`: filters, `sort_by`, `limit` and the starting `offset`. */
export type CloudConnectorListQuery = NonNullable<operations['listCloudConnectors']['parameters']['query']>;

/**
 * Every cloud connector matching `query`, fetched `limit` at a time as the loop asks for them
 * (starting at `query.offset`, 0 by default) until `count` is reached. Throws the matching
 * ApiError if a page fails.
 *
 * ```ts
 * for await (const connector of paginateCloudConnectors(client, { limit: 50, provider: filter.eq('wasabi') })) {
 *   console.log(connector.name);
 * }
 * ```
 */
export const paginateCloudConnectors: ListPaginator<NodeumClient, CloudConnectorListQuery, CloudConnector> =
  queryPaginator(
    { param: 'offset', first: 0 },
    (client, query, init) => client.GET('/cloud_connectors', { params: { query }, ...init }),
    (body, offset) => ({
      items: body.cloud_connectors,
      next: nextOffset(offset, body.cloud_connectors.length, body.count),
    }),
  );
