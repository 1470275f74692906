// @ts-check
/**
 * The pack smoke test: every package as a user meets it.
 *
 * 1. Packs each publishable package with `pnpm pack` (which turns `workspace:` ranges into
 *    versions), checks what each tarball holds, and lints it with publint (strict) and
 *    arethetypeswrong (esm-only profile): scripts/lib/package-lint.js.
 * 2. Installs all the tarballs with one `npm install` into a fresh project in the OS temp dir,
 *    outside the workspace. The @mediaspec scope points at a local registry that knows no
 *    package, so every @mediaspec dependency must be satisfied by a tarball.
 * 3. Type-checks a strict consumer (scripts/pack-smoke/) and the quick start of every client's
 *    README with the workspace's TypeScript, under `moduleResolution` nodenext and bundler, with
 *    `skipLibCheck` off (so the published .d.ts files are checked too).
 * 4. Runs the consumer and the quick starts with Node against Prism mocks of every spec.
 *
 *   node scripts/pack-smoke.js [--keep]     (--keep leaves the temp project for a look)
 *
 * Needs the packages built (`pnpm turbo run check:pack` builds them first).
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import { runMain } from './lib/cli.js';
import { startMockServer } from './lib/mock-server.js';
import { lintPackage } from './lib/package-lint.js';
import { providers, root } from './lib/registry.js';
import { mapLimit } from './lib/run.js';

const require = createRequire(import.meta.url);
const fixtures = join(root, 'scripts', 'pack-smoke');
const started = Date.now();

/** @param {string} message */
function step(message) {
  console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);
}

/** A check of the smoke test failed: printed as one clear message, without a stack. */
class SmokeFailure extends Error {
  /** @override */
  name = 'Error';
}

/** The child processes running now, stopped when the smoke test is. */
const children = new Set();
/** Set once a signal stops the smoke test: no further process is started. */
let stopping = false;

/**
 * Runs a command to completion; rejects with its output when it fails or outlives `timeoutMs`.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv, what: string, timeoutMs?: number }} options
 * @returns {Promise<string>}
 */
function exec(cmd, args, { cwd, env = process.env, what, timeoutMs = 180_000 }) {
  return new Promise((resolve, reject) => {
    if (stopping) return reject(new SmokeFailure(`${what}: not started, the smoke test is stopping`));
    const child = spawn(cmd, args, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32' && !cmd.endsWith('.exe'),
    });
    children.add(child);
    let output = '';
    const timer = setTimeout(() => {
      output += `\n(stopped after ${timeoutMs / 1000} s)`;
      child.kill();
    }, timeoutMs);
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new SmokeFailure(`${what}: could not run ${cmd}: ${error.message}`));
    });
    child.on('close', (code) => {
      children.delete(child);
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new SmokeFailure(`${what} failed (exit ${code}):\n${output.trim()}`));
    });
  });
}

/**
 * Maps `items` through `fn` (at most `limit` at a time) and waits for every call to finish
 * before throwing the first failure, so no child process still writes into the temp project
 * while it is removed.
 * @template T, R
 * @param {readonly T[]} items
 * @param {number} limit
 * @param {(item: T) => Promise<R>} fn
 * @returns {Promise<R[]>}
 */
async function settleAll(items, limit, fn) {
  /** @type {unknown[]} */
  const failures = [];
  const results = await mapLimit(items, limit, (item) =>
    fn(item).catch((error) => {
      failures.push(error);
      return /** @type {R} */ (/** @type {unknown} */ (undefined));
    }),
  );
  if (failures.length > 0) throw failures[0];
  return results;
}

/** An environment for npm without the npm_config_* variables pnpm sets for scripts. */
function npmEnv() {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      !/^npm_/i.test(key) ||
      /^npm_config_(registry|cache|userconfig|strict_ssl|cafile|proxy|https_proxy)$/i.test(key)
    ) {
      env[key] = value;
    }
  }
  return { ...env, NPM_CONFIG_UPDATE_NOTIFIER: 'false', NPM_CONFIG_FUND: 'false', NPM_CONFIG_AUDIT: 'false' };
}

/**
 * The file names in a .tgz, read with Node alone.
 * @param {string} tarball
 * @returns {Map<string, Buffer>}  path inside the package -> contents
 */
