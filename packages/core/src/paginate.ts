/**
 * Pagination as async iteration. A provider describes how to fetch one page and where the next
 * one starts; `paginate()` does the rest: one request per page, none past the last page, and a
 * `break` in the caller's loop stops it with no further request.
 */

import { PaginationError } from './errors.js';
import { type DataOf, type FetchResult, unwrap } from './unwrap.js';

/** Cursors compared by value: primitives as they are, objects by their JSON. */
function cursorKey(cursor: unknown): unknown {
  return cursor !== null && typeof cursor === 'object' ? `json:${JSON.stringify(cursor)}` : cursor;
}

/** One page: its items, and the cursor of the next page (undefined on the last page). */
export interface Page<T, Cursor> {
  items: readonly T[];
  next: Cursor | undefined;
}

export interface PaginateOptions<T, Cursor> {
  /** The cursor of the first page (a page number, an offset...). */
  start: Cursor;
  /** Fetches the page at `cursor`. */
  fetchPage: (cursor: Cursor) => Promise<Page<T, Cursor>>;
}

/** An async iterable of items that can also be walked page by page. */
export interface Paginator<T> extends AsyncIterable<T> {
  /** The same walk, one array of items per page. */
  pages(): AsyncIterable<readonly T[]>;
  /** Collects every item (mind large lists), or at most `limit` of them. */
  toArray(limit?: number): Promise<T[]>;
}

/** Iterates every item of a paginated list, fetching pages lazily as the loop asks for them. */
export function paginate<T, Cursor>({ start, fetchPage }: PaginateOptions<T, Cursor>): Paginator<T> {
  async function* pages(): AsyncGenerator<readonly T[]> {
    let cursor: Cursor | undefined = start;
    // Every cursor fetched: a next cursor seen before means the server is going round in circles.
    const seen = new Set<unknown>();
    while (cursor !== undefined) {
      seen.add(cursorKey(cursor));
      const page: Page<T, Cursor> = await fetchPage(cursor);
      yield page.items;
      // An empty page ends the walk even if the server claims more, so a wrong total never loops forever.
      const next: Cursor | undefined = page.items.length === 0 ? undefined : page.next;
      if (next !== undefined && seen.has(cursorKey(next))) throw new PaginationError(next, seen.size);
      cursor = next;
    }
  }
  async function* items(): AsyncGenerator<T> {
    for await (const page of pages()) yield* page;
  }
  return {
    [Symbol.asyncIterator]: items,
    pages,
    async toArray(limit = Number.POSITIVE_INFINITY) {
      const out: T[] = [];
      if (limit <= 0) return out;
      for await (const item of items()) {
        out.push(item);
        if (out.length >= limit) break;
      }
      return out;
    },
  };
}

/** The next page number of a page-numbered list, or undefined after the last page. */
export function nextPageNumber(current: number, pagesTotal: number): number | undefined {
  return current < pagesTotal ? current + 1 : undefined;
}

/** The next offset of an offset/limit list, or undefined when `received` reached `total`. */
export function nextOffset(offset: number, received: number, total: number): number | undefined {
  const next = offset + received;
  return received > 0 && next < total ? next : undefined;
}

/** What a paginator passes on to each page's request: a signal that stops the walk. */
export interface PageInit {
  signal?: AbortSignal;
}

/** A provider's paginator of one list operation: `paginateWebhooks(client, query?, init?)`. */
export type ListPaginator<Client, Query, T> = (client: Client, query?: Query, init?: PageInit) => Paginator<T>;

/** Where the pages of a list operation start: the query parameter that numbers them, and its first value. */
export interface QueryCursor<Query> {
  /** `currentPage`, `offset`...: set on each page's query. */
  param: keyof Query & string;
  /** Its value for the first page when the caller's query does not set it. */
  first: number;
}

/**
 * A paginator of a list operation whose pages are numbered by one query parameter (a page
 * number or an offset): `(client, query?, init?)` walks every item matching `query`, from the
 * page `query` names (else `cursor.first`). `request` sends one page's query; `page` reads its
 * items and where the next page starts (undefined after the last). A failed page throws its
 * ApiError, as `unwrap()` does.
 *
 * ```ts
 * export const paginateWebhooks: ListPaginator<ApiVideoClient, ListQuery, Webhook> = queryPaginator(
 *   { param: 'currentPage', first: 1 },
 *   (client, query, init) => client.GET('/webhooks', { params: { query }, ...init }),
 *   (body) => ({ items: body.data, next: nextPageNumber(body.pagination.currentPage, body.pagination.pagesTotal) }),
 * );
 * ```
 */
export function queryPaginator<Client, Query extends object, Result extends FetchResult, T>(
  cursor: QueryCursor<Query>,
  request: (client: Client, query: Query, init: PageInit) => Promise<Result>,
  page: (body: DataOf<Result>, position: number) => Page<T, number>,
): ListPaginator<Client, Query, T> {
  return (client, query = {} as Query, init = {}) => {
    const start = (query as Record<string, unknown>)[cursor.param];
    return paginate({
      start: typeof start === 'number' ? start : cursor.first,
      fetchPage: async (position) =>
        page(await unwrap(request(client, { ...query, [cursor.param]: position }, init)), position),
    });
  };
}
