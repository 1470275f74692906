import { type ListPaginator, nextPageNumber, queryPaginator } from '@mediaspec/core';
import type { ApiVideoClient } from './client.js';
import type { operations } from './generated/openapi.js';
import type { Webhook } from './generated/schemas.js';

type ListQuery = NonNullable<operations['listWebhooks']['parameters']['query']>;

/**
 * Every webhook of the project (optionally only those subscribed to `events`), fetched page by
 * page as the loop asks for them, from `query.currentPage` (1 by default). Throws the matching
 * ApiError if a page fails.
 *
 * ```ts
 * for await (const webhook of paginateWebhooks(client, { pageSize: 100 })) console.log(webhook.url);
 * ```
 */
export const paginateWebhooks: ListPaginator<ApiVideoClient, ListQuery, Webhook> = queryPaginator(
  { param: 'currentPage', first: 1 },
  (client, query, init) => client.GET('/webhooks', { params: { query }, ...init }),
  (body) => ({
    items: body.data,
    next: nextPageNumber(body.pagination.currentPage, body.pagination.pagesTotal),
  }),
);