function readTarball(tarball) {
  const data = gunzipSync(readFileSync(tarball));
  /** @type {Map<string, Buffer>} */
  const files = new Map();
  let offset = 0;
  while (offset + 512 <= data.length) {
    const header = data.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (/** @type {number} */ start, /** @type {number} */ length) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    const prefix = field(345, 155);
    const name = (prefix ? `${prefix}/` : '') + field(0, 100);
    const type = field(156, 1);
    if (type === '0' || type === '')
      files.set(name.replace(/^package\//, ''), data.subarray(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/**
 * What a published tarball must and must not contain.
 * @param {string} name
 * @param {Map<string, Buffer>} files
 * @param {Map<string, string>} versions  package name -> version, of every packed package
 */
function checkTarball(name, files, versions) {
  const problems = [];
  for (const required of ['package.json', 'README.md', 'LICENSE']) {
    if (!files.has(required)) problems.push(`${required} is missing`);
  }
  const paths = [...files.keys()];
  const tests = paths.filter((p) =>
    /(^|\/)(test|tests|__tests__)\/|\.test\.[cm]?[jt]s$|(^|\/)vitest\.config\./.test(p),
  );
  if (tests.length > 0) problems.push(`test files are packed: ${tests.join(', ')}`);
  const sources = new Set(paths.filter((p) => p.startsWith('src/') && p.endsWith('.ts')));
  const stale = paths.filter(
    (p) =>
      p.startsWith('dist/') && p.endsWith('.js') && !sources.has(p.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts')),
  );
  if (stale.length > 0) {
    problems.push(
      `dist/ has files without a source, left by an earlier build: ${stale.join(', ')}. ` +
        'Delete the dist/ folder and run `pnpm turbo run build --force` (a cached build may hold them too).',
    );
  }
  const manifest = JSON.parse(String(files.get('package.json') ?? '{}'));
  for (const [dependency, range] of Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    if (String(range).startsWith('workspace:')) problems.push(`dependency ${dependency} is still "${range}"`);
    const version = versions.get(dependency);
    if (version && range !== `^${version}`)
      problems.push(`dependency ${dependency} is "${range}", expected "^${version}"`);
  }
  if (problems.length > 0)
    throw new SmokeFailure(`${name}: the tarball is not publishable:\n  ${problems.join('\n  ')}`);
}

/**
 * A registry for the @mediaspec scope that knows no package: npm asks it about the ranges the
 * tarballs declare (`@mediaspec/core@^0.1.0`) and, answered 404 at once, must satisfy them with
 * the tarballs. A package published under the same name can never stand in for one.
 * @returns {Promise<{ url: string, asked: Set<string>, close: () => Promise<void> }>}
 */
async function emptyScopeRegistry() {
  /** @type {Set<string>} */
  const asked = new Set();
  const server = createServer((request, response) => {
    asked.add(decodeURIComponent(String(request.url)).replace(/^\//, ''));
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end('{"error":"not found"}');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${address.port}/`,
    asked,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * The quick start of a package README: the first TypeScript block under `## Quick start`.
 * @param {string} readme
 * @returns {string | undefined}
 */
function quickStart(readme) {
  const section = readme.split(/^## Quick start[^\n]*$/m)[1]?.split(/^## /m)[0];
  return section?.match(/^```ts\n([\s\S]*?)^```$/m)?.[1];
}

/**
 * Writes the consumer project: package.json, .npmrc, sources and the two tsconfigs.
 * @param {string} dir  the temp project
 * @param {string} scopeRegistry
 * @param {{ id: string, code: string }[]} snippets  README quick starts, as src/readme-<id>.ts
 */
function writeConsumer(dir, scopeRegistry, snippets) {
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'mediaspec-pack-smoke', private: true, type: 'module' }, null, 2)}\n`,
  );
  writeFileSync(join(dir, '.npmrc'), `@mediaspec:registry=${scopeRegistry}\n`);
  mkdirSync(join(dir, 'src'));
  for (const file of ['calls.ts', 'main.ts', 'types.ts', 'redirect.ts']) {
    cpSync(join(fixtures, file), join(dir, 'src', file));
  }
  for (const { id, code } of snippets) writeFileSync(join(dir, 'src', `readme-${id}.ts`), code);
  const strict = {
    target: 'ES2022',
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noImplicitOverride: true,
    noFallthroughCasesInSwitch: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    // Our .d.ts files are checked too, under these settings (TypeScript's own lib.*.d.ts are not).
    skipLibCheck: false,
    skipDefaultLibCheck: true,
  };
  // Node: NodeNext resolution, Node's types and no DOM library; emits what is run.
  writeFileSync(
    join(dir, 'tsconfig.nodenext.json'),
    JSON.stringify({
      compilerOptions: {
        ...strict,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2023'],
        types: ['node'],
        outDir: 'out',
        rootDir: 'src',
      },
      include: ['src/*.ts'],
    }),
  );
  // A bundler build for the browser: no Node types at all, so nothing on this path may need them.
  writeFileSync(
    join(dir, 'tsconfig.bundler.json'),
    JSON.stringify({
      compilerOptions: {
        ...strict,
        module: 'Preserve',
        moduleResolution: 'Bundler',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        types: [],
        noEmit: true,
      },
      include: ['src/calls.ts', 'src/types.ts'],
    }),
  );
}

/**
 * Where the README quick starts send requests, mapped to the mocks: each spec's server URL
 * (when it has no variables) and each `baseUrl: 'https://...'` its README's quick start names.
 * @param {Record<string, string>} urls  provider id -> mock URL
 * @param {Map<string, string>} readmeCode  provider id -> quick start
 * @returns {[string, string][]}
 */
function serverRedirects(urls, readmeCode) {
  /** @type {[string, string][]} */
  const redirects = [];
  for (const provider of providers) {
    const spec = parseYaml(readFileSync(provider.specPath, 'utf8'));
    const servers = (spec.servers ?? []).map((/** @type {{ url: string }} */ s) => s.url);
    const named = [...(readmeCode.get(provider.id) ?? '').matchAll(/baseUrl:\s*'(https?:\/\/[^']+)'/g)].map(
      (m) => m[1],
    );
    for (const url of [...servers, ...named]) {
      if (url && !url.includes('{')) redirects.push([url.replace(/\/$/, ''), urls[provider.id] ?? '']);
    }
  }
  return redirects;
}

/** The publishable packages: every packages/* folder whose package.json is not private. */
function publishablePackages() {
  return readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, 'packages', entry.name, 'package.json')))
    .map((entry) => {
      const dir = join(root, 'packages', entry.name);
      return { dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) };
    })
    .filter(({ manifest }) => !manifest.private);
}

runMain(import.meta.url, async (args) => {
  const keep = args.includes('--keep');
  const packages = publishablePackages();
  const unbuilt = packages.filter(({ dir }) => !existsSync(join(dir, 'dist')));
  if (unbuilt.length > 0) {
    throw new SmokeFailure(
      `not built: ${unbuilt.map((p) => p.manifest.name).join(', ')}. Run \`pnpm turbo run check:pack\`, which builds first.`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'mediaspec-pack-smoke-'));
  // Stopped from outside (Ctrl-C, or turbo ending the run): still remove the temp project.
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.once(signal, () => {
      stopping = true;
      for (const child of children) child.kill('SIGKILL');
      // Give the children a moment to die, so none writes into the folder after it is removed.
      setTimeout(() => {
        if (!keep) rmSync(dir, { recursive: true, force: true });
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }, 300);
    });
  }
  step(`temp project: ${dir}`);
  /** @type {Awaited<ReturnType<typeof startMockServer>>[]} */
  const mocks = [];
  try {
    // 1. Pack.
    const tarballs = join(dir, 'tarballs');
    mkdirSync(tarballs);
    const versions = new Map(packages.map(({ manifest }) => [manifest.name, manifest.version]));
    const packed = await settleAll(packages, 2, async ({ dir: packageDir, manifest }) => {
      const before = new Set(readdirSync(tarballs));
      // `pnpm` is on PATH: scripts/bootstrap.js puts the pinned one there when none is installed.
      await exec('pnpm', ['pack', '--pack-destination', tarballs], {
        cwd: packageDir,
        what: `pnpm pack of ${manifest.name}`,
      });
      const file = readdirSync(tarballs).find(
        (f) => !before.has(f) && f.startsWith(`${manifest.name.replace('@', '').replace('/', '-')}-`),
      );
      if (!file) throw new SmokeFailure(`pnpm pack of ${manifest.name} wrote no tarball`);
      const contents = readTarball(join(tarballs, file));
      checkTarball(manifest.name, contents, versions);
      const { problems, suggestions } = await lintPackage(readFileSync(join(tarballs, file)));
      if (problems.length > 0) {
        throw new SmokeFailure(
          `${manifest.name}: publint or arethetypeswrong found problems:\n  ${problems.join('\n  ')}`,
        );
      }
      return { name: manifest.name, file: join(tarballs, file), count: contents.size, suggestions };
    });
    for (const p of packed) {
      step(`packed ${p.name}: ${basename(p.file)}, ${p.count} files, checked; publint and arethetypeswrong clean`);
      for (const suggestion of p.suggestions) console.log(`          suggestion: ${suggestion}`);
    }

    // The README quick start of every provider and of the facade (core's README shows how to
    // build a client of your own, from types generated for your API: nothing to run here).
    const snippets = packages.flatMap(({ dir: packageDir, manifest }) => {
      const id = basename(packageDir);
      if (manifest.name === '@mediaspec/core') return [];
      const code = quickStart(readFileSync(join(packageDir, 'README.md'), 'utf8'));
      if (!code) throw new SmokeFailure(`${manifest.name}: README.md has no \`\`\`ts block under "## Quick start"`);
      return [{ id, name: manifest.name, code }];
    });

    // 2. Install every tarball at once, outside the workspace.
    const registry = await emptyScopeRegistry();
    writeConsumer(dir, registry.url, snippets);
    const typesNode = require(require.resolve('@types/node/package.json', { paths: [root] })).version;
    await exec(
      process.platform === 'win32' ? 'npm.cmd' : 'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--prefer-offline',
        '--loglevel=error',
        ...packed.map((p) => `./${relative(dir, p.file).split('\\').join('/')}`),
        `@types/node@${typesNode}`,
      ],
      { cwd: dir, env: npmEnv(), what: 'npm install of the tarballs' },
    ).finally(() => registry.close());
    const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
    const installed = Object.entries(lock.packages ?? {}).filter(([path]) => /node_modules\/@mediaspec\//.test(path));
    const notFromTarball = installed.filter(
      ([path, entry]) => /node_modules\/.*node_modules\//.test(path) || !String(entry.resolved).startsWith('file:'),
    );
    if (notFromTarball.length > 0) {
      throw new SmokeFailure(
        `npm did not take every @mediaspec package from its tarball, once:\n  ${notFromTarball.map(([p, e]) => `${p} <- ${e.resolved}`).join('\n  ')}`,
      );
    }
    if (installed.length !== packed.length) {
      throw new SmokeFailure(`expected ${packed.length} @mediaspec packages installed, found ${installed.length}`);
    }
    const openapiFetch = lock.packages['node_modules/openapi-fetch']?.version;
    step(
      `npm installed the ${installed.length} tarballs, one copy each (it asked the registry for ${registry.asked.size} ` +
        `@mediaspec name(s), got 404 and took the tarballs); openapi-fetch ${openapiFetch}, @types/node ${typesNode}`,
    );

    // 3. Type-check the consumer with the workspace's TypeScript.
    const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
    // skipLibCheck is off in both: the consumer's own code gets the same errors either way, and
    // our .d.ts files are checked as well.
    const configs = ['nodenext', 'bundler'].map((c) => `tsconfig.${c}.json`);
    await settleAll(configs, 2, async (config) => {
      await exec(process.execPath, [tsc, '-p', config], { cwd: dir, what: `tsc -p ${config} (the strict consumer)` });
      step(`type-checked with ${config}: types resolve, every @ts-expect-error is rejected`);
    });

    step(`type-checked the README quick starts of ${snippets.map((snippet) => snippet.name).join(', ')}`);

    // 4. Run the consumer, then the quick starts, against a mock of every spec.
    const urls = /** @type {Record<string, string>} */ ({});
    for (const provider of providers) {
      const mock = await startMockServer({ spec: provider.specPath });
      mocks.push(mock);
      urls[provider.id] = mock.url;
    }
    step(`started ${mocks.length} Prism mocks`);
    const output = await exec(process.execPath, [join('out', 'main.js'), JSON.stringify(urls)], {
      cwd: dir,
      what: 'the consumer run against the mocks (node out/main.js)',
    });
    for (const line of output.trim().split('\n')) console.log(`          ${line}`);
    step(`ran the consumer from the installed packages: ${providers.length} providers answered with typed results`);

    // A quick start runs as pasted: credentials from the environment variables it reads, its
    // requests sent to the mocks by a preloaded fetch that refuses any other destination.
    const redirects = JSON.stringify(serverRedirects(urls, new Map(snippets.map((s) => [s.id, s.code]))));
    await settleAll(snippets, 2, async ({ id, name, code }) => {
      if (/^declare /m.test(code)) {
        step(`${name} quick start: type-checked only (it declares an input it does not create)`);
        return;
      }
      /** @type {NodeJS.ProcessEnv} */
      const env = { ...process.env };
      for (const [, variable] of code.matchAll(/process\.env\.([A-Z0-9_]+)/g)) {
        if (variable) env[variable] = `smoke-${variable.toLowerCase().replace(/_/g, '-')}`;
      }
      const quick = await exec(
        process.execPath,
        ['--import', './out/redirect.js', join('out', `readme-${id}.js`), redirects],
        { cwd: dir, env, what: `the quick start of ${name}'s README, run against the mocks`, timeoutMs: 60_000 },
      );
      const lines = quick.trim().split('\n').filter(Boolean);
      step(`${name} quick start ran against the mocks: ${lines.length} line(s) of output, first: ${lines[0] ?? '-'}`);
    });
  } finally {
    await Promise.all(mocks.map((mock) => mock.close()));
    if (keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  step('pack smoke test passed');
});
