// @ts-check
/** Child processes for the ecosystem suite: output kept for the error message, a time limit. */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

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
 * An environment for npm and npx without the npm_config_* variables pnpm sets for scripts
 * (they would point npx at the workspace's settings).
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
 * Runs a command from an npm package through npx (`npx --yes --package <spec> -- ...`), from
 * the OS temp folder so no project's settings apply. The package is downloaded once and then
 * served from npx's cache.
 *
 * An npx stopped while it installs (the suite interrupted, say) leaves its cache folder without
 * a package.json, and every later npx of the same package then fails with ENOENT. That folder
 * is removed and the command run once more.
 * @param {string} spec  e.g. node@22.23.3
 * @param {string[]} command
 * @param {Parameters<typeof run>[2]} [options]
 */
export async function npx(spec, command, options = {}) {
  const what = `npx --package ${spec} -- ${command.join(' ')}`;
  const args = ['--yes', '--package', spec, '--', ...command];
  const settings = { env: npmEnv(), timeoutMs: 300_000, ...options };
  const first = await run('npx', args, settings);
  const broken = first.code !== 0 && /ENOENT/.test(first.output) ? halfInstalled(first.output) : undefined;
  if (!broken) return checked(what, first);
  console.error(`${spec}: npx's cache folder ${broken} was left half-installed; removing it and trying again`);
  rmSync(broken, { recursive: true, force: true });
  return checked(what, await run('npx', args, settings));
}

/**
 * The npx cache folder an ENOENT names, when it is one (`.../_npx/<hash>/package.json`).
 * @param {string} output
 */
function halfInstalled(output) {
  const match = /(\S*[\\/]_npx[\\/][0-9a-f]+)[\\/]package\.json/.exec(output);
  return match?.[1];
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
