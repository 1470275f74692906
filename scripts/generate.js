// @ts-check
/**
 * Generates the TypeScript types of each provider's client from its spec.
 *
 *   node scripts/generate.js [provider...]     (every provider when none is named)
 *
 * Writes packages/<id>/src/generated/openapi.ts, the types, and packages/<id>/src/generated/spec.ts,
 * what the spec says about reaching the API: its servers (with their variables) and one auth
 * factory per security scheme, built on @mediaspec/core's strategies. A client picks its auth by
 * naming the scheme, so a spec change that renames or moves a key breaks the build, not a
 * deployment. It uses openapi-typescript's Node API rather than its CLI, because the CLI reads
 * redocly.yaml, expects per-API output settings there and aborts on lint findings; linting is a
 * separate task.
 *
 * Run from a package folder with no provider named (as each package's `generate` script does),
 * it generates that package's provider, so no package restates its id.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { parse as parseYaml } from 'yaml';
import { runMain } from './lib/cli.js';
import { providerForPackageDir, root, selectProviders, UsageError } from './lib/registry.js';

const BLOB = ts.factory.createTypeReferenceNode('Blob');
const NULL = ts.factory.createLiteralTypeNode(ts.factory.createNull());

/**
 * Binary fields (`format: binary`) become `Blob`, which is what fetch and FormData accept;
 * openapi-typescript would otherwise type them as `string`.
 * @param {import('openapi-typescript').SchemaObject} schema
 * @returns {import('typescript').TypeNode | undefined}
 */
function transform(schema) {
  if (schema.format !== 'binary') return undefined;
  const nullable = Array.isArray(schema.type) && schema.type.includes('null');
  return nullable ? ts.factory.createUnionTypeNode([BLOB, NULL]) : BLOB;
}

/**
 * The banner of every generated file.
 * @param {import('./lib/registry.js').Provider} provider
 */
function banner(provider) {
  return [
    `// Generated from ${provider.spec} by scripts/generate.js. Do not edit: change the spec and`,
    '// run `pnpm turbo run generate`. This file is git-ignored and rebuilt on every change.',
    '',
  ].join('\n');
}

/**
 * Writes `source` unless the file already holds it, so file watchers and tsc incremental builds
 * stay quiet.
 * @param {string} file
 * @param {string} source
 */
async function writeIfChanged(file, source) {
  const previous = await readFile(file, 'utf8').catch(() => '');
  if (previous !== source) await writeFile(file, source);
}

/**
 * @param {import('./lib/registry.js').Provider} provider
 * @returns {Promise<string[]>} the written files, relative to the repository root
 */
export async function generateTypes(provider) {
  const ast = await openapiTS(pathToFileURL(provider.specPath), { transform });
  const outDir = join(provider.packageDir, 'src', 'generated');
  await mkdir(outDir, { recursive: true });
  const types = join(outDir, 'openapi.ts');
  const spec = join(outDir, 'spec.ts');
  await writeIfChanged(types, `${banner(provider)}${astToString(ast)}`);
  const document = parseYaml(await readFile(provider.specPath, 'utf8'));
  await writeIfChanged(
    spec,
    `${banner(provider)}${renderSpecModule(document, provider.spec, provider.client.factory)}`,
  );
  const schemas = join(outDir, 'schemas.ts');
  await writeIfChanged(schemas, `${banner(provider)}${renderSchemasModule(document)}`);
  // Every type a package exports from its spec, so its index re-exports them in one line.
  const index = join(outDir, 'types.ts');
  await writeIfChanged(
    index,
    `${banner(provider)}export type { components, operations, paths, webhooks } from './openapi.js';\nexport type * from './schemas.js';\n`,
  );
  return [relative(root, types), relative(root, spec), relative(root, schemas), relative(root, index)];
}

/** @param {unknown} value */
const literal = (value) => JSON.stringify(value);

/**
 * A JSDoc comment from a spec description (one paragraph, no comment terminator).
 * @param {unknown} text
 * @param {string} fallback
 */
function doc(text, fallback) {
  const line = typeof text === 'string' && text.trim() ? text.replace(/\s+/g, ' ').trim() : fallback;
  return `/** ${line.replaceAll('*/', '*\\/')} */`;
}

/**
 * A description as a clause: one line, without its final period, its first word in lower case
 * when it is an article or "Your" ("Your Nodeum server." becomes "your Nodeum server").
 * @param {unknown} text
 */
function clause(text) {
  const line = String(text).replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  return line.replace(/^(A|An|The|Your)\b/, (word) => word.toLowerCase());
}

/**
 * A server's URL with its variables at their defaults.
 * @param {any} server
 */
