// @ts-check
/** What the benchmark API sends and answers: shared by the server and the stub fetch. */

/** @param {number} i @returns {import('./api.js').Item} */
function item(i) {
  return {
    id: `item-${String(i).padStart(6, '0')}`,
    name: `Recording ${i} of the benchmark`,
    tags: ['video', i % 2 ? 'odd' : 'even'],
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  };
}

/** The answer to `GET /items?limit=5&offset=20&tag=a&tag=b`: five items (about 0.5 KB). */
export const LIST_JSON = JSON.stringify({ data: Array.from({ length: 5 }, (_, i) => item(20 + i)), count: 5 });

/** The body of `POST /items`. */
export const NEW_ITEM = { name: 'A new recording', tags: ['video', 'benchmark'] };

/** The answer to `POST /items` (201). */
export const CREATED_JSON = JSON.stringify({ ...item(1), ...NEW_ITEM });

/** The answer to `GET /large`: about 100 KB of JSON (the smallest list of at least 100 KiB). */
export const LARGE_JSON = (() => {
  const items = [];
  let length = '{"data":[],"count":0000}'.length;
  while (length < 100 * 1024) {
    const next = item(items.length);
    length += JSON.stringify(next).length + 1;
    items.push(next);
  }
  return JSON.stringify({ data: items, count: items.length });
})();

/** The query of the list call. */
export const LIST_QUERY = { limit: 5, offset: 20, tag: ['a', 'b'] };

/** The bearer token every client sends. */
export const TOKEN = 'bench-token-2f9c41d7';
