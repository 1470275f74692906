import { nextPageNumber, type Paginator, paginate, unwrap } from '@mediaspec/core';
import type { ApiVideoClient } from './client.js';
import type { components, operations } from './generated/openapi.js';

type ListQuery = NonNullable<operations['listWebhooks']['parameters']['query']>;

/**
 * Every webhook of the project (optionally only those subscribed to `events`), fetched page by
 * page as the loop asks for them. Throws the matching ApiError if a page fails.
 *
 * ```ts
 * for await (const webhook of paginateWebhooks(client, { pageSize: 100 })) console.log(webhook.url);
 * ```
 */
export function paginateWebhooks(
  client: ApiVideoClient,
  query: ListQuery = {},
  init: { signal?: AbortSignal } = {},
): Paginator<components['schemas']['Webhook']> {
  return paginate({
    start: query.currentPage ?? 1,
    fetchPage: async (currentPage) => {
      const page = await unwrap(client.GET('/webhooks', { params: { query: { ...query, currentPage } }, ...init }));
      return { items: page.data, next: nextPageNumber(page.pagination.currentPage, page.pagination.pagesTotal) };
    },
  });
}
