/**
 * Pagination as async iteration. A provider describes how to fetch one page and where the next
 * one starts; `paginate()` does the rest: one request per page, none past the last page, and a
 * `break` in the caller's loop stops it with no further request.
 */

import { PaginationError } from './errors.js';

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
