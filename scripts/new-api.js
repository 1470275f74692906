// @ts-check
/**
 * Adds an API to the workspace from its spec, in one command:
 *
 *   pnpm new-api <id> --spec <file> [--name "Display name"] [--no-install]
 *
 * It copies the spec to specs/<id>/openapi.yaml (unless it is already there) and writes
 * everything else from it: the registry entry (scripts/providers.json), the package
 * packages/<id> (client on core's defineProvider(), README with a quick start, a contract smoke
 * test of every operation against the spec's mock), the lint entry in redocly.yaml, the facade
 * export, the example, the size budget and the README row, then installs the workspace so the
 * new package is linked. The client's options come from the spec: its first server is the
 * default base URL (a server with variables makes `baseUrl` required) and its security schemes
 * are the credentials. `npm test` passes right after; then write the helpers the API needs.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { runMain } from './lib/cli.js';
import { pinnedPnpm } from './lib/pinned-pnpm.js';
import { root, UsageError } from './lib/registry.js';

const USAGE = 'Usage: pnpm new-api <id> --spec <file> [--name "Display name"] [--no-install]';

/**
 * @typedef {object} Credential
 * @property {string} option   the client option
 * @property {string} scheme   the security scheme it feeds
 * @property {string} doc      what it is, for the option's JSDoc
 */

/**
 * The credentials a client of `spec` takes: one option per scheme of the spec's first security
 * requirement (a Basic scheme takes `username` and `password`).
 * @param {any} spec
 * @returns {{ credentials: Credential[], schemes: { name: string, options: string[] }[] }}
 */
export function credentialsOf(spec) {
  const schemes = spec?.components?.securitySchemes ?? {};
  const requirement = (Array.isArray(spec?.security) ? spec.security : []).find(
    (/** @type {object} */ r) => Object.keys(r ?? {}).length > 0,
  );
  const names = Object.keys(requirement ?? {});
  /** @type {Credential[]} */
  const credentials = [];
  const used = [];
  for (const name of names) {
    const scheme = schemes[name];
    if (!scheme) throw new Error(`the security requirement names "${name}", which components.securitySchemes lacks`);
    const doc = oneLine(scheme.description) || `The credential of the ${name} security scheme.`;
    if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'basic') {
      credentials.push({ option: 'username', scheme: name, doc: `The user name (${name}: HTTP Basic).` });
      credentials.push({ option: 'password', scheme: name, doc: `The password (${name}: HTTP Basic).` });
      used.push({ name, options: ['username', 'password'] });
      continue;
    }
    const supported =
      scheme.type === 'apiKey' ? scheme.in !== 'cookie' : ['http', 'oauth2', 'openIdConnect'].includes(scheme.type);
    if (!supported || (scheme.type === 'http' && String(scheme.scheme).toLowerCase() !== 'bearer')) {
      throw new Error(`security scheme "${name}" (${scheme.type} ${scheme.in ?? scheme.scheme ?? ''}) has no factory`);
    }
    const option =
      names.length === 1 ? (scheme.type === 'apiKey' ? 'apiKey' : 'token') : camel(name.replace(/auth$/i, '') || name);
    credentials.push({ option, scheme: name, doc });
    used.push({ name, options: [option] });
  }
  return { credentials, schemes: used };
}

/** @param {string} text */
function camel(text) {
  const words = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
  return joined[0].toLowerCase() + joined.slice(1);
}

/** @param {unknown} text */
function oneLine(text) {
  return typeof text === 'string' ? text.replace(/\s+/g, ' ').trim().replaceAll('*/', '*\\/') : '';
}

/** @param {string} id */
export function pascal(id) {
  return id[0].toUpperCase() + id.slice(1);
}

/**
 * Every file of the new package, and the edits of shared files, as paths relative to `root`
 * mapped to their new contents. Pure: reads the current files, writes nothing.
 * @param {{ root: string, id: string, name: string, specFile: string, spec: any }} input
 */
