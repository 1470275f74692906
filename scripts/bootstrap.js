// @ts-check
/**
 * The entry point of the root package scripts, so that `npm start` and `npm test` work on a
 * machine with only Node and npm: it finds or fetches the pinned pnpm, installs the workspace
 * when node_modules is missing or older than the lockfile, then runs the command.
 *
 *   node scripts/bootstrap.js <start|test|mock|docs|example|verify|webhooks> [args...]
 *
 * Uses nothing but Node built-ins: it runs before any dependency is installed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinnedPnpm } from './lib/pinned-pnpm.js';
import { descendants, signalAll } from './lib/process-tree.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pinned = pinnedPnpm(root);
const pnpmVersion = pinned.version;

/** What each command runs once the workspace is installed. */
const COMMANDS = {
  /** Builds what is stale and the docs, then serves docs and mocks until Ctrl-C. */
  start: [
    ['turbo', 'run', 'build', 'build:docs', '--output-logs=errors-only'],
    ['node', 'scripts/start.js'],
  ],
  /**
   * Lints specs and code, type-checks, runs every test suite (the scripts' own too) and the
   * examples, and checks the packages as published: the pack smoke test (publint and
   * arethetypeswrong on every tarball, a strict consumer, the quick starts), tree-shaking and
   * size; and holds the client stack to its CPU budget
   * (scripts/bench/cpu-budget.js). The `test` task of ecosystem/ runs the runtime matrix;
   * `check:registry` publishes to a local registry and installs from it (ecosystem/README.md).
   */
  test: [
    [
      'turbo',
      'run',
      'lint',
      'typecheck',
      'test',
      'test:scripts',
      'test:docs',
      'check:pack',
      'check:size',
      'check:cpu',
      'check:registry',
    ],
  ],
  /** Adds an API from its spec: `npm run new-api -- <id> --spec <file>` (scripts/new-api.js). */
  'new-api': [['node', 'scripts/new-api.js']],
  /** Serves the Prism mocks only. */
  mock: [['node', 'scripts/mock.js']],
  /** Renders the docs into site/. */
  docs: [['turbo', 'run', 'build:docs']],
  /** Lists the specs' webhook events, or sends a signed one to a receiver (scripts/webhooks.js). */
  webhooks: [['node', 'scripts/webhooks.js']],
  /** Builds what is stale, then runs the examples of the named providers against mocks. */
  example: [
    ['turbo', 'run', 'build', '--output-logs=errors-only'],
    ['node', 'scripts/example.js'],
  ],
  /** Checks a real server against its spec through Prism's validating proxy. */
  verify: [['node', 'scripts/verify.js']],
};

const [command, ...args] = process.argv.slice(2);
if (!command || !(command in COMMANDS)) {
  console.error(`usage: node scripts/bootstrap.js <${Object.keys(COMMANDS).join('|')}> [args...]`);
  process.exit(2);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`error: Node ${process.versions.node} is too old; mediaspec needs Node >= 20.19`);
  process.exit(1);
}

/** @type {NodeJS.ProcessEnv} */
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  NPM_CONFIG_UPDATE_NOTIFIER: 'false',
  // Part of the hash of the tasks whose outcome depends on the Node version (tests, the pack
  // smoke test, the CPU budget): on another Node they run again, the rest is replayed.
  MEDIASPEC_NODE_MAJOR: String(major),
};

/**
 * The pnpm to use: the pinned one fetched earlier into .cache/, else one on PATH with the pinned
 * version, else the pinned one, fetched by npm now.
 */
