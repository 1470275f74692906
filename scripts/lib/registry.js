// @ts-check
/**
 * The provider registry (`scripts/providers.json`), loaded and checked once.
 * Every script and the contract-test setup go through this module, never the JSON directly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * @typedef {object} Provider
 * @property {string} id          Short id: the folder name under specs/ and packages/.
 * @property {string} name        Display name.
 * @property {string} spec        Spec path, relative to the repository root.
 * @property {string} package     npm package name of the client.
 * @property {number} mockPort    Fixed local port of the provider's mock server.
 * @property {ProviderClient} client  How the client package is created (for the docs samples).
 * @property {string} specPath    Absolute spec path.
 * @property {string} packageDir  Absolute path of the client package.
 */

/**
 * @typedef {object} ProviderClient
 * @property {string} factory  the package's client factory, e.g. `createPipeClient`
 * @property {Record<string, string>} credentials  each credential option of the factory, with the
 *   environment variable the docs samples read it from, e.g. `{ apiKey: 'PIPE_API_KEY' }`
 */

/** @type {{ docsPort: number, providers: Omit<Provider, 'specPath' | 'packageDir'>[] }} */
const registry = JSON.parse(readFileSync(join(root, 'scripts', 'providers.json'), 'utf8'));

/** Port the rendered docs are served on by `pnpm start`. */
export const docsPort = registry.docsPort;

/** @type {readonly Provider[]} */
export const providers = Object.freeze(
  registry.providers.map((entry) => {
    for (const key of /** @type {const} */ (['id', 'name', 'spec', 'package'])) {
      if (typeof entry[key] !== 'string' || entry[key] === '') {
        throw new Error(`scripts/providers.json: provider ${JSON.stringify(entry.id)} needs a "${key}" string`);
      }
    }
    if (!Number.isInteger(entry.mockPort) || entry.mockPort < 1 || entry.mockPort > 65535) {
      throw new Error(`scripts/providers.json: provider "${entry.id}" needs a "mockPort" between 1 and 65535`);
    }
    const client = entry.client;
    if (
      typeof client?.factory !== 'string' ||
      typeof client.credentials !== 'object' ||
      Object.keys(client.credentials ?? {}).length === 0 ||
      !Object.values(client.credentials).every((name) => typeof name === 'string' && /^[A-Z][A-Z0-9_]*$/.test(name))
    ) {
      throw new Error(
        `scripts/providers.json: provider "${entry.id}" needs "client": { "factory": "createXClient", "credentials": { "<option>": "<ENV_VAR>" } }`,
      );
    }
    return Object.freeze({
      ...entry,
      specPath: join(root, entry.spec),
      packageDir: join(root, 'packages', entry.id),
    });
  }),
);

for (const key of /** @type {const} */ (['id', 'mockPort'])) {
  const seen = new Set();
  for (const provider of providers) {
    if (seen.has(provider[key])) throw new Error(`scripts/providers.json: two providers share ${key} ${provider[key]}`);
    seen.add(provider[key]);
  }
}
if (providers.some((p) => p.mockPort === docsPort)) {
  throw new Error(`scripts/providers.json: docsPort ${docsPort} is also a mock port`);
}

/**
 * The providers named by `ids`, in that order; every provider when `ids` is empty.
 * @param {readonly string[]} ids
 * @returns {Provider[]}
 */
export function selectProviders(ids) {
  if (ids.length === 0) return [...providers];
  return ids.map((id) => {
    const provider = providers.find((p) => p.id === id);
    if (!provider) {
      throw new UsageError(`Unknown provider "${id}". Known providers: ${providers.map((p) => p.id).join(', ')}.`);
    }
    return provider;
  });
}

/**
 * The provider whose client package lives in `dir` (used by the test setup).
 * @param {string} dir
 * @returns {Provider | undefined}
 */
export function providerForPackageDir(dir) {
  const wanted = resolve(dir);
  return providers.find((p) => p.packageDir === wanted);
}

/**
 * Checks that every registered provider has its spec on disk.
 * @returns {string[]} one message per missing spec
 */
export function missingSpecs() {
  return providers.filter((p) => !existsSync(p.specPath)).map((p) => `${p.id}: ${p.spec} does not exist`);
}

/** An error in how a script was called: printed without a stack trace. */
export class UsageError extends Error {
  /** @override */
  name = 'UsageError';
}
