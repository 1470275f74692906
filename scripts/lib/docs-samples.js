// @ts-check
/**
 * Code samples for every operation of a spec, generated from the spec itself: a TypeScript call
 * through the provider's client package (its factory, the exact typed call, `unwrap` and the
 * typed error) and a curl command. The docs portal shows them; scripts/test/docs-samples.test.js
 * type-checks every TypeScript sample against the built packages and runs one per API against
 * its mock, so a sample cannot drift from the client.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './registry.js';

/** HTTP methods an OpenAPI path item can hold, in the order the docs list them. */
export const HTTP_METHODS = /** @type {const} */ ([
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
]);

/**
 * The error class `unwrap()` throws for a status, in the order a sample prefers to show them:
 * a missing resource or a refused input says more about an operation than a missing key does.
 */
const ERROR_CLASSES = /** @type {const} */ ([
  [404, 'NotFoundError'],
  [422, 'UnprocessableEntityError'],
  [400, 'BadRequestError'],
  [403, 'PermissionDeniedError'],
  [409, 'ConflictError'],
  [429, 'RateLimitError'],
  [401, 'AuthenticationError'],
]);

/**
 * @typedef {Record<string, any>} Json  a part of a parsed OpenAPI document
 */

/**
 * Follows a local `$ref` (`#/components/...`) until it reaches a value.
 * @param {Json} document
 * @param {any} value
 * @returns {any}
 */
