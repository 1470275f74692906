import { nextOffset, type Paginator, paginate, unwrap } from '@mediaspec/core';
import type { NodeumClient } from './client.js';
import type { components, operations } from './generated/openapi.js';

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
export function paginateCloudConnectors(
  client: NodeumClient,
  query: CloudConnectorListQuery = {},
  init: { signal?: AbortSignal } = {},
): Paginator<components['schemas']['CloudConnector']> {
  return paginate({
    start: query.offset ?? 0,
    fetchPage: async (offset) => {
      const page = await unwrap(client.GET('/cloud_connectors', { params: { query: { ...query, offset } }, ...init }));
      return { items: page.cloud_connectors, next: nextOffset(offset, page.cloud_connectors.length, page.count) };
    },
  });
}
