/**
 * paginate() over a real server: page-number lists (api.video: currentPage / pageSize /
 * pagination.pagesTotal) and offset lists (Nodeum: limit / offset / count). One request per page,
 * none past the last page, none after the loop breaks.
 */
import { describe, expect, it } from 'vitest';
import {
  type Client,
  NotFoundError,
  nextOffset,
  nextPageNumber,
  PaginationError,
  paginate,
  queryPaginator,
} from '../src/index.js';
import { type Item, type paths, testClient } from './support/api.js';
import { type RecordedRequest, startServer } from './support/server.js';

const items = (count: number): Item[] =>
  Array.from({ length: count }, (_, i) => ({ id: String(i + 1), name: `item ${i + 1}` }));

function params(request: RecordedRequest): URLSearchParams {
  return new URL(request.url, 'http://server').searchParams;
}

/** A page-numbered list of `all`, as api.video serves it; `pagesTotal` can be made to lie. */
function pagedList(all: Item[], claimPagesTotal?: number) {
  return (request: RecordedRequest) => {
    const currentPage = Number(params(request).get('currentPage') ?? 1);
    const pageSize = Number(params(request).get('pageSize') ?? 2);
    const pagesTotal = claimPagesTotal ?? Math.max(1, Math.ceil(all.length / pageSize));
    const data = all.slice((currentPage - 1) * pageSize, currentPage * pageSize);
    return { body: { data, pagination: { currentPage, pageSize, pagesTotal, itemsTotal: all.length } } };
  };
}

/** An offset list of `all`, as Nodeum serves it. */
function offsetList(all: Item[]) {
  return (request: RecordedRequest) => {
    const limit = Number(params(request).get('limit') ?? 2);
    const offset = Number(params(request).get('offset') ?? 0);
    return { body: { data: all.slice(offset, offset + limit), count: all.length } };
  };
}

/** The items of a page-numbered list, as a provider declares its paginator. */
const paginateItems = queryPaginator(
  { param: 'currentPage', first: 1 },
  (client: Client<paths>, query: { currentPage?: number; pageSize?: number }, init) =>
    client.GET('/items', { params: { query }, ...init }),
  (body) => ({ items: body.data, next: nextPageNumber(body.pagination.currentPage, body.pagination.pagesTotal) }),
);

/** The records of an offset list. */
const paginateRecords = queryPaginator(
  { param: 'offset', first: 0 },
  (client: Client<paths>, query: { limit?: number; offset?: number }, init) =>
    client.GET('/records', { params: { query }, ...init }),
  (body, offset) => ({ items: body.data, next: nextOffset(offset, body.data.length, body.count) }),
);

const byPage = (client: Client<paths>, pageSize = 2) => paginateItems(client, { pageSize });
const byOffset = (client: Client<paths>, limit = 2) => paginateRecords(client, { limit });

const pagesRequested = (requests: RecordedRequest[]) => requests.map((r) => params(r).get('currentPage'));
const offsetsRequested = (requests: RecordedRequest[]) => requests.map((r) => params(r).get('offset'));