export function deref(document, value) {
  let current = value;
  for (let depth = 0; current && typeof current === 'object' && typeof current.$ref === 'string'; depth++) {
    if (depth > 20) throw new Error(`$ref cycle at ${current.$ref}`);
    const ref = current.$ref;
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported in the docs samples: ${ref}`);
    current = ref
      .slice(2)
      .split('/')
      .map((/** @type {string} */ part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((/** @type {any} */ node, /** @type {string} */ key) => node?.[key], document);
    if (current === undefined) throw new Error(`unresolved $ref ${ref}`);
  }
  return current;
}

/** A value that the TypeScript literal writer prints as code, not as data. */
class Code {
  /** @param {string} text */
  constructor(text) {
    this.text = text;
  }
}

/**
 * A value for a schema with no example: its const, first enum value, default, or a placeholder
 * of its type. Binary strings become a Blob (the generated types map them to Blob).
 * @param {Json} document
 * @param {any} schemaOrRef
 * @param {number} [depth]
 * @returns {unknown}
 */
export function sampleValue(document, schemaOrRef, depth = 0) {
  const schema = deref(document, schemaOrRef) ?? {};
  if (schema.const !== undefined) return schema.const;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const variant = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (variant) return sampleValue(document, variant, depth + 1);
  if (Array.isArray(schema.allOf)) {
    return Object.assign({}, ...schema.allOf.map((/** @type {any} */ part) => sampleValue(document, part, depth + 1)));
  }
  const type = Array.isArray(schema.type) ? schema.type.find((/** @type {string} */ t) => t !== 'null') : schema.type;
  if (type === 'string' && schema.format === 'binary') return new Code("new Blob(['...'])");
  if (type === 'string') return schema.format === 'uuid' ? '00000000-0000-4000-8000-000000000000' : 'string';
  if (type === 'integer' || type === 'number') return schema.minimum ?? 1;
  if (type === 'boolean') return true;
  if (type === 'array') return depth > 4 ? [] : [sampleValue(document, schema.items ?? {}, depth + 1)];
  if (type === 'object' || schema.properties) {
    /** @type {Record<string, unknown>} */
    const object = {};
    if (depth > 4) return object;
    for (const name of schema.required ?? []) {
      object[name] = sampleValue(document, schema.properties?.[name] ?? {}, depth + 1);
    }
    return object;
  }
  return 'string';
}

/**
 * The example a parameter or media type documents, else one made from its schema.
 * @param {Json} document
 * @param {Json} holder  a parameter or a media type object
 */
function exampleOf(document, holder) {
  if (holder.example !== undefined) return holder.example;
  const first = holder.examples && Object.values(holder.examples)[0];
  if (first !== undefined) {
    const example = deref(document, first);
    if (example?.value !== undefined) return example.value;
  }
  return sampleValue(document, holder.schema ?? {});
}

/**
 * Writes a value as a TypeScript literal, indented for a sample.
 * @param {unknown} value
 * @param {string} indent
 * @returns {string}
 */
export function tsLiteral(value, indent = '') {
  if (value instanceof Code) return value.text;
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (value === null || typeof value !== 'object') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item) => tsLiteral(item, inner));
    const flat = `[${items.join(', ')}]`;
    return flat.length <= 60 && !flat.includes('\n')
      ? flat
      : `[\n${items.map((i) => `${inner}${i},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const items = entries.map(([key, item]) => `${propertyName(key)}: ${tsLiteral(item, inner)}`);
  const flat = `{ ${items.join(', ')} }`;
  return flat.length <= 60 && !flat.includes('\n')
    ? flat
    : `{\n${items.map((i) => `${inner}${i},`).join('\n')}\n${indent}}`;
}

/** @param {string} key */
const propertyName = (key) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : `'${key.replace(/'/g, "\\'")}'`);

/** @param {string} text */
const shellQuote = (text) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * The error classes a provider package exports, read from its entry point's export list (text
 * only: the docs build does not need the packages built).
 * @param {import('./registry.js').Provider} provider
 */
export function exportedNames(provider) {
  return namesExportedBy(join(provider.packageDir, 'src', 'index.ts'));
}

/** Core's entry that every provider re-exports whole (`export * from '@mediaspec/core/errors'`). */
const CORE_ERRORS_ENTRY = join(root, 'packages', 'core', 'src', 'errors-entry.ts');

/**
 * The names a module's source exports by name, plus those of core's errors entry when it
 * re-exports that entry whole. Read as text: scripts never import package source.
 * @param {string} file
 * @returns {Set<string>}
 */
function namesExportedBy(file) {
  const source = readFileSync(file, 'utf8');
  const names = new Set();
  for (const block of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of block[1].split(',')) {
      const name = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)
        .pop();
      if (name) names.add(name);
    }
  }
  if (file !== CORE_ERRORS_ENTRY && /export\s*\*\s*from\s*'@mediaspec\/core\/errors'/.test(source)) {
    for (const name of namesExportedBy(CORE_ERRORS_ENTRY)) names.add(name);
  }
  return names;
}

/**
 * @typedef {object} SampleContext
 * @property {import('./registry.js').Provider} provider
 * @property {Json} document      the parsed spec
 * @property {string} baseUrl     the server the samples send to (the local mock in the docs)
 * @property {{ url: string, template: boolean }} realServer  the provider's documented server, named in a comment
 * @property {Set<string>} exports  what the provider package exports
 */

/**
 * The parameters an operation needs: its path parameters, and the required query and header ones.
 * @param {Json} document
 * @param {Json} pathItem
 * @param {Json} operation
 */