export function plan({ root, id, name, spec }) {
  const Name = pascal(id);
  const create = `create${Name}Client`;
  const pkg = `@mediaspec/${id}`;
  const specPath = `specs/${id}/openapi.yaml`;
  const { credentials, schemes } = credentialsOf(spec);
  const server = spec.servers?.[0];
  const fixedServer = server && !String(server.url).includes('{') ? String(server.url) : undefined;
  const exampleServer = server
    ? String(server.url).replace(/\{(\w+)\}/g, (_, v) => String(server.variables?.[v]?.default ?? v))
    : undefined;
  const description = oneLine(spec.info?.description).split('. ')[0] || `The ${name} API`;
  /** The environment variable each credential is read from (examples, docs samples, verify). */
  const envVar = (/** @type {string} */ option) =>
    `${id.toUpperCase()}_${option.replace(/[A-Z]/g, (m) => `_${m}`).toUpperCase()}`;
  /** @type {Map<string, string>} */
  const files = new Map();
  const read = (/** @type {string} */ path) => readFileSync(join(root, path), 'utf8');
  const json = (/** @type {string} */ path) => JSON.parse(read(path));
  const write = (/** @type {string} */ path, /** @type {unknown} */ value) =>
    files.set(path, `${JSON.stringify(value, null, 2)}\n`);

  // The registry: the one place the id is named; everything else reads it or is written here.
  const registry = json('scripts/providers.json');
  if (registry.providers.some((/** @type {{ id: string }} */ p) => p.id === id)) {
    throw new UsageError(`"${id}" is already in scripts/providers.json`);
  }
  const ports = new Set([registry.docsPort, ...registry.providers.map((/** @type {any} */ p) => p.mockPort)]);
  let mockPort = Math.max(...registry.providers.map((/** @type {any} */ p) => p.mockPort), 4009) + 1;
  while (ports.has(mockPort)) mockPort++;
  const client = {
    factory: create,
    credentials: Object.fromEntries(credentials.map((c) => [c.option, envVar(c.option)])),
  };
  registry.providers.push({ id, name, spec: specPath, package: pkg, mockPort, client });
  write('scripts/providers.json', registry);

  const redocly = read('redocly.yaml');
  files.set('redocly.yaml', redocly.replace(/^apis:\n/m, `apis:\n  ${id}:\n    root: ${specPath}\n`));

  const base = json('packages/pipe/package.json');
  write(`packages/${id}/package.json`, {
    name: pkg,
    version: '0.1.0',
    description: `Typed client for ${name}, generated from its OpenAPI spec.`,
    keywords: ['openapi', 'openapi-fetch', 'typescript', 'api-client', id],
    homepage: `https://github.com/mediaspec/mediaspec/tree/main/packages/${id}#readme`,
    bugs: base.bugs,
    repository: { ...base.repository, directory: `packages/${id}` },
    license: 'MIT',
    type: 'module',
    sideEffects: false,
    exports: base.exports,
    files: base.files,
    engines: base.engines,
    publishConfig: base.publishConfig,
    scripts: base.scripts,
    dependencies: base.dependencies,
    devDependencies: { ...base.devDependencies, '@mediaspec/test-support': 'workspace:*' },
  });
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'vitest.config.ts', 'LICENSE']) {
    files.set(`packages/${id}/${file}`, read(`packages/pipe/${file}`));
  }
  write(`packages/${id}/turbo.json`, {
    $schema: 'https://turborepo.com/schema.json',
    extends: ['//'],
    tasks: {
      generate: { inputs: ['$TURBO_EXTENDS$', `$TURBO_ROOT$/specs/${id}/**`] },
      test: { inputs: ['$TURBO_EXTENDS$', `$TURBO_ROOT$/specs/${id}/**`] },
    },
  });

  // `baseUrl` (and whether it has a default) comes with the generated ServerOptions.
  const optionLines = credentials.map((c) => `  /** ${c.doc} */\n  ${c.option}: string;`);
  const authCalls = schemes.map(
    (s) => `auth.${s.name}(${s.options.map((o) => `text(options.${o}, '${o}')`).join(', ')})`,
  );
  const authLine =
    authCalls.length === 0
      ? ''
      : authCalls.length === 1
        ? `  auth: (options, { text }) => ${authCalls[0]},\n`
        : `  auth: (options, { text }) => combineAuth(${authCalls.join(', ')}),\n`;
  const coreImports = ['type Client', ...(authCalls.length > 1 ? ['combineAuth'] : []), 'defineProvider'];
  const specImports = [...(authCalls.length > 0 ? ['auth'] : []), 'provider', 'type ServerOptions'];
  files.set(
    `packages/${id}/src/client.ts`,
    `import { ${coreImports.join(', ')} } from '@mediaspec/core';
import type { paths } from './generated/openapi.js';
import { ${specImports.join(', ')} } from './generated/spec.js';

/** The options of {@link ${create}}: its credentials, plus \`baseUrl\` and the common options. */
export interface ${Name}ClientOptions extends ServerOptions {
${optionLines.join('\n')}
}

/**
 * Creates a client for ${name}.
 *
 * \`\`\`ts
 * const client = ${create}({ ${[...credentials.map((c) => `${c.option}: '...'`), ...(fixedServer ? [] : [`baseUrl: '${exampleServer}'`])].join(', ')} });
 * \`\`\`
 */
export const ${create} = defineProvider<paths, ${Name}ClientOptions>({
  ...provider,
  credentials: [${credentials.map((c) => `'${c.option}'`).join(', ')}],
${authLine}});

/** An openapi-fetch client typed by the ${name} spec. */
export type ${Name}Client = Client<paths>;
`,
  );
  files.set(
    `packages/${id}/src/index.ts`,
    `/**
 * ${pkg}: a typed client for ${name}.
 * Everything here is generated from, or checked against, ${specPath}.
 */
export * from '@mediaspec/core/errors';
export { ${create}, type ${Name}Client, type ${Name}ClientOptions } from './client.js';
/** The spec's types: \`paths\`, \`components\`, and a type named after each of its schemas. */
export type * from './generated/types.js';
`,
  );

  const mockCredentials = credentials.map((c) => `${c.option}: 'mock-${c.option}'`).join(', ');
  files.set(
    `packages/${id}/test/contract.test.ts`,
    `/**
 * The contract smoke test: every operation of ${specPath}, called through the client with the
 * spec's own examples against a Prism mock of that spec (started by the package's vitest global
 * setup), must be answered with a success. Written by \`pnpm new-api\`; add tests of the API's
 * rules beside it.
 */
import { callOperation, exampleRequests } from '@mediaspec/test-support/contract';
import { describe, expect, inject, it } from 'vitest';
import { ${create} } from '../src/index.js';

const client = ${create}({ ${mockCredentials ? `${mockCredentials}, ` : ''}baseUrl: inject('mockUrl'), retry: false });
const operations = await exampleRequests(new URL('../../../${specPath}', import.meta.url));

describe('every operation of the spec', () => {
  it('has at least one', () => {
    expect(operations.length).toBeGreaterThan(0);
  });

  for (const operation of operations) {
    it(\`\${operation.method.toUpperCase()} \${operation.path} (\${operation.operationId}) answers with a success\`, async () => {
      const { error, response } = await callOperation(client, operation);
      expect(error, response.headers.get('sl-violations') ?? '').toBeUndefined();
      expect(response.status).toBeGreaterThanOrEqual(200);
      expect(response.status).toBeLessThan(300);
    });
  }
});
`,
  );

  // The quick start calls the first GET that needs no parameter, when there is one.
  const simpleGet = Object.entries(spec.paths ?? {}).find(
    ([path, item]) =>
      !path.includes('{') &&
      /** @type {any} */ (item)?.get &&
      ![.../** @type {any} */ (item.parameters ?? []), .../** @type {any} */ (item.get.parameters ?? [])].some(
        (/** @type {any} */ p) => p.required || p.$ref,
      ),
  )?.[0];
  const quickOptions = [
    ...credentials.map((c) => `${c.option}: process.env.${envVar(c.option)}!`),
    ...(fixedServer ? [] : [`baseUrl: '${exampleServer}'`]),
  ];
  const quickStart = [
    `import { ${create}${simpleGet ? ', unwrap' : ''} } from '${pkg}';`,
    '',
    `const client = ${create}({ ${quickOptions.join(', ')} });`,
    simpleGet
      ? `\n// Results are values ({ data, error, response }); unwrap() throws an ApiError instead.\nconsole.log(await unwrap(client.GET('${simpleGet}')));`
      : `console.log(typeof client.GET);`,
  ].join('\n');
  // The README is also the package's page on the registry: links go to the repository, not ../..
  const repository = String(base.repository?.url ?? '')
    .replace(/^git\+/, '')
    .replace(/\.git$/, '');
  files.set(
    `packages/${id}/README.md`,
    `# ${pkg}

A typed client for ${name}: ${description.replace(/\.$/, '')}. Generated from the hand-written
OpenAPI spec in [\`${specPath}\`](${repository}/blob/main/${specPath}) and contract-tested against a Prism mock of it.

\`\`\`sh
npm install ${pkg}
\`\`\`

## Quick start

\`\`\`ts
${quickStart}
\`\`\`

Every call is typed by the spec: paths, parameters, bodies and responses. Errors are values by
default; \`unwrap()\` turns a result into its data or a thrown \`ApiError\` subclass
(\`NotFoundError\`, \`AuthenticationError\`, ...), exported by this package.

To try it without an account, run the mock of the spec from the
[mediaspec repository](${repository}) (\`pnpm mock ${id}\`) and pass
\`baseUrl: 'http://127.0.0.1:${mockPort}'\`.

## License

MIT
`,
  );

  // The facade: a namespace and the client by name.
  // The ecosystem suite runs every API on every runtime: the new one gets a first step there,
  // the quick start's call and a declared error status unwrapped to its class.
  files.set(
    'ecosystem/src/scenario.ts',
    scenarioWithSteps(read('ecosystem/src/scenario.ts'), {
      id,
      pkg,
      create,
      Name,
      options: [...credentials.map((c) => `${c.option}: KEY`), `baseUrl: urls.${id}`, '...SLOW'].join(', '),
      call: simpleGet,
      error: simpleGet ? errorStep(/** @type {any} */ (spec.paths[simpleGet]).get) : undefined,
    }),
  );
  const ecosystem = json('ecosystem/package.json');
  ecosystem.dependencies = sortKeys({ ...ecosystem.dependencies, [pkg]: 'workspace:*' });
  write('ecosystem/package.json', ecosystem);

  const facade = read('packages/clients/src/index.ts');
  files.set(
    'packages/clients/src/index.ts',
    `${facade.trimEnd()}\nexport * as ${id} from '${pkg}';\n// ${name}\nexport { ${create}, type ${Name}Client, type ${Name}ClientOptions } from '${pkg}';\n`,
  );
  const clients = json('packages/clients/package.json');
  clients.dependencies = sortKeys({ ...clients.dependencies, [pkg]: 'workspace:^' });
  write('packages/clients/package.json', clients);

  // The root's docs tests type-check every API's docs samples against its package.
  const workspace = json('package.json');
  workspace.devDependencies = sortKeys({ ...workspace.devDependencies, [pkg]: 'workspace:*' });
  write('package.json', workspace);

  const examples = json('examples/package.json');
  examples.dependencies = sortKeys({ ...examples.dependencies, [pkg]: 'workspace:*' });
  write('examples/package.json', examples);
  files.set(
    `examples/${id}.ts`,
    `/**
 * ${name}: create a client${simpleGet ? ` and call GET ${simpleGet}` : ''}.
 *
 *   pnpm example ${id}                              against a Prism mock of the spec
 *   pnpm example ${id} --base-url <server>          against a real server (credentials from the environment)
 */
import { ${create}${simpleGet ? ', unwrap' : ''} } from '${pkg}';

const client = ${create}({
${[...credentials.map((c) => `  ${c.option}: process.env.${envVar(c.option)} ?? 'mock-${c.option}',`), `  baseUrl: process.env.BASE_URL${fixedServer ? '' : ` ?? '${exampleServer}'`},`].join('\n')}
});
${simpleGet ? `console.log(await unwrap(client.GET('${simpleGet}')));` : "console.log('client ready:', typeof client.GET);"}
`,
  );

  const budgets = json('scripts/size-budgets.json');
  budgets.providers[id] = { import: create, markers: [create], gzipBudget: 13312, gzipRecorded: 0 };
  write('scripts/size-budgets.json', budgets);

  const readme = read('README.md');
  const row = `| ${name} | [\`specs/${id}\`](${specPath}) | [\`${pkg}\`](packages/${id}) | ${mockPort} |`;
  files.set('README.md', readme.replace(/^(\| Every client above in one package)/m, `${row}\n$1`));
  return files;
}