function findPnpm() {
  // A local copy under .cache/ (git-ignored) keeps later runs offline and fast; taking it first
  // spares every command (and every one the tests start) a `pnpm --version`.
  const { cacheDir, script: bin, binDir } = pinned;
  if (existsSync(bin)) return { cmd: process.execPath, prefix: [bin], binDir };
  const onPath = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32', env });
  if (onPath.status === 0 && onPath.stdout.trim() === pnpmVersion) return { cmd: 'pnpm', prefix: [] };
  console.log(`Fetching pnpm ${pnpmVersion} (once)...`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(
    npm,
    [
      'install',
      '--prefix',
      cacheDir,
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `pnpm@${pnpmVersion}`,
    ],
    { stdio: 'inherit', env, shell: process.platform === 'win32' },
  );
  if (result.status !== 0 || !existsSync(bin)) {
    console.error(`error: could not install pnpm ${pnpmVersion} with npm (exit ${result.status})`);
    process.exit(1);
  }
  return { cmd: process.execPath, prefix: [bin], binDir };
}

/** @param {string} path */
function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** On POSIX each command runs in its own process group, so that a stop reaches all of it. */
const groups = process.platform !== 'win32';
/** How long a command has to stop after a signal before its whole group is killed. */
const GRACE_MS = 3000;

/**
 * The guard that stops the running command if this process dies without doing it (SIGKILL, a
 * crash): see scripts/lib/orphan-guard.js. Started with the first command.
 * @type {import('node:child_process').ChildProcess | undefined}
 */
let guard;

/** @type {{ child: import('node:child_process').ChildProcess, stop: (signal: NodeJS.Signals) => void } | undefined} */
let running;

/** The signal that asked this process to stop, if one did. @type {NodeJS.Signals | undefined} */
let stoppedBy;

/**
 * Stops the running command with `signal` (forwarded to its whole process group), then exits.
 * @param {NodeJS.Signals} signal
 */
function stop(signal) {
  if (stoppedBy) return;
  stoppedBy = signal;
  if (running) running.stop(signal);
  else process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
}

process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGHUP', () => stop('SIGTERM'));
// If what started this process dies without passing on a signal (npm killed outright, or a shell
// between npm and this one ended by a SIGTERM), this process is left to init. A new parent means
// the one that started it is gone: stop as if told to.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop('SIGTERM');
}, 200).unref();

/** @param {string} cmd @param {string[]} argv @returns {Promise<number>} */
function run(cmd, argv) {
  return new Promise((resolveRun) => {
    if (groups && !guard) {
      guard = spawn(process.execPath, [join(root, 'scripts', 'lib', 'orphan-guard.js')], {
        cwd: root,
        detached: true,
        stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      });
      // The guard waits for this process to end; it must not keep it alive.
      guard.unref();
      guard.channel?.unref();
    }
    const child = spawn(cmd, argv, { cwd: root, stdio: 'inherit', env, detached: groups });
    const group = child.pid;
    if (groups && group) guard?.send({ start: group });
    /** @type {NodeJS.Timeout | undefined} */
    let killer;
    /** What the command had started when it was asked to stop. @type {number[]} */
    let started = [];
    const killAll = () => group && signalAll(group, [...started, ...descendants(group)], 'SIGKILL');
    running = {
      child,
      stop: (signal) => {
        if (groups && group) {
          signalAll(group, [], signal);
          // Listed after the signal, which must not wait for `ps`; turbo keeps its tasks as
          // children until they have stopped, so the tree is still whole.
          started = descendants(group);
          // Whatever has not stopped after the grace period (a process that ignores signals, a
          // server still closing, turbo's tasks, which live in process groups of their own) is
          // killed, so that every port is free soon after a stop.
          killer = setTimeout(killAll, GRACE_MS);
        } else {
          child.kill(signal);
        }
      },
    };
    if (stoppedBy) running.stop(stoppedBy);
    child.on('exit', (code, signal) => {
      // The command's leader is gone; on a stop, anything it left behind goes with it.
      if (groups && group) {
        if (stoppedBy) killAll();
        else signalAll(group, [], 'SIGTERM');
      }
      if (killer) clearTimeout(killer);
      if (groups && group && guard?.connected) guard.send({ end: group });
      running = undefined;
      const exitCode = code ?? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGKILL' ? 9 : 15);
      resolveRun(stoppedBy ? 128 + (stoppedBy === 'SIGINT' ? 2 : 15) : exitCode);
    });
  });
}

const pnpm = findPnpm();
if (pnpm.binDir) env.PATH = `${pnpm.binDir}${delimiter}${env.PATH ?? ''}`;
// Scripts that install (new-api) run the same pnpm.
env.MEDIASPEC_PNPM = JSON.stringify([pnpm.cmd, ...pnpm.prefix]);
// The modules directory pnpm writes after an install; older than the lockfile means stale.
const installedAt = mtime(join(root, 'node_modules', '.modules.yaml'));
if (installedAt === 0 || installedAt < mtime(join(root, 'pnpm-lock.yaml'))) {
  console.log('Installing dependencies...');
  const code = await run(pnpm.cmd, [...pnpm.prefix, 'install', '--frozen-lockfile']);
  if (code !== 0 || stoppedBy) process.exit(code);
}

const steps = COMMANDS[/** @type {keyof typeof COMMANDS} */ (command)];
for (const [index, [tool, ...toolArgs]] of steps.entries()) {
  const last = index === steps.length - 1;
  const argv = last ? [...toolArgs, ...args] : toolArgs;
  const code =
    tool === 'node' ? await run(process.execPath, argv) : await run(pnpm.cmd, [...pnpm.prefix, 'exec', tool, ...argv]);
  if (code !== 0 || stoppedBy) process.exit(code);
}
process.exit(0);