describe('page-number lists', () => {
  it('yields every item in order with one request per page and none past the last page', async () => {
    const server = await startServer({ fallback: pagedList(items(5)) });
    const { client } = testClient(server);

    const seen: Item[] = [];
    for await (const item of byPage(client)) seen.push(item);

    expect(seen).toEqual(items(5));
    expect(pagesRequested(server.requests)).toEqual(['1', '2', '3']);
  });

  it('makes no request past a last page that is exactly full', async () => {
    const server = await startServer({ fallback: pagedList(items(4)) });
    const { client } = testClient(server);

    expect(await byPage(client).toArray()).toEqual(items(4));
    expect(pagesRequested(server.requests)).toEqual(['1', '2']);
  });

  it('makes no further request after a break on the first item', async () => {
    const server = await startServer({ fallback: pagedList(items(6)) });
    const { client } = testClient(server);

    let first: Item | undefined;
    for await (const item of byPage(client)) {
      first = item;
      break;
    }
    // Give a prefetch, if there were one, the time to reach the server.
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(first).toEqual(items(1)[0]);
    expect(pagesRequested(server.requests)).toEqual(['1']);
  });

  it('ends on an empty page even when the server claims more pages', async () => {
    const server = await startServer({ fallback: pagedList(items(2), 5) });
    const { client } = testClient(server);

    expect(await byPage(client).toArray()).toEqual(items(2));
    expect(pagesRequested(server.requests)).toEqual(['1', '2']);
  });

  it('walks an empty list with a single request', async () => {
    const server = await startServer({ fallback: pagedList([]) });
    const { client } = testClient(server);

    expect(await byPage(client).toArray()).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('gives pages with pages(), and stops at a limit with toArray(limit)', async () => {
    const server = await startServer({ fallback: pagedList(items(5)) });
    const { client } = testClient(server);

    const pages: (readonly Item[])[] = [];
    for await (const page of byPage(client).pages()) pages.push(page);
    expect(pages).toEqual([items(2), items(4).slice(2), items(5).slice(4)]);
    expect(server.requests).toHaveLength(3);

    expect(await byPage(client).toArray(3)).toEqual(items(3));
    expect(pagesRequested(server.requests.slice(3))).toEqual(['1', '2']);
    expect(await byPage(client).toArray(0)).toEqual([]);
    expect(server.requests).toHaveLength(5);
  });

  it('surfaces a failed page as the ApiError of that page, after the items before it', async () => {
    const server = await startServer();
    server.reply(pagedList(items(4)), { status: 404, body: { message: 'page vanished' } });
    const { client } = testClient(server);

    const seen: Item[] = [];
    const error = await (async () => {
      for await (const item of byPage(client)) seen.push(item);
    })().catch((e: unknown) => e);

    expect(seen).toEqual(items(2));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(server.requests).toHaveLength(2);
  });
});

describe('offset lists', () => {
  it('yields every item with one request per slice and none past count', async () => {
    const server = await startServer({ fallback: offsetList(items(5)) });
    const { client } = testClient(server);

    expect(await byOffset(client).toArray()).toEqual(items(5));
    expect(offsetsRequested(server.requests)).toEqual(['0', '2', '4']);
    expect(server.requests.every((r) => params(r).get('limit') === '2')).toBe(true);
  });

  it('makes no request past a count that is a multiple of the limit', async () => {
    const server = await startServer({ fallback: offsetList(items(4)) });
    const { client } = testClient(server);

    expect(await byOffset(client).toArray()).toEqual(items(4));
    expect(offsetsRequested(server.requests)).toEqual(['0', '2']);
  });

  it('makes no further request after a break on the first item', async () => {
    const server = await startServer({ fallback: offsetList(items(5)) });
    const { client } = testClient(server);

    for await (const item of byOffset(client)) {
      expect(item).toEqual(items(1)[0]);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(offsetsRequested(server.requests)).toEqual(['0']);
  });

  it('ends on an empty slice even when count claims more', async () => {
    const server = await startServer();
    server.reply({ body: { data: items(2), count: 10 } }, { body: { data: [], count: 10 } });
    const { client } = testClient(server);

    expect(await byOffset(client).toArray()).toEqual(items(2));
    expect(offsetsRequested(server.requests)).toEqual(['0', '2']);
  });
});

describe('queryPaginator', () => {
  it("starts at the caller's cursor and keeps the caller's other query parameters on every page", async () => {
    const server = await startServer({ fallback: pagedList(items(7)) });
    const { client } = testClient(server);

    expect(await paginateItems(client, { currentPage: 2, pageSize: 3 }).toArray()).toEqual(items(7).slice(3));
    expect(pagesRequested(server.requests)).toEqual(['2', '3']);
    expect(server.requests.map((r) => params(r).get('pageSize'))).toEqual(['3', '3']);
  });

  it('passes the signal to every request: an aborted one stops the walk with its reason', async () => {
    const server = await startServer({ fallback: offsetList(items(5)) });
    const { client } = testClient(server);
    const controller = new AbortController();

    const seen: Item[] = [];
    const error = await (async () => {
      for await (const item of paginateRecords(client, { limit: 2 }, { signal: controller.signal })) {
        seen.push(item);
        controller.abort(new Error('stopped by the caller'));
      }
    })().catch((e: unknown) => e);

    expect(seen).toEqual(items(2));
    expect(error).toMatchObject({ message: 'stopped by the caller' });
    expect(offsetsRequested(server.requests)).toEqual(['0']);
  });
});

describe('the cursor helpers', () => {
  it('nextPageNumber and nextOffset stop at the end', () => {
    expect(nextPageNumber(1, 3)).toBe(2);
    expect(nextPageNumber(3, 3)).toBeUndefined();
    expect(nextPageNumber(1, 0)).toBeUndefined();
    expect(nextOffset(0, 2, 5)).toBe(2);
    expect(nextOffset(4, 1, 5)).toBeUndefined();
    expect(nextOffset(2, 0, 5)).toBeUndefined();
  });
});

describe('a server that goes round in circles', () => {
  it('stops with a PaginationError when the current page never advances', async () => {
    const all = items(6);
    const server = await startServer({
      // Always answers page 1, whatever page was asked for.
      fallback: () => ({
        body: { data: all.slice(0, 2), pagination: { currentPage: 1, pageSize: 2, pagesTotal: 3, itemsTotal: 6 } },
      }),
    });
    const { client } = testClient(server);
    const seen: Item[] = [];

    const error = await (async () => {
      for await (const item of byPage(client)) seen.push(item);
    })().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PaginationError);
    expect((error as PaginationError).cursor).toBe(2);
    expect((error as Error).message).toMatch(/did not advance/);
    expect(pagesRequested(server.requests)).toEqual(['1', '2']);
    expect(seen).toHaveLength(4);
  });

  it('stops when an object cursor comes back equal', async () => {
    const pages = paginate({
      start: { after: 'a' },
      fetchPage: async (cursor: { after: string }) => ({ items: [cursor.after], next: { after: 'b' } }),
    });

    await expect(pages.toArray()).rejects.toBeInstanceOf(PaginationError);
  });
});