function requestParams(document, pathItem, operation) {
  /** @type {Record<'path' | 'query' | 'header', Record<string, unknown>>} */
  const params = { path: {}, query: {}, header: {} };
  /** @type {Map<string, Json>} */
  const byKey = new Map();
  for (const raw of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
    const parameter = deref(document, raw);
    byKey.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  for (const parameter of byKey.values()) {
    const where = /** @type {'path' | 'query' | 'header' | 'cookie'} */ (parameter.in);
    if (where === 'cookie' || (where !== 'path' && !parameter.required)) continue;
    params[where][parameter.name] = exampleOf(document, parameter);
  }
  return params;
}

/**
 * The request body of a sample: its media type and value, or undefined.
 * @param {Json} document
 * @param {Json} operation
 */
function requestBody(document, operation) {
  const body = deref(document, operation.requestBody);
  if (!body?.content) return undefined;
  const [mediaType, media] = /** @type {[string, Json]} */ (Object.entries(body.content)[0]);
  if (mediaType === 'multipart/form-data') {
    const schema = deref(document, media.schema ?? {});
    return { mediaType, value: sampleValue(document, schema), schema };
  }
  return { mediaType, value: exampleOf(document, media), schema: deref(document, media.schema ?? {}) };
}

/**
 * The TypeScript sample of one operation.
 * @param {SampleContext} context
 * @param {{ method: string, path: string, pathItem: Json, operation: Json }} target
 */
export function typescriptSample({ provider, document, baseUrl, realServer, exports }, target) {
  const { factory, credentials } = provider.client;
  const { method, path, pathItem, operation } = target;
  const params = requestParams(document, pathItem, operation);
  const body = requestBody(document, operation);
  const statuses = Object.keys(operation.responses ?? {}).map(Number);
  const errorClass =
    ERROR_CLASSES.find(([status, name]) => statuses.includes(status) && exports.has(name))?.[1] ?? 'ApiError';

  /** @type {Record<string, unknown>} */
  const init = {};
  /** @type {Record<string, unknown>} */
  const paramsInit = {};
  for (const where of /** @type {const} */ (['path', 'query', 'header'])) {
    if (Object.keys(params[where]).length > 0) paramsInit[where] = params[where];
  }
  if (Object.keys(paramsInit).length > 0) init.params = paramsInit;
  if (body) init.body = body.value;
  if (body?.mediaType === 'multipart/form-data') {
    // openapi-fetch sends JSON unless the body serializer returns FormData.
    const appends = Object.keys(/** @type {object} */ (body.value)).map(
      (name) =>
        `form.append(${tsLiteral(name)}, ${typeof (/** @type {Record<string, unknown>} */ (body.value)[name]) === 'string' || /** @type {Record<string, unknown>} */ (body.value)[name] instanceof Code ? `body.${name}` : `String(body.${name})`});`,
    );
    init.bodySerializer = new Code(
      `(body) => {\n        const form = new FormData();\n${appends.map((line) => `        ${line}`).join('\n')}\n        return form;\n      }`,
    );
  }
  const call = `client.${method.toUpperCase()}(${tsLiteral(path)}${Object.keys(init).length > 0 ? `, ${tsLiteral(init, '    ')}` : ''})`;
  const imports = [factory, errorClass, 'unwrap'].sort((a, b) => a.localeCompare(b));
  const options = Object.entries(credentials).map(([option, env]) => `  ${option}: process.env.${env} ?? '',`);
  const serverNote = realServer.template
    ? `your server, e.g. ${realServer.url}`
    : `leave baseUrl out to call ${realServer.url}`;
  return `import { ${imports.join(', ')} } from '${provider.package}';

const client = ${factory}({
${options.join('\n')}
  baseUrl: '${baseUrl}', // the local mock (pnpm mock ${provider.id}); ${serverNote}
});

try {
  const data = await unwrap(
    ${call},
  );
  console.log(data);
} catch (error) {
  // unwrap() throws one ApiError subclass per status family, with the parsed (redacted) body.
  if (error instanceof ${errorClass}) console.error(error.status, error.message, error.body);
  else throw error;
}
`;
}

/**
 * The curl command of one operation, with the credentials read from the environment.
 * @param {SampleContext} context
 * @param {{ method: string, path: string, pathItem: Json, operation: Json }} target
 */
export function curlSample({ provider, document, baseUrl }, { method, path, pathItem, operation }) {
  const params = requestParams(document, pathItem, operation);
  const body = requestBody(document, operation);
  const url = new URL(
    baseUrl.replace(/\/$/, '') +
      path.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(String(params.path[name] ?? name))),
  );
  for (const [name, value] of Object.entries(params.query)) {
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(item));
  }
  /** @type {string[]} */
  const lines = [];
  /** @type {string[]} */
  const queryAuth = [];
  const requirement = operation.security ?? document.security ?? [];
  const credentials = provider.client.credentials;
  const envs = Object.values(credentials);
  for (const schemeName of Object.keys(requirement[0] ?? {})) {
    const scheme = deref(document, document.components?.securitySchemes?.[schemeName]);
    if (!scheme) continue;
    if (scheme.type === 'apiKey') {
      const env =
        credentials[scheme.name] ??
        (envs.length === 1 ? envs[0] : `${provider.id.toUpperCase()}_${scheme.name.toUpperCase().replace(/\W/g, '_')}`);
      if (scheme.in === 'header') lines.push(`-H "${scheme.name}: $${env}"`);
      else if (scheme.in === 'query') queryAuth.push(`${encodeURIComponent(scheme.name)}=$${env}`);
    } else if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'basic') {
      lines.push(
        credentials.username && credentials.password
          ? `-u "$${credentials.username}:$${credentials.password}"`
          : `-u "$${envs[0]}:"`,
      );
    } else if (scheme.type === 'http' || scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
      lines.push(`-H "Authorization: Bearer $${provider.id.toUpperCase()}_TOKEN"`);
    }
  }
  for (const [name, value] of Object.entries(params.header)) lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  if (body?.mediaType === 'multipart/form-data') {
    for (const [name, value] of Object.entries(/** @type {object} */ (body.value))) {
      lines.push(
        value instanceof Code ? `-F ${shellQuote(`${name}=@video.mp4`)}` : `-F ${shellQuote(`${name}=${value}`)}`,
      );
    }
  } else if (body) {
    lines.push(`-H ${shellQuote(`Content-Type: ${body.mediaType}`)}`);
    lines.push(`--data ${shellQuote(JSON.stringify(body.value))}`);
  }
  let target = url.toString();
  if (queryAuth.length > 0) {
    target = `"${target}${url.search ? '&' : '?'}${queryAuth.join('&')}"`;
  } else target = shellQuote(target);
  const verb = method.toUpperCase() === 'GET' ? '' : ` -X ${method.toUpperCase()}`;
  return [`curl${verb} ${target}`, ...lines].join(' \\\n  ');
}

