// @ts-check
/** Child processes for the ecosystem suite: output kept for the error message, a time limit. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** A check failed: printed as one message, without a stack. */
export class EcosystemFailure extends Error {
  /** @override */
  name = 'Error';
}

/** The child processes running now, stopped when the suite is. */
const children = new Set();
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.once(signal, () => {
    for (const child of children) child.kill('SIGKILL');
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

/**
 * Runs a command to completion; resolves with its exit code and output (stdout and stderr
 * interleaved, and stdout alone).
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, timeoutMs?: number }} [options]
 * @returns {Promise<{ code: number | null, output: string, stdout: string, timedOut: boolean }>}
 */
export function run(cmd, args, { cwd = tmpdir(), env = process.env, timeoutMs = 180_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let output = '';
    let stdout = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => {
      output += `\ncould not run ${cmd}: ${error.message}`;
    });
    child.on('close', (code) => {
      children.delete(child);
      clearTimeout(timer);
      if (timedOut) output += `\n(stopped after ${timeoutMs / 1000} s)`;
      resolve({ code, output, stdout, timedOut });
    });
  });
}

/**
 * Like {@link run}, but rejects with the output when the command fails.
 * @param {string} what  what the command does, for the error message
 * @param {string} cmd
 * @param {string[]} args
 * @param {Parameters<typeof run>[2]} [options]
 */
export async function runOk(what, cmd, args, options) {
  return checked(what, await run(cmd, args, options));
}

/**
 * An environment for npm without the npm_config_* variables pnpm sets for scripts (they would
 * point npm at the workspace's settings).
 * @param {NodeJS.ProcessEnv} [extra]
 */
export function npmEnv(extra = {}) {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm|pnpm)_/i.test(key) || /^npm_config_(cache|userconfig|strict_ssl|cafile|proxy|https_proxy)$/i.test(key))
      env[key] = value;
  }
  return {
    ...env,
    NPM_CONFIG_UPDATE_NOTIFIER: 'false',
    NPM_CONFIG_FUND: 'false',
    NPM_CONFIG_AUDIT: 'false',
    ...extra,
  };
}

/**
 * Where the npm packages the suite runs are installed, one folder per package and version: in
 * the user's cache folder (`$XDG_CACHE_HOME`, else `~/.cache`), shared by every clone and
 * worktree of the repository on the machine, as browsers for test tools are. The versions are
 * pinned and a folder is complete once it exists, so a copy serves any clone.
 */
const packagesDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mediaspec', 'ecosystem');

/** @type {Map<string, Promise<string>>} */
const installs = new Map();

/**
 * The folder an npm package (`name@version`) is installed in, installing it the first time.
 *
 * npm installs it into a folder of its own that is renamed into place only once complete, so an
 * install that is stopped halfway (the suite interrupted) leaves nothing a later run would take
 * for a finished one. Two suites installing the same package at once both succeed: the second
 * rename finds the folder there and its own copy is dropped.
 * @param {string} spec  e.g. node@22.23.3
 */
export function installed(spec) {
  let install = installs.get(spec);
  if (!install) {
    install = installPackage(spec);
    installs.set(spec, install);
  }
  return install;
}

/** @param {string} spec */
async function installPackage(spec) {
  const dir = join(packagesDir, spec.replaceAll('/', '+'));
  if (existsSync(dir)) return dir;
  mkdirSync(packagesDir, { recursive: true });
  // What an install killed outright left behind; an hour is older than any install running now.
  for (const name of readdirSync(packagesDir)) {
    const path = join(packagesDir, name);
    if (name.includes('.partial-') && Date.now() - statSync(path).mtimeMs > 3_600_000) {
      rmSync(path, { recursive: true, force: true });
    }
  }
  const partial = mkdtempSync(`${dir}.partial-`);
  try {
    const args = ['install', '--prefix', partial, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', spec];
    await runOk(`npm install ${spec}`, 'npm', args, { env: npmEnv(), timeoutMs: 300_000 });
    try {
      renameSync(partial, dir);
    } catch (error) {
      if (!existsSync(dir)) throw error;
    }
    return dir;
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

/**
 * Runs a command from an npm package (its `bin` entries first on the PATH), from the OS temp
 * folder so no project's settings apply. The package is installed once, under
 * `~/.cache/mediaspec/ecosystem/`, and kept for later runs.
 * @param {string} spec  e.g. node@22.23.3
 * @param {string[]} command
 * @param {Parameters<typeof run>[2]} [options]
 */
export async function fromPackage(spec, command, options = {}) {
  const bin = join(await installed(spec), 'node_modules', '.bin');
  const env = npmEnv({ PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` });
  const [cmd = '', ...args] = command;
  return runOk(`${command.join(' ')} (from ${spec})`, cmd, args, { env, timeoutMs: 300_000, ...options });
}

/**
 * @param {string} what
 * @param {Awaited<ReturnType<typeof run>>} result
 */
function checked(what, result) {
  if (result.code !== 0) throw new EcosystemFailure(`${what} failed (exit ${result.code}):\n${result.output.trim()}`);
  return result;
}

/** @param {number} since  Date.now() at the start */
export const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
