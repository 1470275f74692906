/**
 * Filter values for `GET /cloud_connectors`: each filter parameter (`id`, `name`, `url`,
 * `url_proxy`, `provider`, `region`, `access_key`) takes a value that may start with an operator.
 * These builders write the operator, and refuse values the server would read differently.
 */

/** A value a filter compares with: a string, or a number for numeric attributes such as `id`. */
export type FilterValue = string | number;

/**
 * The operators Nodeum reads at the start of a filter value, longest first: the server takes the
 * longest one that matches, so `>` followed by `=5` is read as `>=` followed by `5`.
 */
const OPERATORS = ['!><', '><', '!=', '>=', '<=', '!~', '=', '>', '<', '~'] as const;

type Operator = (typeof OPERATORS)[number];

function text(value: FilterValue, builder: string): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`filter.${builder}: ${value} is not a finite number`);
    return String(value);
  }
  if (typeof value !== 'string') {
    throw new TypeError(`filter.${builder}: expected a string or a number, got ${typeof value}`);
  }
  return value;
}

function withOperator(operator: Operator, operand: string, builder: string): string {
  const serialized = `${operator}${operand}`;
  const read = OPERATORS.find((candidate) => serialized.startsWith(candidate));
  if (read !== operator) {
    throw new TypeError(
      `filter.${builder}: ${JSON.stringify(serialized)} would be read as the "${read}" operator, not "${operator}"`,
    );
  }
  return serialized;
}

function compare(operator: Operator, builder: string) {
  return (value: FilterValue): string => withOperator(operator, text(value, builder), builder);
}

function list(operator: Operator, builder: string) {
  return (values: readonly FilterValue[]): string => {
    if (!Array.isArray(values) || values.length === 0) {
      throw new TypeError(`filter.${builder}: expected a non-empty array of values`);
    }
    const items = values.map((value) => {
      const item = text(value, builder);
      // The list is `|`-separated and has no escape, so a `|` inside a value would split it in two.
      if (item.includes('|')) {
        throw new TypeError(`filter.${builder}: ${JSON.stringify(item)} contains "|", which separates list items`);
      }
      return item;
    });
    return withOperator(operator, items.join('|'), builder);
  };
}

/**
 * Builders of filter values, for the filter parameters of `GET /cloud_connectors`:
 *
 * ```ts
 * await client.GET('/cloud_connectors', {
 *   params: { query: { provider: filter.in(['wasabi', 'azure']), name: filter.like('arch%'), id: filter.gte(10) } },
 * });
 * ```
 *
 * Each returns the value to pass (`filter.in(['a', 'b'])` is `"><a|b"`); openapi-fetch percent-encodes
 * it on the wire. A value that would change the operator's meaning (`filter.gt('=5')` would read as
 * `>=5`), an empty list, or a list item containing `|` throws a TypeError.
 */
export const filter = {
  /** Equal to (`=`). Safer than a bare value, which would be misread if it started with an operator. */
  eq: compare('=', 'eq'),
  /** Different from (`!=`). */
  not: compare('!=', 'not'),
  /** Greater than (`>`). */
  gt: compare('>', 'gt'),
  /** Greater than or equal to (`>=`). */
  gte: compare('>=', 'gte'),
  /** Lower than (`<`). */
  lt: compare('<', 'lt'),
  /** Lower than or equal to (`<=`). */
  lte: compare('<=', 'lte'),
  /** Included in the list (`><a|b`). Items must not contain `|`. */
  in: list('><', 'in'),
  /** Not included in the list (`!><a|b`). Items must not contain `|`. */
  notIn: list('!><', 'notIn'),
  /** Matches the pattern (`~`): `%` is any characters, `_` one character. */
  like: compare('~', 'like'),
  /** Does not match the pattern (`!~`): `%` is any characters, `_` one character. */
  notLike: compare('!~', 'notLike'),
} as const;
