// @ts-check
/**
 * `pnpm new-api` end to end: copies the workspace (its files as git sees them: no node_modules,
 * no build output) to a temporary folder, scaffolds the fixture spec scripts/test/fixtures/
 * clipstore.yaml as a sixth API there, installs from the shared pnpm store, and runs that
 * copy's `npm test`, which must pass: lint, type-checks, every suite (the new package's
 * generated contract smoke test of every operation included), the examples, the pack smoke test
 * and the size check.
 *
 *   node scripts/test/new-api.e2e.js [--keep]
 *
 * The copy reads this workspace's turbo cache without writing to it, so tasks the new API does
 * not change (core's build and tests) are replayed, not run again. Its cost is printed at the end.
 * Inside the copy this check does not run again (MEDIASPEC_NEW_API_COPY is set): that run is the
 * check itself.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { runMain } from '../lib/cli.js';
import { root } from '../lib/registry.js';
import { pnpmCommand } from '../new-api.js';

/** @param {string} message */
function fail(message) {
  throw new Error(`new-api end-to-end check failed: ${message}`);
}

/**
 * Runs a command, its output going through, and resolves with its exit code.
 * @param {string} cmd @param {string[]} args @param {{ cwd: string, env: NodeJS.ProcessEnv }} options
 * @returns {Promise<{ code: number, output: string }>}
 */
function run(cmd, args, options) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        output += chunk;
        process.stdout.write(chunk);
      });
    }
    child.on('error', reject);
    child.on('exit', (code, signal) => resolveRun({ code: code ?? (signal ? 128 : 1), output }));
  });
}

/**
 * The absolute path of `command` on the PATH.
 * @param {string} command
 */
function onPath(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, command))) return join(dir, command);
  }
  return fail(`${command} is not on the PATH`);
}

/** The turbo cache this workspace uses (a git worktree shares its main worktree's). */
function turboCacheDir() {
  const common = spawnSync('git', ['rev-parse', '--git-common-dir'], { cwd: root, encoding: 'utf8' });
  const gitDir = common.status === 0 ? common.stdout.trim() : '.git';
  const mainRoot = dirname(isAbsolute(gitDir) ? gitDir : resolve(root, gitDir));
  return [join(root, '.turbo', 'cache'), join(mainRoot, '.turbo', 'cache')].find((dir) => existsSync(dir));
}

runMain(import.meta.url, async (args) => {
  if (process.env.MEDIASPEC_NEW_API_COPY) {
    console.log('new-api end-to-end check: this is the scaffolded copy it runs in, so it does not start another');
    return;
  }
  const started = Date.now();
  const seconds = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
  const copy = mkdtempSync(join(tmpdir(), 'mediaspec-new-api-'));
  try {
    // 1. The workspace as a fresh clone would have it, plus uncommitted work.
    const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (listed.status !== 0) fail(`git ls-files failed: ${listed.stderr}`);
    const files = listed.stdout.split('\0').filter((f) => f && existsSync(join(root, f)));
    for (const file of files) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      cpSync(join(root, file), join(copy, file));
    }
    spawnSync('git', ['init', '-q'], { cwd: copy });
    spawnSync('git', ['add', '-A'], { cwd: copy });
    console.log(`copied ${files.length} files to ${copy} (${seconds()})`);

    // pnpm as this workspace runs it, on the PATH of the copy's commands.
    const [bare = 'pnpm', ...pnpmPrefix] = pnpmCommand();
    // A bare name is looked up now: the shim below would otherwise find itself.
    const pnpmCmd = isAbsolute(bare) ? bare : onPath(bare);
    const bin = join(copy, '.cache', 'bin');
    mkdirSync(bin, { recursive: true });
    const shim = join(bin, 'pnpm');
    writeFileSync(shim, `#!/bin/sh\nexec ${[pnpmCmd, ...pnpmPrefix].map((p) => `'${p}'`).join(' ')} "$@"\n`);
    chmodSync(shim, 0o755);
    const cacheDir = turboCacheDir();
    /** @type {NodeJS.ProcessEnv} */
    const env = {
      ...process.env,
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      MEDIASPEC_PNPM: JSON.stringify([pnpmCmd, ...pnpmPrefix]),
      MEDIASPEC_NEW_API_COPY: '1',
      // As a CI service runs it (pnpm then refuses to change the lockfile unless told to).
      CI: process.env.CI || 'true',
      INIT_CWD: copy,
      // Replay what this workspace has built and tested, never write the copy's results back.
      ...(cacheDir ? { TURBO_CACHE_DIR: cacheDir, TURBO_CACHE: 'local:r' } : {}),
    };

    // 2. The one command, as a user runs it on a fresh clone (it installs the workspace first).
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const scaffold = await run(
      npm,
      ['run', '--silent', 'new-api', '--', 'clipstore', '--spec', 'scripts/test/fixtures/clipstore.yaml'],
      { cwd: copy, env },
    );
    if (scaffold.code !== 0) fail(`pnpm new-api exited with ${scaffold.code}`);
    for (const file of ['packages/clipstore/src/client.ts', 'packages/clipstore/test/contract.test.ts']) {
      if (!existsSync(join(copy, file))) fail(`the scaffold wrote no ${file}`);
    }
    const registry = JSON.parse(readFileSync(join(copy, 'scripts', 'providers.json'), 'utf8'));
    if (!registry.providers.some((/** @type {{ id: string }} */ p) => p.id === 'clipstore')) {
      fail('scripts/providers.json has no clipstore entry');
    }
    console.log(`scaffolded and installed (${seconds()})`);

    // 3. The copy's own npm test.
    const test = await run(npm, ['test'], { cwd: copy, env });
    if (test.code !== 0) fail(`npm test in the scaffolded copy exited with ${test.code}`);
    // The new API's operations were all answered with a success by its mock.
    if (!/operation coverage: Clipstore API 4\/4/.test(test.output)) {
      fail('the copy\'s test output has no "operation coverage: Clipstore API 4/4" line');
    }
    console.log(`new-api end-to-end check passed in ${seconds()}: scaffold, install and npm test of the copy`);
  } finally {
    if (args.includes('--keep')) console.log(`kept ${copy}`);
    else rmSync(copy, { recursive: true, force: true });
  }
});
