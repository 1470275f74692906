// @ts-check
/**
 * The ecosystem suite: the scenario of src/scenario.ts (per client package a typed call against
 * the Prism mock of its spec, an HTTP error unwrapped to its typed class, a webhook verified) on
 * every runtime a fetch client should run on, then the TypeScript consumers (consumers.js).
 *
 *   node ecosystem/run.js [runtime...]     e.g. `node ecosystem/run.js deno workerd consumers`
 *
 * Runtimes: Node 20 (the floor, 20.19.0), 22, 24, 26, Bun and Deno from their npm packages,
 * workerd (a module worker bundled with esbuild, run by `workerd test`) and headless Chromium
 * (the OS package) loading a bundle made by esbuild and one made by Vite from another origin
 * than the mocks', so every call is a CORS request. One process serves every mock; the
 * runtimes run a few at a time. Every failure names its runtime.
 *
 * Needs the packages built (`pnpm turbo run test --filter=@mediaspec/ecosystem` builds first).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import * as esbuild from 'esbuild';
import { startMockServer } from '../scripts/lib/mock-server.js';
import { providers } from '../scripts/lib/registry.js';
import { mapLimit } from '../scripts/lib/run.js';
import { runConsumers } from './consumers.js';
import { EcosystemFailure, fromPackage, run, seconds } from './lib/exec.js';
import { bunBinary, chromiumBinary, denoBinary, here, nodeBinary, versions, workerdBinary } from './lib/runtimes.js';

const out = join(here, '.out');
const started = Date.now();
/** @param {string} message */
const step = (message) => console.log(`[${seconds(started).padStart(7)}] ${message}`);

/** @typedef {{ provider: string, ok: boolean, steps: string[] }} ScenarioResult */
/** @typedef {{ runtime: string, version: string, results?: ScenarioResult[], error?: string }} Outcome */

/**
 * The results line a runtime printed, or why there is none.
 * @param {string} runtime
 * @param {{ code: number | null, output: string }} result
 * @returns {{ results?: ScenarioResult[], error?: string }}
 */
function parseResults(runtime, { code, output }) {
  const line = output.split('\n').find((l) => l.includes('ECOSYSTEM_RESULT '));
  if (!line) {
    return {
      error: `${runtime} printed no result (exit ${code}):\n${output.trim().split('\n').slice(-30).join('\n')}`,
    };
  }
  return { results: JSON.parse(line.slice(line.indexOf('ECOSYSTEM_RESULT ') + 'ECOSYSTEM_RESULT '.length)) };
}

/** Bundles the entries every runtime loads; the Node, Bun and Deno entry keeps its imports. */
async function bundle() {
  rmSync(out, { recursive: true, force: true });
  const common = /** @type {const} */ ({ bundle: true, format: 'esm', target: 'es2022', logLevel: 'error' });
  await Promise.all([
    // Node, Bun and Deno resolve @mediaspec/* themselves, from ecosystem/node_modules, with
    // their own export conditions: they meet the packages as an installed user does.
    esbuild.build({
      ...common,
      entryPoints: [join(here, 'src/cli.ts')],
      outfile: join(out, 'cli.js'),
      platform: 'neutral',
      packages: 'external',
    }),
    // workerd: a module worker, everything in one file, resolved as Wrangler does.
    esbuild.build({
      ...common,
      entryPoints: [join(here, 'src/worker.ts')],
      outfile: join(out, 'workerd', 'worker.js'),
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
      mainFields: ['module', 'main'],
    }),
    esbuild.build({
      ...common,
      entryPoints: [join(here, 'src/browser.ts')],
      outfile: join(out, 'esbuild', 'browser.js'),
      platform: 'browser',
      minify: true,
    }),
  ]);
  writeFileSync(
    join(out, 'esbuild', 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>esbuild bundle</title><script type="module" src="./browser.js"></script>\n',
  );
}

/**
 * Runs the file entry on Node, Bun or Deno.
 * @param {string} runtime
 * @param {string} binary
 * @param {string[]} args  before the entry
 * @param {string} urls
 */
async function runFile(runtime, binary, args, urls) {
  const result = await run(binary, [...args, join(out, 'cli.js'), urls], {
    cwd: here,
    env: { ...process.env, NO_COLOR: '1' },
    timeoutMs: 600_000,
  });
  return parseResults(runtime, result);
}

/**
 * Runs the worker with `workerd test`: a config with the worker, its mock URLs as a text
 * binding, and outbound requests allowed to this machine only (workerd's default network is
 * the public internet, which excludes 127.0.0.1).
 * @param {string} binary
 * @param {string} urls
 */
async function runWorkerd(binary, urls) {
  const dir = join(out, 'workerd');
  writeFileSync(
    join(dir, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["local"])),
  ],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = ${JSON.stringify(versions.workerdCompatibilityDate)},
  bindings = [(name = "MOCK_URLS", text = ${JSON.stringify(urls)})],
  globalOutbound = "loopback",
);
`,
  );
  const result = await run(binary, ['test', 'config.capnp'], { cwd: dir, timeoutMs: 600_000 });
  return parseResults('workerd', result);
}

/**
 * Serves the browser bundles and takes the result each page posts to /result.
 * @returns {Promise<{ origin: string, result: (page: string) => Promise<unknown>, close: () => void }>}
 */
async function startPageServer() {
  /** @type {Map<string, (body: unknown) => void>} */
  const waiting = new Map();
  const types = /** @type {Record<string, string>} */ ({
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
  });
  const server = createServer((request, response) => {
    const url = new URL(String(request.url), 'http://page');
    if (request.method === 'POST' && url.pathname.endsWith('/result')) {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        response.end();
        const page = url.pathname.split('/')[1] ?? '';
        waiting.get(page)?.(JSON.parse(body));
      });
      return;
    }
    const file = normalize(join(out, url.pathname));
    if (!file.startsWith(out) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    origin: `http://127.0.0.1:${port}`,
    result: (page) => new Promise((resolve) => waiting.set(page, resolve)),
    close: () => server.close(),
  };
}