/**
 * How to run pnpm: MEDIASPEC_PNPM (a JSON array, set by bootstrap.js), else the pnpm running
 * this script (`npm_execpath`), else `pnpm` on the PATH.
 * @returns {string[]}
 */
export function pnpmCommand() {
  if (process.env.MEDIASPEC_PNPM) return JSON.parse(process.env.MEDIASPEC_PNPM);
  const running = process.env.npm_execpath;
  if (running && /pnpm/.test(running)) return /\.c?js$/.test(running) ? [process.execPath, running] : [running];
  // The pinned pnpm scripts/bootstrap.js fetched, on a machine that has none of its own.
  const { script } = pinnedPnpm(root);
  return existsSync(script) ? [process.execPath, script] : ['pnpm'];
}

/** @param {Record<string, string>} object */
function sortKeys(object) {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * @param {string[]} args
 */
function parseArgs(args) {
  /** @type {{ id?: string, spec?: string, name?: string, install: boolean }} */
  const parsed = { install: true };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--spec' || arg === '--name') {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value. ${USAGE}`);
      parsed[arg === '--spec' ? 'spec' : 'name'] = value;
    } else if (arg === '--no-install') parsed.install = false;
    else if (arg.startsWith('-')) throw new UsageError(`Unknown option ${arg}. ${USAGE}`);
    else if (parsed.id === undefined) parsed.id = arg;
    else throw new UsageError(`One id only (got "${parsed.id}" and "${arg}"). ${USAGE}`);
  }
  if (!parsed.id || !parsed.spec) throw new UsageError(USAGE);
  if (!/^[a-z][a-z0-9]*$/.test(parsed.id)) {
    throw new UsageError(`The id "${parsed.id}" must be lower-case letters and digits, starting with a letter`);
  }
  return /** @type {{ id: string, spec: string, name?: string, install: boolean }} */ (parsed);
}

