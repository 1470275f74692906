import type { components } from './generated/openapi.js';

/** An attribute of a cloud connector, by which a list can be sorted. */
export type SortAttribute = Extract<keyof components['schemas']['CloudConnector'], string>;

/** `asc` (Nodeum's default) or `desc`. */
export type SortDirection = 'asc' | 'desc';

/** An attribute alone (ascending), or an `[attribute, direction]` pair. */
export type SortKey = SortAttribute | readonly [SortAttribute, SortDirection];

const ATTRIBUTE = /^[a-z_]+$/;

/**
 * The `sort_by` value of `GET /cloud_connectors`, most significant key first. The client sends it
 * pipe-delimited: `sortBy(['name', 'asc'], ['id', 'desc'])` goes out as `sort_by=name:asc|id:desc`
 * (with `:` percent-encoded).
 *
 * ```ts
 * await client.GET('/cloud_connectors', { params: { query: { sort_by: sortBy('provider', ['id', 'desc']) } } });
 * ```
 */
export function sortBy(...keys: readonly SortKey[]): string[] {
  if (keys.length === 0) throw new TypeError('sortBy: name at least one attribute');
  return keys.map((key) => {
    const [attribute, direction] = typeof key === 'string' ? [key, undefined] : key;
    // Checked at run time too: a `|` or `:` in a name would silently change the whole sort order.
    if (typeof attribute !== 'string' || !ATTRIBUTE.test(attribute)) {
      throw new TypeError(`sortBy: ${JSON.stringify(attribute)} is not an attribute name`);
    }
    if (direction === undefined) return attribute;
    if (direction !== 'asc' && direction !== 'desc') {
      throw new TypeError(
        `sortBy: the direction of "${attribute}" must be "asc" or "desc", got ${JSON.stringify(direction)}`,
      );
    }
    return `${attribute}:${direction}`;
  });
}