/**
 * Loads a bundle's page in headless Chromium and waits for the result it posts.
 * @param {string} runtime
 * @param {string} binary
 * @param {Awaited<ReturnType<typeof startPageServer>>} pages
 * @param {string} page  folder of .out/ holding index.html
 * @param {string} urls
 */
async function runChromium(runtime, binary, pages, page, urls) {
  const profile = mkdtempSync(join(tmpdir(), 'mediaspec-chromium-'));
  const posted = pages.result(page);
  const browser = spawn(
    binary,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      `--user-data-dir=${profile}`,
      // Nothing but this machine is reachable: a request elsewhere fails instead of leaving.
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
      '--enable-logging=stderr',
      '--log-level=0',
      `${pages.origin}/${page}/index.html#${encodeURIComponent(urls)}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  browser.stderr.on('data', (chunk) => (log += chunk));
  const exited = new Promise((resolve) => browser.on('close', (code) => resolve(`Chromium exited (${code})`)));
  const timeout = new Promise((resolve) => setTimeout(() => resolve('no result within 600 s'), 600_000).unref());
  try {
    const body = /** @type {{ results?: ScenarioResult[], error?: string, userAgent?: string } | string} */ (
      await Promise.race([posted, exited, timeout])
    );
    if (typeof body === 'string') {
      return { error: `${runtime}: ${body}\n${log.trim().split('\n').slice(-20).join('\n')}` };
    }
    if (body.error) return { error: `${runtime}: ${body.error}` };
    return { results: body.results, version: body.userAgent?.match(/Chrome\/([\d.]+)/)?.[1] };
  } finally {
    browser.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (browser.exitCode === null) browser.kill('SIGKILL');
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The Vite build of browser/index.html, with Vite from npm (pinned in runtimes.json). */
async function viteBuild() {
  await fromPackage(
    `vite@${versions.vite}`,
    ['vite', 'build', 'browser', '--outDir', join(out, 'vite'), '--emptyOutDir', '--base', './', '--logLevel', 'warn'],
    {
      cwd: here,
    },
  );
}

/**
 * @typedef {object} Runtime
 * @property {string} id        what the command line names it by
 * @property {string} name
 * @property {string} version
 * @property {(urls: string, pages: Awaited<ReturnType<typeof startPageServer>>) => Promise<{ results?: ScenarioResult[], error?: string, version?: string }>} run
 */

/** @type {Runtime[]} */
const runtimes = [
  ...Object.entries(versions.node).map(([major, version]) => ({
    id: `node${major}`,
    name: `Node ${major}`,
    version,
    run: async (/** @type {string} */ urls) => runFile(`Node ${version}`, await nodeBinary(version), [], urls),
  })),
  {
    id: 'bun',
    name: 'Bun',
    version: versions.bun,
    run: async (urls) => runFile('Bun', await bunBinary(), [], urls),
  },
  {
    id: 'deno',
    name: 'Deno',
    version: versions.deno,
    // Network to this machine only, reads for the modules in node_modules; nothing else.
    run: async (urls) =>
      runFile('Deno', await denoBinary(), ['run', '--no-lock', '--allow-net=127.0.0.1', '--allow-read'], urls),
  },
  {
    id: 'workerd',
    name: 'workerd',
    version: versions.workerd,
    run: async (urls) => runWorkerd(await workerdBinary(), urls),
  },
  {
    id: 'chromium',
    name: 'Chromium, esbuild bundle',
    version: 'OS package',
    run: async (urls, pages) => runChromium('Chromium (esbuild bundle)', chromiumBinary(), pages, 'esbuild', urls),
  },
  {
    id: 'vite',
    name: 'Chromium, Vite bundle',
    version: 'OS package',
    run: async (urls, pages) => {
      await viteBuild();
      return runChromium('Chromium (Vite bundle)', chromiumBinary(), pages, 'vite', urls);
    },
  },
];

/** @param {string[]} args */
async function main(args) {
  const unknown = args.filter((a) => a !== 'consumers' && !runtimes.some((r) => r.id === a));
  if (unknown.length > 0) {
    throw new EcosystemFailure(`unknown runtime ${unknown.join(', ')}; known: ${runtimes.map((r) => r.id).join(', ')}`);
  }
  const selected = args.length > 0 ? runtimes.filter((r) => args.includes(r.id)) : runtimes;
  const withConsumers = args.length === 0 || args.includes('consumers');
  mkdirSync(out, { recursive: true });
  const [mocks] = await Promise.all([
    Promise.all(providers.map(async (p) => ({ id: p.id, mock: await startMockServer({ spec: p.specPath }) }))),
    bundle(),
  ]);
  const pages = await startPageServer();
  const urls = JSON.stringify(Object.fromEntries(mocks.map(({ id, mock }) => [id, mock.url])));
  step(`${mocks.length} Prism mocks in this process, bundles built; running ${selected.length} runtimes`);
  /** @type {Outcome[]} */
  let outcomes;
  /** @type {string[]} */
  let consumerFailures = [];
  try {
    const consumers = withConsumers ? runConsumers(step, urls) : Promise.resolve([]);
    outcomes = await mapLimit(selected, 3, async (runtime) => {
      const t = Date.now();
      /** @type {{ results?: ScenarioResult[], error?: string, version?: string }} */
      const outcome = await runtime.run(urls, pages).catch((error) => ({ error: `${runtime.name}: ${error.message}` }));
      const passed = outcome.results?.filter((r) => r.ok).length ?? 0;
      step(
        `${runtime.name} ${outcome.version ?? runtime.version}: ${outcome.error ? 'FAILED' : `${passed}/${outcome.results?.length} packages passed`} (${seconds(t)})`,
      );
      return { runtime: runtime.name, version: outcome.version ?? runtime.version, ...outcome };
    });
    consumerFailures = await consumers;
  } finally {
    pages.close();
    await Promise.all(mocks.map(({ mock }) => mock.close()));
  }

  // The matrix: one row per runtime, one column per package.
  const packages = outcomes.find((o) => o.results)?.results?.map((r) => r.provider) ?? [];
  const rows = [['runtime', 'version', ...packages]];
  for (const o of outcomes) {
    rows.push([
      o.runtime,
      o.version,
      ...packages.map((p) => (o.results?.find((r) => r.provider === p)?.ok ? 'ok' : 'FAIL')),
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  for (const row of rows)
    console.log(
      `  ${row
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join('  ')
        .trimEnd()}`,
    );

  const failures = [...consumerFailures];
  // A new API needs its steps in the scenario: none may be left out of the matrix silently.
  const missing = providers.filter((p) => outcomes.some((o) => o.results) && !packages.includes(p.id));
  if (missing.length > 0) {
    failures.push(`ecosystem/src/scenario.ts has no steps for ${missing.map((p) => p.id).join(', ')}: add them`);
  }
  for (const o of outcomes) {
    if (o.error) failures.push(`[${o.runtime}] ${o.error}`);
    for (const r of o.results ?? [])
      if (!r.ok) failures.push(`[${o.runtime} ${o.version}] @mediaspec/${r.provider}: ${r.steps.join('; ')}`);
  }
  if (failures.length === 0) {
    const first = outcomes.find((o) => o.results);
    for (const r of first?.results ?? []) console.log(`  ${r.provider}: ${r.steps.join('; ')}`);
  }
  if (failures.length > 0) throw new EcosystemFailure(`the ecosystem suite failed:\n${failures.join('\n')}`);
  step('ecosystem suite passed');
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof EcosystemFailure ? `error: ${error.message}` : error);
  process.exitCode = 1;
});