/**
 * Scaffolds the API into the workspace at `root`.
 * @param {string} root
 * @param {string[]} args
 */
export async function newApi(root, args) {
  const { id, spec: specArg, name: nameArg, install } = parseArgs(args);
  // npm and pnpm run scripts from the root; INIT_CWD is where the command was typed.
  const specFile = resolve(process.env.INIT_CWD ?? process.cwd(), specArg);
  if (!existsSync(specFile)) throw new UsageError(`No spec at ${specArg}`);
  if (existsSync(join(root, 'packages', id))) throw new UsageError(`packages/${id} already exists`);
  const spec = parseYaml(readFileSync(specFile, 'utf8'));
  if (!String(spec?.openapi ?? '').startsWith('3.')) throw new UsageError(`${specArg} is not an OpenAPI 3 document`);
  const name = nameArg ?? String(spec.info?.title ?? id);
  const files = plan({ root, id, name, specFile, spec });
  const target = join(root, 'specs', id, 'openapi.yaml');
  if (resolve(target) !== specFile) {
    if (existsSync(target)) throw new UsageError(`specs/${id}/openapi.yaml already exists; pass it as --spec`);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(specFile, target);
  }
  for (const [path, contents] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), contents);
  }
  console.log(`added ${id} (${name}):`);
  for (const path of [relative(root, target), ...files.keys()].sort()) console.log(`  ${path}`);
  if (install) {
    // The pnpm that `npm run`/`pnpm` started this with: bootstrap.js names it in MEDIASPEC_PNPM.
    const [cmd = 'pnpm', ...prefix] = pnpmCommand();
    // The lockfile must take the new package, so never frozen (pnpm freezes it by default when CI
    // is set); and its errors are shown even under `npm run --silent`, which tells pnpm to be silent.
    // biome-ignore lint/suspicious/noUndeclaredEnvVars: set by npm for this command; no turbo task runs it
    const loglevel = process.env.npm_config_loglevel === 'silent' ? 'error' : undefined;
    const installArgs = [
      'install',
      '--prefer-offline',
      '--no-frozen-lockfile',
      ...(loglevel ? [`--loglevel=${loglevel}`] : []),
    ];
    const result = spawnSync(cmd, [...prefix, ...installArgs], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`pnpm install failed (exit ${result.status}); run it, then npm test`);
  }
  // Formatted as `pnpm format` would: the templates' lines depend on the API's names.
  const biome = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'biome.cmd' : 'biome');
  if (existsSync(biome)) {
    const written = [...files.keys()].filter((path) => /\.(ts|js|json|md)$/.test(path));
    const result = spawnSync(biome, ['check', '--write', ...written], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`biome check --write failed on the new files (exit ${result.status})`);
  } else {
    console.log('biome is not installed yet: run `pnpm format` after `pnpm install`');
  }
  console.log(`next: npm test (then write the helpers ${name} needs in packages/${id}/src)`);
}

