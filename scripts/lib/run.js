// @ts-check
/** Running child processes from the scripts, with their output kept for error messages. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { root } from './registry.js';

const require = createRequire(import.meta.url);

/**
 * Absolute path of a dependency's bin script, so it can be run with this very Node binary
 * (no shell, no PATH lookup, the same Node version as the caller).
 * @param {string} pkg
 * @param {string} [bin]  defaults to the package's only or same-named bin
 */
export function binPath(pkg, bin) {
  const manifestPath = require.resolve(`${pkg}/package.json`, { paths: [root] });
  const manifest = require(manifestPath);
  const bins = typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : manifest.bin;
  const relative = bins[bin ?? Object.keys(bins)[0]];
  return join(dirname(manifestPath), relative);
}

/**
 * Runs a Node script to completion, collecting its output. Rejects with the output on failure.
 * @param {string} script
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string }} [options]
 * @returns {Promise<string>}
 */
export function runNode(script, args, { env, cwd = root } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${[script, ...args].join(' ')} exited with ${code}:\n${output.trim()}`));
    });
  });
}

/**
 * Maps `items` through `fn` with at most `limit` calls in flight (the machines have two cores).
 * @template T, R
 * @param {readonly T[]} items
 * @param {number} limit
 * @param {(item: T) => Promise<R>} fn
 * @returns {Promise<R[]>}
 */
export async function mapLimit(items, limit, fn) {
  /** @type {R[]} */
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