function exampleUrl(server) {
  return String(server.url).replace(/\{(\w+)\}/g, (whole, name) => {
    const value = server.variables?.[name]?.default;
    return value === undefined ? whole : String(value);
  });
}

/**
 * The source of `generated/spec.ts`: typed constants for the servers, the base URL option and
 * what `defineProvider()` takes from them, and an auth factory per security scheme.
 * @param {any} document  the parsed spec
 * @param {string} specPath  for error messages
 * @param {string} factory  the client factory's name, from the registry
 * @returns {string}
 */
export function renderSpecModule(document, specPath, factory) {
  const servers = Array.isArray(document?.servers) ? document.servers : [];
  const schemes = document?.components?.securitySchemes ?? {};
  /** @type {Set<string>} */
  const imports = new Set();
  const lines = [];

  lines.push(
    '/** The servers the spec lists, in its order, with their variables (`{name}` in `url`). */',
    `export const servers = ${literal(
      servers.map((/** @type {any} */ server) => ({
        url: String(server.url),
        description: server.description ?? '',
        variables: Object.fromEntries(
          Object.entries(server.variables ?? {}).map(([name, variable]) => [
            name,
            {
              default: String(/** @type {any} */ (variable).default),
              enum: /** @type {any} */ (variable).enum ?? null,
            },
          ]),
        ),
      })),
    )} as const;`,
    '',
  );
  const first = servers[0];
  const fixed = first && !String(first.url).includes('{') ? String(first.url) : undefined;
  lines.push(
    '/**',
    ' * The base URL a client uses when none is given: the first server, when it is a fixed URL.',
    ' * Undefined when it has variables (a self-hosted API): the caller must then pass `baseUrl`.',
    ' */',
    `export const defaultBaseUrl = ${fixed === undefined ? 'undefined' : literal(fixed)};`,
    '',
  );
  if (first && String(first.url).includes('{')) {
    const variables = Object.entries(first.variables ?? {});
    const fields = variables.map(([name, /** @type {any} */ variable]) => {
      const type = Array.isArray(variable.enum) ? variable.enum.map(literal).join(' | ') : 'string';
      return `  ${doc(variable.description, `The \`${name}\` of the server URL.`).replace('*/', `Default ${literal(String(variable.default))}. */`)}\n  ${name}?: ${type};`;
    });
    lines.push(
      `/** The variables of the server URL \`${first.url}\`. */`,
      `export interface ServerVariables {\n${fields.join('\n')}\n}`,
      '',
      `/** The first server's URL with \`variables\` filled in (the spec's defaults for the others). */`,
      'export function serverUrl(variables: ServerVariables = {}): string {',
      `  const values: Record<string, string | undefined> = { ...variables };`,
      `  return ${literal(String(first.url))}.replace(/\\{(\\w+)\\}/g, (_, name: string) => values[name] ?? (servers[0].variables as Record<string, { default: string }>)[name]?.default ?? '');`,
      '}',
      '',
    );
  }

  const example = first ? exampleUrl(first) : undefined;
  // Where the first server has variables (a self-hosted API): what `baseUrl` is, e.g. `your
  // self-hosted Nodeum server at "{scheme}://{host}/api/v2", e.g. "https://localhost/api/v2"`.
  const where =
    first && fixed === undefined
      ? `${first.description ? `${clause(first.description)} at ` : ''}"${first.url}", e.g. "${example}"`
      : undefined;
  const baseUrlDoc =
    fixed !== undefined
      ? `Defaults to \`${fixed}\`, the spec's first server${first.description ? ` (${clause(first.description)})` : ''}. Credentials are sent only to URLs under it.`
      : where !== undefined
        ? `Required (there is no default): ${where}. Credentials are sent only to URLs under it.`
        : 'The API server: the spec lists none.';
  imports.add('type CommonClientOptions');
  lines.push(
    "/** The options every client of this API takes: core's common options, and `baseUrl` as the spec's servers have it. */",
    'export interface ServerOptions extends CommonClientOptions {',
    `  ${doc(baseUrlDoc, '')}`,
    `  baseUrl${fixed === undefined ? '' : '?'}: string;`,
    '}',
    '',
    '/**',
    " * What `defineProvider()` takes from the registry and the spec: the factory's name, the default",
    ' * base URL and, where there is none, what `baseUrl` is.',
    ' */',
    `export const provider = { name: ${literal(factory)}, defaultBaseUrl${where === undefined ? '' : `, baseUrlHint: ${literal(where)}`} };`,
    '',
  );

  const factories = [];
  const described = {};
  for (const [name, /** @type {any} */ scheme] of Object.entries(schemes)) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) {
      throw new Error(`${specPath}: security scheme "${name}" is not a valid identifier; rename it`);
    }
    const comment = doc(scheme.description, `The ${name} security scheme.`);
    if (scheme.type === 'apiKey' && scheme.in === 'header') {
      imports.add('apiKeyHeader');
      factories.push(
        `  ${comment}\n  ${name}: (key: string): AuthStrategy => apiKeyHeader(${literal(scheme.name)}, key),`,
      );
    } else if (scheme.type === 'apiKey' && scheme.in === 'query') {
      imports.add('apiKeyQuery');
      factories.push(
        `  ${comment}\n  ${name}: (key: string): AuthStrategy => apiKeyQuery({ ${literal(scheme.name)}: key }),`,
      );
    } else if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'basic') {
      imports.add('basicAuth');
      factories.push(
        `  ${comment}\n  ${name}: (username: string, password = ''): AuthStrategy => basicAuth(username, password),`,
      );
    } else if (
      (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer') ||
      scheme.type === 'oauth2' ||
      scheme.type === 'openIdConnect'
    ) {
      imports.add('bearerToken').add('bearerTokenProvider').add('type TokenProvider');
      factories.push(
        `  ${comment.replace(/ \*\/$/, ' A string is sent as is; a token provider is called for a token when one is needed, and again after a 401. */')}\n  ${name}: (token: string | TokenProvider): AuthStrategy =>\n    typeof token === 'string' ? bearerToken(token) : bearerTokenProvider(token),`,
      );
    } else {
      // A cookie key or another HTTP scheme: described below, with no factory; the client builds it.
      continue;
    }
    Object.assign(described, {
      [name]: { type: scheme.type, in: scheme.in, name: scheme.name, scheme: scheme.scheme },
    });
  }
  lines.push(
    "/** The spec's security schemes this module has a factory for: where each credential goes. */",
    `export const securitySchemes = ${literal(described)} as const;`,
    '',
    '/**',
    ' * One auth strategy factory per security scheme, named as in the spec. A scheme whose key a',
    " * client obtains at run time (a login) uses `securitySchemes.<name>.name` with core's token",
    ' * providers instead.',
    ' */',
    `export const auth = {\n${factories.join('\n')}\n};`,
    '',
  );
  const webhookNames = Object.keys(document?.webhooks ?? {});
  let typeImport = '';
  if (webhookNames.length > 0) {
    typeImport = "import type { webhooks } from './openapi.js';\n";
    lines.push(
      "/** The names of the webhooks the spec describes: the events the API delivers, in the spec's order. */",
      `export const webhookNames = ${literal(webhookNames)} as const;`,
      '',
      '/** The JSON body of each webhook the spec describes, by name. */',
      'export type WebhookEvents = {',
      '  [Name in keyof webhooks]: webhooks[Name] extends {',
      "    post: { requestBody?: { content: { 'application/json': infer Body } } };",
      '  }',
      '    ? Body',
      '    : never;',
      '};',
      '',
    );
  }
  imports.add('type AuthStrategy');
  const sorted = [...imports].sort((a, b) => a.replace('type ', '').localeCompare(b.replace('type ', '')));
  return `import { ${sorted.join(', ')} } from '@mediaspec/core';\n${typeImport}\n${lines.join('\n')}`;
}

