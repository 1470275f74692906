// @ts-check
/**
 * `pnpm bench`: every benchmark of the project, written to docs/benchmarks.md.
 *
 * - the clients over HTTP (http.js) and their CPU on a stub fetch (stub-cost.js), each run on
 *   Node 20 (this Node) and on Node 24 (the npm package `node@24`, fetched by npx once);
 * - the test command cold and cached, the mocks, and tsc on a consumer (tooling.js);
 * - the docs portal: each page's transferred weight and time to first render (docs.js).
 *
 *   pnpm bench [--rounds 20] [--skip-test-command] [--out docs/benchmarks.md]
 *
 * Takes a few minutes, most of it the cold test command. Not part of `pnpm test`.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { runMain } from '../lib/cli.js';
import { root } from '../lib/registry.js';
import { binPath } from '../lib/run.js';
import { measureDocs } from './docs.js';
import { renderReport } from './report.js';
import { numberOption } from './stub-cost.js';
import { measureConsumerTypecheck, measureMocks, measureTestCommand } from './tooling.js';

const require = createRequire(import.meta.url);
const started = performance.now();

/** @param {string} message */
function step(message) {
  console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
}

/**
 * Runs a command; resolves with its stdout. Its stderr (progress) is shown as it comes.
 * @param {string} command
 * @param {string[]} args
 */
function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

/** The path of a Node 24 binary: the npm package `node@24`, through npx (cached after the first time). */
async function findNode24() {
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const output = /** @type {string} */ (
    await run(npx, ['--yes', '--package', 'node@24', '--call', 'node -p process.execPath'])
  );
  const path = output.trim().split('\n').at(-1) ?? '';
  if (!path) throw new Error('npx did not give a Node 24 binary');
  return path;
}

/**
 * Runs a measurement that may fail without failing the run.
 * @template T
 * @param {() => Promise<T>} measure
 * @returns {Promise<import('./report.js').Outcome<T>>}
 */
async function attempt(measure) {
  try {
    return { ok: true, value: await measure() };
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** @param {string} name */
function version(name) {
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`, { paths: [root] }), 'utf8')).version;
}

runMain(import.meta.url, async (args) => {
  const rounds = numberOption(args, 'rounds', 20);
  const stubRounds = 15;
  const stubIterations = 1000;
  const outIndex = args.indexOf('--out');
  const out = join(root, outIndex === -1 ? 'docs/benchmarks.md' : (args[outIndex + 1] ?? 'docs/benchmarks.md'));
  const loadBefore = loadavg();

  step('Building the packages (replayed from turbo’s cache when up to date)');
  await run(process.execPath, [binPath('turbo'), 'run', 'build', '--output-logs=errors-only']);
  step('Finding Node 24 (npm package node@24)');
  const nodes = [process.execPath, await findNode24()];

  /** @type {import('./report.js').Report['http']} */
  const http = [];
  /** @type {import('./report.js').Report['stub']} */
  const stub = [];
  for (const node of nodes) {
    const name = /** @type {string} */ (await run(node, ['-p', 'process.version'])).trim();
    step(`HTTP benchmark on Node ${name}: ${rounds} rounds`);
    http.push(
      JSON.parse(
        /** @type {string} */ (await run(node, ['scripts/bench/http.js', '--json', '--rounds', String(rounds)])),
      ),
    );
    step(`Client CPU on a stub fetch, Node ${name}`);
    stub.push(
      JSON.parse(
        /** @type {string} */ (
          await run(node, [
            'scripts/bench/stub-cost.js',
            '--json',
            '--rounds',
            String(stubRounds),
            '--iterations',
            String(stubIterations),
          ])
        ),
      ),
    );
  }

  step('Mocks: all five in one process');
  const mocks = await attempt(() => measureMocks());
  step('tsc on a consumer of the facade');
  const tsc = await attempt(() => measureConsumerTypecheck());
  step('Docs portal: building site/, then loading each page in Chromium');
  const docs = await attempt(async () => {
    await run(process.execPath, [binPath('turbo'), 'run', 'build:docs', '--output-logs=errors-only']);
    return measureDocs();
  });
  /** @type {import('./report.js').Report['tests']} */
  let tests = { ok: false, error: 'skipped (--skip-test-command)' };
  if (!args.includes('--skip-test-command')) {
    step('The test command, cold (--force), then cached: a few minutes');
    tests = await attempt(() => measureTestCommand());
  }

  const cpu = cpus();
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const report = renderReport({
    date: new Date(),
    machine: {
      cpus: cpu.length,
      model: cpu[0]?.model.trim() ?? 'unknown',
      memoryGb: totalmem() / 1024 ** 3,
      platform: `${type()} ${release()} (${process.arch})`,
      loadBefore,
      loadAfter: loadavg(),
    },
    versions: {
      pnpm: String(manifest.packageManager).replace(/^pnpm@/, ''),
      turbo: version('turbo'),
      typescript: version('typescript'),
      vitest: version('vitest'),
      'openapi-fetch': version('openapi-fetch'),
      '@mediaspec/core': version('@mediaspec/core'),
      axios: version('axios'),
      'undici (npm, for the reference row)': version('undici'),
      '@stoplight/prism-http': version('@stoplight/prism-http'),
    },
    http,
    stub,
    tests,
    mocks,
    tsc,
    docs,
    run: { rounds, stubRounds, stubIterations, seconds: (performance.now() - started) / 1000 },
  });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, report);
  // In the project's Markdown style (aligned tables), so that `biome check` passes on it.
  await run(process.execPath, [binPath('@biomejs/biome', 'biome'), 'format', '--write', out]);
  step(`Wrote ${relative(root, out)}`);
});
