import { serializeArrayParam, serializePrimitiveParam } from 'openapi-fetch';

/**
 * The two list styles of the PStream page, told apart by the parameter's name: a name ending in
 * `[]` is repeated (`headers[]=a&headers[]=b`), any other list is comma-joined (`file=a,b`).
 * openapi-fetch does not read the spec's `explode`, so one global array style would get one of
 * them wrong.
 */
export function serializeQuery(query: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length > 0)
        parts.push(serializeArrayParam(name, value, { style: 'form', explode: name.endsWith('[]') }));
    } else {
      parts.push(serializePrimitiveParam(name, String(value)));
    }
  }
  return parts.join('&');
}
