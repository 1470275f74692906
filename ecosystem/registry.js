// @ts-check
/**
 * The registry check: the packages as users get them from a registry, by name.
 *
 * 1. Starts a real local registry (Verdaccio, pinned in runtimes.json, installed from npm) in
 *    this process, on a free port, with an empty storage in the OS temp folder.
 * 2. Publishes every package to it with the project's release tooling: `changeset publish
 *    --no-git-tag`, which runs `pnpm publish` in each package (so `workspace:^` becomes a range).
 * 3. Installs `@mediaspec/pipe` and `@mediaspec/clients` by name into a fresh project with npm,
 *    and into another with pnpm, and checks every @mediaspec package came from the registry.
 *    Every README the registry shows must have absolute links only (a relative one leads
 *    nowhere on the registry's page).
 * 4. Runs the Quick start of each of the two READMEs, as published in the installed package,
 *    on Node against Prism mocks of the specs (its requests to the documented servers go to
 *    the mocks; any other destination is refused).
 *
 *   node ecosystem/registry.js [--keep]     (--keep leaves the temp folder for a look)
 *
 * Only the @mediaspec scope points at the local registry: openapi-fetch comes from the usual
 * registry (the npm cache, when it has it).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { parse as parseYaml } from 'yaml';
import { startMockServer } from '../scripts/lib/mock-server.js';
import { providers, root } from '../scripts/lib/registry.js';
import { EcosystemFailure, installed, npmEnv, runOk, seconds } from './lib/exec.js';
import { versions } from './lib/runtimes.js';

const started = Date.now();
/** @param {string} message */
const step = (message) => console.log(`[${seconds(started).padStart(7)}] ${message}`);

/** The packages installed by name, whose README quick starts run. */
const INSTALLED = ['@mediaspec/pipe', '@mediaspec/clients'];

/**
 * Starts Verdaccio from its npm package, loaded into this process.
 * @param {string} dir  storage, config and htpasswd go here
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
async function startVerdaccio(dir) {
  const verdaccio = createRequire(join(await installed(`verdaccio@${versions.verdaccio}`), 'index.js'))('verdaccio');
  const config = join(dir, 'verdaccio.yaml');
  // No uplink: the registry knows only what is published to it. Anyone may read; publishing
  // needs a user, created below.
  writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(join(dir, 'storage'))}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(join(dir, 'htpasswd'))}`,
      'uplinks: {}',
      'packages:',
      "  '@mediaspec/*':",
      '    access: $all',
      '    publish: $authenticated',
      "  '**':",
      '    access: $all',
      'log: { type: stdout, format: pretty, level: error }',
      '',
    ].join('\n'),
  );
  /** @type {import('node:http').Server} */
  const server = await Promise.race([
    verdaccio.runServer(config),
    new Promise((_, reject) => {
      // A Verdaccio that fails while loading its modules logs the error and never settles.
      setTimeout(() => reject(new EcosystemFailure('Verdaccio did not start within 60 s')), 60_000).unref();
    }),
  ]);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Creates the publishing user (npm's `adduser` request) and returns its token.
 * @param {string} url
 */
async function addUser(url) {
  const name = 'mediaspec-release';
  const response = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: `pw-${Date.now()}`, type: 'user', roles: [] }),
  });
  const body = /** @type {{ token?: string }} */ (await response.json());
  if (!response.ok || !body.token)
    throw new EcosystemFailure(`Verdaccio did not create a user: HTTP ${response.status}`);
  return body.token;
}

/**
 * The quick start of a package README: the first TypeScript block under `## Quick start`.
 * @param {string} readme
 */