/**
 * Every operation of a spec's `paths`, in document order.
 * @param {Json} document
 * @returns {{ method: string, path: string, pathItem: Json, operation: Json }[]}
 */
export function listOperations(document) {
  return Object.entries(document.paths ?? {}).flatMap(([path, rawItem]) => {
    const pathItem = deref(document, rawItem);
    return HTTP_METHODS.filter((method) => pathItem[method]).map((method) => ({
      method,
      path,
      pathItem,
      operation: pathItem[method],
    }));
  });
}

/**
 * The server a spec documents first, with its variables set to their defaults, and whether it is
 * a template (a self-hosted product, whose users have their own host).
 * @param {Json} document
 */
export function documentedServer(document) {
  const server = document.servers?.[0];
  if (!server?.url) return { url: '(no server documented)', template: false };
  const url = String(server.url).replace(/\{([^}]+)\}/g, (_, name) =>
    String(server.variables?.[name]?.default ?? name),
  );
  return { url, template: url !== server.url };
}

/**
 * The samples of every operation of a spec, keyed by `METHOD path`.
 * @param {import('./registry.js').Provider} provider
 * @param {Json} document
 * @param {{ baseUrl: string }} options
 * @returns {Map<string, { typescript: string, curl: string, operationId: string | undefined }>}
 */
export function specSamples(provider, document, { baseUrl }) {
  const context = {
    provider,
    document,
    baseUrl,
    realServer: documentedServer(document),
    exports: exportedNames(provider),
  };
  const samples = new Map();
  for (const target of listOperations(document)) {
    samples.set(`${target.method.toUpperCase()} ${target.path}`, {
      operationId: target.operation.operationId,
      typescript: typescriptSample(context, target),
      curl: curlSample(context, target),
    });
  }
  return samples;
}
