// @ts-check
/**
 * The benchmarks of the developer tooling: the test command cold and cached, the mocks of every
 * API in one process, and type-checking a consumer of the packages.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { providers, root } from '../lib/registry.js';
import { binPath } from '../lib/run.js';
import { median } from './stats.js';

/**
 * Runs a command to completion, its output kept (not printed); resolves with the wall time.
 * Rejects when it fails, unless `allowFailure` (then `code` says how it ended).
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, allowFailure?: boolean }} [options]
 * @returns {Promise<{ seconds: number, output: string, code: number | null }>}
 */
function timed(command, args, { cwd = root, env, allowFailure = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code === 0 || allowFailure) resolve({ seconds, output, code });
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.trim().slice(-3000)}`));
    });
  });
}

/**
 * The test command (`node scripts/bootstrap.js test`, what `pnpm test` runs): once with
 * `--force` (every task runs, nothing replayed), then again with nothing changed (every task
 * replayed from turbo's cache). Both with `--continue`, so that one failing task does not cut
 * the run short: the tasks that failed, if any, are reported with the times.
 */
export async function measureTestCommand() {
  const cold = await timed(process.execPath, ['scripts/bootstrap.js', 'test', '--force', '--continue'], {
    allowFailure: true,
  });
  const cached = await timed(process.execPath, ['scripts/bootstrap.js', 'test', '--continue'], { allowFailure: true });
  const summary = (/** @type {string} */ output) => ({
    total: /Tasks:\s+\d+ successful, (\d+) total/.exec(output)?.[1] ?? '?',
    replayed: /Cached:\s+(\d+) cached/.exec(output)?.[1] ?? '?',
    failed: /Failed:\s+(.+)/.exec(output)?.[1]?.trim() ?? '',
  });
  const coldSummary = summary(cold.output);
  const cachedSummary = summary(cached.output);
  return {
    coldSeconds: cold.seconds,
    cachedSeconds: cached.seconds,
    tasks: coldSummary.total,
    cachedTasks: `${cachedSummary.replayed} of ${cachedSummary.total}`,
    fullTurbo: cached.output.includes('FULL TURBO'),
    passed: cold.code === 0 && cached.code === 0,
    failed: coldSummary.failed,
  };
}

/** Resident memory of a process, in MB, from /proc (Linux), else from `ps`. */
async function rssMb(/** @type {number} */ pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    if (kb > 0) return kb / 1024;
  } catch {
    // not Linux
  }
  const { output } = /** @type {{ output: string }} */ (await timed('ps', ['-o', 'rss=', '-p', String(pid)]));
  return Number(output.trim()) / 1024;
}

/**
 * `pnpm mock` (every API's Prism mock, in one process): the time from starting the process to
 * every mock listening, and the process's resident memory then and after one request to each.
 * @param {{ runs?: number }} [options]
 */
export async function measureMocks({ runs = 3 } = {}) {
  /** @type {{ readySeconds: number, rssReadyMb: number, rssServedMb: number }[]} */
  const results = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const child = spawn(process.execPath, ['scripts/mock.js', '--quiet'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      await new Promise((resolve, reject) => {
        child.stdout.on('data', (chunk) => {
          output += chunk;
          if (output.includes('Mocks are running')) resolve(undefined);
        });
        child.stderr.on('data', (chunk) => (output += chunk));
        child.on('exit', (code) => reject(new Error(`pnpm mock exited with ${code} before it was ready:\n${output}`)));
      });
      const readySeconds = (performance.now() - started) / 1000;
      const pid = /** @type {number} */ (child.pid);
      const rssReadyMb = await rssMb(pid);
      await Promise.all(
        providers.map((p) =>
          fetch(`http://127.0.0.1:${p.mockPort}/`).then(
            (r) => r.arrayBuffer(),
            () => undefined,
          ),
        ),
      );
      const rssServedMb = await rssMb(pid);
      results.push({ readySeconds, rssReadyMb, rssServedMb });
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
    }
  }
  // How much of it is loading Prism's libraries (as scripts/lib/mock-server.js loads them), before
  // any spec is read.
  const mockServer = pathToFileURL(join(root, 'scripts/lib/mock-server.js')).href;
  /** @type {number[]} */
  const loads = [];
  for (let run = 0; run < runs; run++) {
    const { seconds } = /** @type {{ seconds: number }} */ (
      await timed(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(mockServer)})`])
    );
    loads.push(seconds);
  }
  return {
    runs,
    mocks: providers.length,
    prismLoadSeconds: median(loads),
    readySeconds: median(results.map((r) => r.readySeconds)),
    rssReadyMb: median(results.map((r) => r.rssReadyMb)),
    rssServedMb: median(results.map((r) => r.rssServedMb)),
  };
}

/** A consumer's calls: one or two typed calls per API. */
const CONSUMER_CALLS = `
const pipe = createPipeClient({ apiKey: 'key' });
export const account = await unwrap(pipe.GET('/account'));
export const video = await unwrap(pipe.GET('/video/{id}', { params: { path: { id: 1 } } }));

const pstream = createPStreamClient({ login: 'login', key: 'key' });
export const folder = await unwrap(pstream.GET('/file/listfolder', { params: { query: { folder: 0 } } }));

const apivideo = createApiVideoClient({ apiKey: 'key' });
export const webhook = await unwrap(
  apivideo.POST('/webhooks', { body: { events: ['video.encoding.quality.completed'], url: 'https://example.com/hook' } }),
);

const valt = createValtClient({ baseUrl: 'https://valt.example.com/api/v3', username: 'user', password: 'pass' });
export const record = await unwrap(valt.POST('/records/create-upload', { body: { name: 'Interview' } }));

const nodeum = createNodeumClient({ baseUrl: 'https://nodeum.example.com/api/v2', username: 'u', password: 'p' });
export const connector = await unwrap(
  nodeum.GET('/cloud_connectors/{cloud_connector_id}', { params: { path: { cloud_connector_id: 'aws' } } }),
);
`;

/**
 * The same calls typed as bare openapi-fetch clients (`Client<paths>`, the type the clients had
 * before their calls were made exact), to measure what the exact types cost in the same run.
 */
const BARE_CONSUMER = `import type { Client } from '@mediaspec/core';
import type { apivideo as A, nodeum as N, pipe as P, pstream as S, valt as V } from '@mediaspec/clients';
${CONSUMER_CALLS.replace(
  /const (\w+) = (create\w+Client\([^;]*\));/g,
  (_, name, call) =>
    `const ${name} = ${call} as unknown as Client<${{ pipe: 'P', pstream: 'S', apivideo: 'A', valt: 'V', nodeum: 'N' }[/** @type {'pipe'} */ (name)]}.paths>;`,
)}`;

/**
 * `tsc` on a small consumer of the facade `@mediaspec/clients` (or, if it is not built, of the
 * five provider packages), in a project outside the workspace that links the built packages:
 * wall time and `--extendedDiagnostics` figures, median of `runs`. With the facade built, the
 * same calls are also checked typed as bare openapi-fetch clients, runs interleaved, so the cost
 * of exact calls is a ratio measured in one run (`exactRatio`: check time, exact / bare).
 * @param {{ runs?: number }} [options]
 */
export async function measureConsumerTypecheck({ runs = 3 } = {}) {
  const facade = existsSync(join(root, 'packages', 'clients', 'dist', 'index.d.ts'));
  const project = mkdtempSync(join(tmpdir(), 'mediaspec-tsc-'));
  try {
    const scope = join(project, 'node_modules', '@mediaspec');
    mkdirSync(scope, { recursive: true });
    const linked = facade ? ['clients', 'core'] : providers.map((p) => p.id);
    for (const id of linked) symlinkSync(join(root, 'packages', id), join(scope, id), 'dir');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023', 'DOM'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ['index.ts'],
      }),
    );
    writeFileSync(
      join(project, 'tsconfig.bare.json'),
      JSON.stringify({ extends: './tsconfig.json', files: ['bare.ts'] }),
    );
    const imports = facade
      ? `import {\n  createApiVideoClient,\n  createNodeumClient,\n  createPipeClient,\n  createPStreamClient,\n  createValtClient,\n  unwrap,\n} from '@mediaspec/clients';\n`
      : [
          `import { unwrap } from '@mediaspec/core';`,
          `import { createPipeClient } from '@mediaspec/pipe';`,
          `import { createPStreamClient } from '@mediaspec/pstream';`,
          `import { createApiVideoClient } from '@mediaspec/apivideo';`,
          `import { createValtClient } from '@mediaspec/valt';`,
          `import { createNodeumClient } from '@mediaspec/nodeum';`,
          '',
        ].join('\n');
    writeFileSync(join(project, 'index.ts'), imports + CONSUMER_CALLS);
    writeFileSync(join(project, 'bare.ts'), imports + BARE_CONSUMER);

    const tsc = binPath('typescript', 'tsc');
    /** @type {Array<Record<string, number>>} */
    const samples = [];
    /** @type {Array<Record<string, number>>} */
    const bareSamples = [];
    const check = async (/** @type {string} */ config) => {
      const { seconds, output } = /** @type {{ seconds: number, output: string }} */ (
        await timed(process.execPath, [tsc, '-p', join(project, config), '--extendedDiagnostics'])
      );
      const figure = (/** @type {string} */ name) =>
        Number(new RegExp(`^${name}:\\s+([\\d.]+)`, 'm').exec(output)?.[1]);
      return {
        wallSeconds: seconds,
        totalSeconds: figure('Total time'),
        checkSeconds: figure('Check time'),
        instantiations: figure('Instantiations'),
        types: figure('Types'),
        files: figure('Files'),
        memoryKb: Number(/^Memory used:\s+(\d+)K/m.exec(output)?.[1]),
      };
    };
    for (let run = 0; run < runs; run++) {
      samples.push(await check('tsconfig.json'));
      if (facade) bareSamples.push(await check('tsconfig.bare.json'));
    }
    const mid = (/** @type {string} */ key) => median(samples.map((s) => s[key]));
    return {
      facade,
      imports: facade ? '@mediaspec/clients' : 'the five provider packages (@mediaspec/clients not built)',
      runs,
      wallSeconds: mid('wallSeconds'),
      totalSeconds: mid('totalSeconds'),
      checkSeconds: mid('checkSeconds'),
      instantiations: mid('instantiations'),
      types: mid('types'),
      files: mid('files'),
      memoryMb: mid('memoryKb') / 1024,
      typescript: JSON.parse(readFileSync(join(tsc, '..', '..', 'package.json'), 'utf8')).version,
      bare: facade
        ? {
            checkSeconds: median(bareSamples.map((s) => s.checkSeconds)),
            totalSeconds: median(bareSamples.map((s) => s.totalSeconds)),
            instantiations: median(bareSamples.map((s) => s.instantiations)),
            types: median(bareSamples.map((s) => s.types)),
          }
        : undefined,
      // Medians of each run's own ratio, so a busy moment weighs on both sides of one ratio.
      exactRatio: facade ? median(samples.map((s, i) => s.checkSeconds / (bareSamples[i]?.checkSeconds ?? NaN))) : NaN,
      exactTotalRatio: facade
        ? median(samples.map((s, i) => s.totalSeconds / (bareSamples[i]?.totalSeconds ?? NaN)))
        : NaN,
    };
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}
