// @ts-check
/**
 * Where each runtime comes from: the npm packages pinned in runtimes.json, installed once under
 * ~/.cache/mediaspec/ecosystem/ (lib/exec.js), and Chromium from the OS packages.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EcosystemFailure, fromPackage } from './exec.js';

export const here = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @type {{ node: Record<string, string>, bun: string, deno: string, workerd: string,
 *   workerdCompatibilityDate: string, vite: string, verdaccio: string, oldestTypeScript: string }}
 */
export const versions = JSON.parse(readFileSync(join(here, 'runtimes.json'), 'utf8'));

/** The last non-empty line a command printed. */
const lastLine = (/** @type {string} */ text) => text.trim().split('\n').at(-1)?.trim() ?? '';

/**
 * The path of the real binary inside an npm package, asked from the runtime itself, so the
 * suite runs it directly rather than through the package's launcher script.
 * @param {string} spec
 * @param {string[]} probe  a command printing the binary's path
 */
function binaryOf(spec, probe) {
  // Asked once per package: two checks on the same Node share one probe.
  let found = binaries.get(spec);
  if (!found) {
    found = fromPackage(spec, probe).then(({ stdout }) => {
      const path = lastLine(stdout);
      if (!existsSync(path)) throw new EcosystemFailure(`${spec}: the binary it reported (${path}) does not exist`);
      return path;
    });
    binaries.set(spec, found);
  }
  return found;
}

/** @type {Map<string, Promise<string>>} */
const binaries = new Map();

/** @param {string} version */
export const nodeBinary = (version) => binaryOf(`node@${version}`, ['node', '-p', 'process.execPath']);
export const bunBinary = () => binaryOf(`bun@${versions.bun}`, ['bun', '-e', 'console.log(process.execPath)']);
export const denoBinary = () =>
  binaryOf(`deno@${versions.deno}`, ['deno', 'eval', '--no-lock', 'console.log(Deno.execPath())']);
export const workerdBinary = () =>
  binaryOf(`workerd@${versions.workerd}`, [
    'node',
    '-e',
    'console.log(require("child_process").execSync("command -v workerd").toString())',
  ]);

/** Chromium from the OS packages (`apt-get install -y chromium`), or CHROMIUM_PATH. */
export function chromiumBinary() {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new EcosystemFailure(
      `no Chromium at ${path}: install it from the OS packages (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  return path;
}