runMain(import.meta.url, async (args) => {
  const { root } = await import('./lib/registry.js');
  await newApi(root, args);
});

/** The error classes of the statuses a scaffolded step can ask the mock for, in order of preference. */
const ERROR_STEPS = /** @type {const} */ ([
  ['404', 'NotFoundError'],
  ['401', 'AuthenticationError'],
  ['403', 'PermissionDeniedError'],
  ['400', 'BadRequestError'],
  ['422', 'UnprocessableEntityError'],
]);

/**
 * The error status an operation declares that the ecosystem step asks the mock for, and its class.
 * @param {any} operation
 * @returns {{ status: string, className: string } | undefined}
 */
export function errorStep(operation) {
  const found = ERROR_STEPS.find(([status]) => operation?.responses?.[status]);
  return found && { status: found[0], className: found[1] };
}

/**
 * ecosystem/src/scenario.ts with a step for a new API: its import, its id in PROVIDERS and its
 * steps before the facade's.
 * @param {string} source
 * @param {{ id: string, pkg: string, create: string, Name: string, options: string, call: string | undefined, error: { status: string, className: string } | undefined }} api
 */
export function scenarioWithSteps(source, { id, pkg, create, Name, options, call, error }) {
  // unwrap() comes from the packages the scenario already imports.
  const imports = [create, ...(error ? [`${error.className} as ${Name}${error.className}`] : [])];
  const lastImport = source.lastIndexOf('\nimport ');
  const importEnd = source.indexOf(';\n', lastImport) + 2;
  const lines = [
    `  async ${/^[A-Za-z_$][\w$]*$/.test(id) ? id : JSON.stringify(id)}(urls) {`,
    `    const client = ${create}({ ${options} });`,
    ...(call
      ? [
          `    const data: unknown = await unwrap(client.GET('${call}'));`,
          `    check(data !== undefined, 'GET ${call}: data');`,
        ]
      : [`    check(typeof client.GET === 'function', '${create}: a client');`]),
    ...(call && error
      ? [
          `    const error = await thrown(unwrap(client.GET('${call}', { headers: { Prefer: 'code=${error.status}' } })));`,
          `    return ['GET ${call} -> data', checkError(error, ${Name}${error.className}, 'GET ${call} ${error.status}')];`,
        ]
      : [`    return ['${call ? `GET ${call} -> data` : 'client created'}'];`]),
    '  },',
    '',
  ];
  const clientsStep = source.indexOf('  async clients(urls) {');
  const providers = /export const PROVIDERS = \[([^\]]*)'clients'\]/;
  if (lastImport < 0 || clientsStep < 0 || !providers.test(source)) {
    throw new Error(
      'ecosystem/src/scenario.ts no longer has the shape new-api edits (imports, PROVIDERS, the clients step)',
    );
  }
  return `${source.slice(0, importEnd)}import { ${imports.join(', ')} } from '${pkg}';\n${source.slice(importEnd, clientsStep)}${lines.join('\n')}${source.slice(clientsStep)}`.replace(
    providers,
    (_, before) => `export const PROVIDERS = [${before}'${id}', 'clients']`,
  );
}