/**
 * The source of `generated/schemas.ts`: a type named after each schema of the spec, documented
 * with its description, so a package exports them with one line.
 * @param {any} document  the parsed spec
 * @returns {string}
 */
export function renderSchemasModule(document) {
  const lines = ["import type { components } from './openapi.js';", ''];
  for (const [name, schema] of Object.entries(document?.components?.schemas ?? {})) {
    // A name that is not an identifier stays reachable as components['schemas'][name].
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) continue;
    lines.push(doc(/** @type {any} */ (schema)?.description, `The ${name} schema of the spec.`));
    lines.push(`export type ${name} = components['schemas'][${literal(name)}];`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The providers to generate: those named, else the one whose package is the current folder
 * (a package's own `generate` script), else every provider.
 * @param {string[]} args
 */
function chosenProviders(args) {
  if (args.length > 0) return selectProviders(args);
  const here = providerForPackageDir(resolve(process.cwd()));
  return here ? [here] : selectProviders([]);
}

runMain(import.meta.url, async (args) => {
  const unknownFlag = args.find((a) => a.startsWith('-'));
  if (unknownFlag) throw new UsageError(`Unknown option ${unknownFlag}. Usage: node scripts/generate.js [provider...]`);
  for (const provider of chosenProviders(args)) {
    for (const file of await generateTypes(provider)) console.log(`generated ${file}`);
  }
});