function quickStart(readme) {
  const section = readme.split(/^## Quick start[^\n]*$/m)[1]?.split(/^## /m)[0];
  return section?.match(/^```ts\n([\s\S]*?)^```$/m)?.[1];
}

/**
 * Where the quick starts send requests, mapped to the mocks: each spec's server URL without
 * variables, and each `baseUrl: 'https://...'` a quick start names.
 * @param {Record<string, string>} urls  provider id -> mock URL
 * @param {string} code  the quick starts
 * @returns {[string, string][]}
 */
function serverRedirects(urls, code) {
  /** @type {[string, string][]} */
  const redirects = [];
  for (const provider of providers) {
    const spec = parseYaml(readFileSync(provider.specPath, 'utf8'));
    for (const { url } of spec.servers ?? []) {
      if (!url.includes('{')) redirects.push([url.replace(/\/$/, ''), urls[provider.id] ?? '']);
    }
  }
  for (const [, url] of code.matchAll(/baseUrl:\s*'(https?:\/\/[^']+)'/g)) {
    const path = new URL(url ?? '').pathname.replace(/\/$/, '');
    const provider = providers.find((p) =>
      parseYaml(readFileSync(p.specPath, 'utf8')).servers?.some((/** @type {{ url: string }} */ s) =>
        s.url.endsWith(path),
      ),
    );
    if (url && provider) redirects.push([url.replace(/\/$/, ''), urls[provider.id] ?? '']);
  }
  return redirects;
}

/**
 * The integrity of every version the local registry holds, by `name@version`.
 * @param {string} registry
 * @param {string[]} names
 */
