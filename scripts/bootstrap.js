// @ts-check
/**
 * The entry point of the root package scripts, so that `npm start` and `npm test` work on a
 * machine with only Node and npm: it finds or fetches the pinned pnpm, installs the workspace
 * when node_modules is missing or older than the lockfile, then runs the command.
 *
 *   node scripts/bootstrap.js <start|test|mock|docs|example> [args...]
 *
 * Uses nothing but Node built-ins: it runs before any dependency is installed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmVersion = String(manifest.packageManager).replace(/^pnpm@/, '');

/** What each command runs once the workspace is installed. */
const COMMANDS = {
  /** Builds what is stale and the docs, then serves docs and mocks until Ctrl-C. */
  start: [
    ['turbo', 'run', 'build', 'build:docs', '--output-logs=errors-only'],
    ['node', 'scripts/start.js'],
  ],
  /**
   * Lints specs and code, type-checks, runs every test suite (the scripts' own too) and the
   * examples, and checks the packages as published: publint and arethetypeswrong, the pack smoke
   * test, tree-shaking and size; and holds the client stack to its CPU budget
   * (scripts/bench/cpu-budget.js).
   */
  test: [
    [
      'turbo',
      'run',
      'lint',
      'typecheck',
      'test',
      'test:scripts',
      'test:new-api',
      'check:package',
      'check:pack',
      'check:size',
      'check:cpu',
    ],
  ],
  /** Adds an API from its spec: `npm run new-api -- <id> --spec <file>` (scripts/new-api.js). */
  'new-api': [['node', 'scripts/new-api.js']],
  /** Serves the Prism mocks only. */
  mock: [['node', 'scripts/mock.js']],
  /** Renders the docs into site/. */
  docs: [['turbo', 'run', 'build:docs']],
  /** Builds what is stale, then runs the examples of the named providers against mocks. */
  example: [
    ['turbo', 'run', 'build', '--output-logs=errors-only'],
    ['node', 'scripts/example.js'],
  ],
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
};

/** The pnpm to use: one on PATH with the pinned version, else the pinned one fetched by npm. */
function findPnpm() {
  const onPath = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32', env });
  if (onPath.status === 0 && onPath.stdout.trim() === pnpmVersion) return { cmd: 'pnpm', prefix: [] };
  // A local copy under .cache/ (git-ignored) keeps later runs offline and fast.
  const cacheDir = join(root, '.cache', `pnpm-${pnpmVersion}`);
  const bin = join(cacheDir, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');
  if (!existsSync(bin)) {
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
  }
  return { cmd: process.execPath, prefix: [bin], binDir: join(cacheDir, 'node_modules', '.bin') };
}

/** @param {string} path */
function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** @param {string} cmd @param {string[]} argv */
function run(cmd, argv) {
  return new Promise((resolveRun) => {
    const child = spawn(cmd, argv, { cwd: root, stdio: 'inherit', env });
    // Forward Ctrl-C and SIGTERM to the child, and let it decide how to stop.
    const forward = (/** @type {NodeJS.Signals} */ signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolveRun(code ?? (signal ? 128 : 1));
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
  if (code !== 0) process.exit(code);
}

const steps = COMMANDS[/** @type {keyof typeof COMMANDS} */ (command)];
for (const [index, [tool, ...toolArgs]] of steps.entries()) {
  const last = index === steps.length - 1;
  const argv = last ? [...toolArgs, ...args] : toolArgs;
  const code =
    tool === 'node' ? await run(process.execPath, argv) : await run(pnpm.cmd, [...pnpm.prefix, 'exec', tool, ...argv]);
  if (code !== 0) process.exit(code);
}
