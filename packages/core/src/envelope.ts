/**
 * Response mappers for APIs that report their outcome inside the body (an envelope), not only
 * in the HTTP status: the pieces each provider's mapper is built from.
 */
import type { ResponseMapper } from './transport.js';

/**
 * A response mapper that reads the status from a JSON object body with `read`; bodies that are
 * not objects (arrays, text, empty) are left alone.
 *
 * ```ts
 * const mapper = bodyStatusMapper((body) => (body.ok === false ? 400 : undefined));
 * ```
 */
export function bodyStatusMapper(read: (body: Record<string, unknown>) => number | undefined): ResponseMapper {
  return ({ json }) => {
    const body = json();
    return body !== null && typeof body === 'object' && !Array.isArray(body)
      ? read(body as Record<string, unknown>)
      : undefined;
  };
}

/**
 * An HTTP status an API put in its body, as an integer or a three-digit string (`"403"`: ids
 * and codes drift between the two in some APIs); undefined for anything else.
 */
export function statusCode(value: unknown): number | undefined {
  const code = typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : value;
  return typeof code === 'number' && Number.isInteger(code) ? code : undefined;
}