async function publishedIntegrity(registry, names) {
  /** @type {Map<string, string>} */
  const integrity = new Map();
  for (const name of names) {
    const response = await fetch(`${registry}${name.replace('/', '%2f')}`);
    if (!response.ok) throw new EcosystemFailure(`the local registry has no ${name} (HTTP ${response.status})`);
    const packument = /** @type {{ readme?: string, versions: Record<string, { dist: { integrity: string } }> }} */ (
      await response.json()
    );
    // The registry's page shows this README without the repository around it: a relative link
    // there leads nowhere.
    const relative = [...(packument.readme ?? '').matchAll(/\]\((?!https?:|mailto:|#)([^)\s]+)\)/g)].map((m) => m[1]);
    if (!packument.readme) throw new EcosystemFailure(`${name}: the registry shows no README`);
    if (relative.length > 0) {
      throw new EcosystemFailure(
        `${name}: its README has links that break on the registry's page: ${relative.join(', ')}`,
      );
    }
    for (const [version, { dist }] of Object.entries(packument.versions))
      integrity.set(`${name}@${version}`, dist.integrity);
  }
  return integrity;
}

/**
 * Installs the packages by name into a fresh project; checks from the lockfile that every
 * @mediaspec package is there once, with the integrity of the tarball published to the local
 * registry (so none came from a tarball, a link or another registry).
 * @param {'npm' | 'pnpm'} tool
 * @param {string} dir
 * @param {string} registry
 * @param {Map<string, string>} published  integrity by name@version
 */
async function install(tool, dir, registry, published) {
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: `registry-${tool}`, private: true, type: 'module' })}\n`,
  );
  writeFileSync(join(dir, '.npmrc'), `@mediaspec:registry=${registry}\n`);
  const env = npmEnv();
  /** @type {[string, string | undefined][]} */
  let installed;
  if (tool === 'npm') {
    await runOk(
      'npm install by name',
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...INSTALLED],
      { cwd: dir, env },
    );
    const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
    installed = Object.entries(lock.packages)
      .filter(([path]) => path.includes('node_modules/@mediaspec/'))
      .map(([path, entry]) => [`${path.replace(/^.*node_modules\//, '')}@${entry.version}`, entry.integrity]);
  } else {
    // pnpm in a folder outside any workspace; its store is the machine's.
    await runOk('pnpm add by name', 'pnpm', ['add', '--prefer-offline', '--reporter=silent', ...INSTALLED], {
      cwd: dir,
      env,
    });
    const lock = parseYaml(readFileSync(join(dir, 'pnpm-lock.yaml'), 'utf8'));
    installed = Object.entries(lock.packages ?? {})
      .filter(([key]) => key.startsWith('@mediaspec/'))
      .map(([key, entry]) => [key, entry.resolution?.integrity]);
  }
  const wrong = installed.filter(([key, integrity]) => !integrity || published.get(key) !== integrity);
  const names = new Set(installed.map(([key]) => key.replace(/@[^@]+$/, '')));
  if (wrong.length > 0 || names.size !== installed.length || names.size !== published.size) {
    throw new EcosystemFailure(
      `${tool}: expected each of the ${published.size} published packages once, from the local registry; the lockfile has ${JSON.stringify(installed)}`,
    );
  }
  return installed.map(([key]) => key);
}

/**
 * Runs each installed package's README quick start, as published, against the mocks.
 * @param {string} dir  the project
 * @param {string} preload  the compiled redirecting fetch
 * @param {Record<string, string>} urls
 */
async function runQuickStarts(dir, preload, urls) {
  const lines = [];
  for (const name of INSTALLED) {
    const readme = readFileSync(join(dir, 'node_modules', name, 'README.md'), 'utf8');
    const code = quickStart(readme);
    if (!code) throw new EcosystemFailure(`${name}: its README has no \`\`\`ts block under "## Quick start"`);
    const file = join(dir, `quick-start-${name.split('/')[1]}.mjs`);
    writeFileSync(file, (await esbuild.transform(code, { loader: 'ts', format: 'esm' })).code);
    /** @type {NodeJS.ProcessEnv} */
    const env = { ...process.env };
    for (const [, variable] of code.matchAll(/process\.env\.([A-Z0-9_]+)/g)) {
      if (variable) env[variable] = `registry-${variable.toLowerCase()}`;
    }
    const { stdout } = await runOk(
      `${name} quick start`,
      process.execPath,
      ['--import', preload, file, JSON.stringify(serverRedirects(urls, code))],
      {
        cwd: dir,
        env,
        timeoutMs: 60_000,
      },
    );
    lines.push(`${name}: ${stdout.trim().split('\n')[0] ?? ''}`);
  }
  return lines;
}

async function main() {
  const keep = process.argv.includes('--keep');
  const dir = mkdtempSync(join(tmpdir(), 'mediaspec-registry-'));
  /** @type {(() => Promise<void>)[]} */
  const cleanup = [];
  try {
    const [registry, mocks] = await Promise.all([
      startVerdaccio(dir),
      Promise.all(providers.map(async (p) => [p.id, await startMockServer({ spec: p.specPath })])),
    ]);
    cleanup.push(registry.close);
    for (const [, mock] of mocks) cleanup.push(/** @type {any} */ (mock).close);
    const urls = Object.fromEntries(mocks.map(([id, mock]) => [id, /** @type {any} */ (mock).url]));
    step(`Verdaccio ${versions.verdaccio} at ${registry.url}, ${mocks.length} Prism mocks`);

    const token = await addUser(registry.url);
    const npmrc = join(dir, 'publish.npmrc');
    const host = registry.url.replace(/^http:/, '');
    writeFileSync(npmrc, `@mediaspec:registry=${registry.url}\n${host}:_authToken=${token}\n`);
    const changeset = join(root, 'node_modules', '.bin', 'changeset');
    const published = await runOk('changeset publish', changeset, ['publish', '--no-git-tag'], {
      cwd: root,
      env: npmEnv({ NPM_CONFIG_USERCONFIG: npmrc, 'npm_config_@mediaspec:registry': registry.url }),
      // A pnpm and an npm process per package: minutes on a busy two-core machine.
      timeoutMs: 600_000,
    });
    const names = [...new Set([...published.output.matchAll(/(@mediaspec\/[a-z]+)@[\d.]+/g)].map((m) => String(m[1])))];
    const integrity = await publishedIntegrity(registry.url, names);
    step(`changeset publish: ${[...integrity.keys()].join(', ')}`);

    const preload = join(dir, 'redirect.mjs');
    writeFileSync(
      preload,
      (
        await esbuild.transform(readFileSync(join(root, 'scripts', 'pack-smoke', 'redirect.ts'), 'utf8'), {
          loader: 'ts',
          format: 'esm',
        })
      ).code,
    );
    await Promise.all(
      /** @type {const} */ (['npm', 'pnpm']).map(async (tool) => {
        const project = join(dir, tool);
        const installed = await install(tool, project, registry.url, integrity);
        step(`${tool}: installed ${INSTALLED.join(' and ')} by name: ${installed.join(', ')}`);
        for (const line of await runQuickStarts(project, preload, urls)) step(`${tool}: quick start of ${line}`);
      }),
    );
  } finally {
    for (const close of cleanup) await close();
    if (keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  step('registry check passed');
}

main().catch((error) => {
  console.error(error instanceof EcosystemFailure ? `error: ${error.message}` : error);
  process.exitCode = 1;
});
