/**
 * The contract smoke test of a spec: a valid request for every operation, built from the spec's
 * own examples (else from its schemas), sent through a generated client to a mock of the spec.
 * `pnpm new-api` writes a test on it for every new API, so each operation is answered at least
 * once with a success before anyone writes a line of client code.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/** One operation of a spec, with the values to call it with. */
export interface ExampleRequest {
  /** Lower-case HTTP method. */
  method: string;
  /** The path template, e.g. `/items/{id}`. */
  path: string;
  operationId: string;
  params: {
    path: Record<string, unknown>;
    query: Record<string, unknown>;
    header: Record<string, string>;
  };
  /** The JSON request body, when the operation takes one. */
  body?: unknown;
  /** Set for a `multipart/form-data` body: it is sent as a form. */
  multipart?: boolean;
}

type Schema = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every operation of the spec at `specPath`, in the spec's order, with example values. */
export async function exampleRequests(specPath: string | URL): Promise<ExampleRequest[]> {
  const spec = parse(await readFile(specPath, 'utf8')) as Schema;
  const deref = (value: unknown, seen = 0): Schema => {
    const ref = (value as { $ref?: unknown } | null)?.$ref;
    if (typeof ref !== 'string') return (value ?? {}) as Schema;
    if (seen > 32 || !ref.startsWith('#/')) throw new Error(`cannot follow $ref ${ref}`);
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>(
        (node, key) => (node as Schema | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
        spec,
      );
    return deref(target, seen + 1);
  };
  const sample = (raw: unknown, depth = 0): unknown => {
    const schema = deref(raw);
    if ('example' in schema) return schema.example;
    if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
    if ('const' in schema) return schema.const;
    if ('default' in schema) return schema.default;
    if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
    for (const key of ['allOf', 'oneOf', 'anyOf']) {
      const parts = schema[key];
      if (Array.isArray(parts) && parts.length > 0) {
        if (key !== 'allOf') return sample(parts[0], depth + 1);
        return Object.assign({}, ...parts.map((part) => sample(part, depth + 1)));
      }
    }
    const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
    if (type === 'object' || (type === undefined && schema.properties)) {
      if (depth > 8) return {};
      const properties = (schema.properties ?? {}) as Record<string, unknown>;
      const required = new Set(Array.isArray(schema.required) ? schema.required : []);
      return Object.fromEntries(
        Object.entries(properties)
          .filter(([name]) => required.has(name))
          .map(([name, property]) => [name, sample(property, depth + 1)]),
      );
    }
    if (type === 'array') return [sample(schema.items, depth + 1)];
    if (type === 'integer' || type === 'number') return typeof schema.minimum === 'number' ? schema.minimum : 1;
    if (type === 'boolean') return true;
    if (schema.format === 'binary') return new Blob(['example']);
    return stringFor(schema);
  };
  const value = (parameter: Schema): unknown => {
    if ('example' in parameter) return parameter.example;
    const examples = parameter.examples as Record<string, Schema> | undefined;
    const first = examples && Object.values(examples)[0];
    if (first && 'value' in deref(first)) return deref(first).value;
    return sample(parameter.schema);
  };

  const requests: ExampleRequest[] = [];
  for (const [path, rawItem] of Object.entries((spec.paths ?? {}) as Record<string, unknown>)) {
    const item = deref(rawItem);
    for (const method of METHODS) {
      if (!item[method]) continue;
      const operation = deref(item[method]);
      const request: ExampleRequest = {
        method,
        path,
        operationId: String(operation.operationId ?? `${method} ${path}`),
        params: { path: {}, query: {}, header: {} },
      };
      const parameters = [...((item.parameters as unknown[]) ?? []), ...((operation.parameters as unknown[]) ?? [])];
      for (const parameter of parameters.map((p) => deref(p))) {
        const name = String(parameter.name);
        if (parameter.in === 'path') request.params.path[name] = value(parameter);
        else if (parameter.required && parameter.in === 'query') request.params.query[name] = value(parameter);
        else if (parameter.required && parameter.in === 'header')
          request.params.header[name] = String(value(parameter));
      }
      const content = (deref(operation.requestBody).content ?? {}) as Record<string, Schema>;
      const [type, media] = Object.entries(content)[0] ?? [];
      if (type && media) {
        const examples = media.examples as Record<string, Schema> | undefined;
        const first = examples && Object.values(examples)[0];
        request.body = 'example' in media ? media.example : first ? deref(first).value : sample(media.schema);
        request.multipart = type === 'multipart/form-data';
      }
      requests.push(request);
    }
  }
  return requests;
}

function stringFor(schema: Schema): string {
  switch (schema.format) {
    case 'date':
      return '2024-01-01';
    case 'date-time':
      return '2024-01-01T00:00:00Z';
    case 'uuid':
      return '6ecfe37c-a2e9-4f2d-b56e-847a4e730ed0';
    case 'email':
      return 'someone@example.com';
    case 'uri':
    case 'url':
      return 'https://example.com/';
    default: {
      const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
      return 'example'.padEnd(min, 'x');
    }
  }
}

/** The parts of an openapi-fetch result a smoke test looks at. */
export interface CallResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

type Method = (path: string, init: Record<string, unknown>) => Promise<CallResult>;

/** Sends `request` through an openapi-fetch client (any client: the request is built at run time). */
export function callOperation(client: object, request: ExampleRequest): Promise<CallResult> {
  const send = (client as Record<string, Method>)[request.method.toUpperCase()];
  if (typeof send !== 'function') throw new Error(`the client has no ${request.method.toUpperCase()} method`);
  const init: Record<string, unknown> = { params: request.params };
  if (request.body !== undefined) init.body = request.body;
  if (request.multipart) {
    init.bodySerializer = (body: Record<string, unknown>) => {
      const form = new FormData();
      for (const [name, part] of Object.entries(body)) {
        form.append(name, part instanceof Blob ? part : typeof part === 'string' ? part : JSON.stringify(part));
      }
      return form;
    };
  }
  return send.call(client, request.path, init);
}
