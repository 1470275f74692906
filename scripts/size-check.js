// @ts-check
/**
 * The tree-shaking and size check. For each provider, bundles
 * `export { createXClient } from '@mediaspec/clients'` for the browser with esbuild (ESM,
 * minified, openapi-fetch included) and fails when the bundle
 *
 * - holds code of another provider: by esbuild's own account of which files put bytes in the
 *   output (its metafile), and by marker strings only that provider's code contains;
 * - is larger, gzipped (level 9), than its budget.
 *
 * Each provider's whole namespace is bundled too, which must contain all of its own markers (or
 * they prove nothing) and nothing of the others; and the whole facade once, which fails if
 * anything on the browser path imports a Node built-in.
 *
 *   node scripts/size-check.js [--update]    (--update records the measured sizes)
 *
 * Budgets, markers and the recorded sizes are in scripts/size-budgets.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { printTable, runMain } from './lib/cli.js';
import { providers, root } from './lib/registry.js';

const budgetsPath = join(root, 'scripts', 'size-budgets.json');

/**
 * @typedef {object} Budget
 * @property {string} import        the facade export to bundle
 * @property {string[]} markers     strings only this provider's code contains
 * @property {number} gzipBudget    bytes
 * @property {number} gzipRecorded  bytes, as last recorded
 */

/**
 * The package an input file of the bundle belongs to: `pipe`, `core`, `openapi-fetch`, ...
 * @param {string} path  as esbuild's metafile names it (relative, symlinks resolved)
 */
function owner(path) {
  const workspace = path.match(/(?:^|\/)packages\/([^/]+)\//);
  if (workspace?.[1]) return workspace[1];
  const dependency = path.match(/.*node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  return dependency?.[1] ?? path;
}

/**
 * Bundles `source` as a browser ESM entry next to @mediaspec/clients.
 * @param {string} source
 */
async function bundle(source) {
  const result = await build({
    stdin: { contents: source, resolveDir: join(root, 'packages', 'clients'), loader: 'js', sourcefile: 'entry.js' },
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    logLevel: 'silent',
  }).catch((/** @type {Error & { errors?: { text: string, notes?: { text: string }[] }[] }} */ error) => {
    const details = (error.errors ?? []).map((e) => [e.text, ...(e.notes ?? []).map((n) => `  ${n.text}`)].join('\n'));
    throw new Error(`esbuild could not bundle \`${source}\` for the browser:\n${details.join('\n') || error.message}`);
  });
  const text = result.outputFiles[0]?.text ?? '';
  /** Minified bytes each package put in the output. */
  const owners = new Map();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (bytesInOutput > 0) owners.set(owner(path), (owners.get(owner(path)) ?? 0) + bytesInOutput);
    }
  }
  return { text, owners, bytes: Buffer.byteLength(text), gzip: gzipSync(text, { level: 9 }).length };
}

/** @param {number} bytes */
const kib = (bytes) => `${(bytes / 1024).toFixed(2)} KiB`;

runMain(import.meta.url, async (args) => {
  const update = args.includes('--update');
  /** @type {{ providers: Record<string, Budget> }} */
  const config = JSON.parse(readFileSync(budgetsPath, 'utf8'));
  const missing = providers.filter((p) => !config.providers[p.id]);
  if (missing.length > 0) {
    throw new Error(`scripts/size-budgets.json has no entry for ${missing.map((p) => p.id).join(', ')}`);
  }
  const problems = [];
  /**
   * What of the other providers a bundle holds: their files, and their markers.
   * @param {Awaited<ReturnType<typeof bundle>>} result
   * @param {string} except  the provider whose bundle it is
   */
  const foreign = (result, except) =>
    providers
      .filter((p) => p.id !== except)
      .flatMap((p) => [
        ...(result.owners.has(p.id) ? [`${p.id} (${result.owners.get(p.id)} bytes of its files)`] : []),
        ...config.providers[p.id].markers.filter((m) => result.text.includes(m)).map((m) => `${p.id} ("${m}")`),
      ]);

  // The whole facade, once: nothing on the browser path may import a Node built-in.
  const everything = await bundle(`export * from '@mediaspec/clients';`);
  console.log(`bundled all of @mediaspec/clients for the browser: ${kib(everything.gzip)} gzipped, no Node built-in`);

  const rows = [['Provider', 'Import', 'Minified', 'Gzipped', 'Budget', 'Recorded', 'Contents (minified)', 'Others']];
  for (const provider of providers) {
    const budget = config.providers[provider.id];
    const [first] = budget.markers;
    // The namespace: every marker of this provider must be in it, or the marker proves nothing.
    const namespace = await bundle(`export { ${provider.id} } from '@mediaspec/clients';`);
    const absent = budget.markers.filter((m) => !namespace.text.includes(m));
    if (absent.length > 0) {
      problems.push(
        `${provider.id}: marker(s) ${absent.map((m) => `"${m}"`).join(', ')} are not in its own code; pick strings its code contains`,
      );
    }
    const inNamespace = foreign(namespace, provider.id);
    if (inNamespace.length > 0) {
      problems.push(`${provider.id}: its namespace bundle holds other providers' code: ${inNamespace.join(', ')}`);
    }

    const client = await bundle(`export { ${budget.import} } from '@mediaspec/clients';`);
    if (first === undefined || !client.text.includes(first)) {
      problems.push(`${provider.id}: the bundle of ${budget.import} lacks its first marker "${first}"`);
    }
    const leaked = foreign(client, provider.id);
    if (leaked.length > 0)
      problems.push(`${provider.id}: ${budget.import} bundles other providers' code: ${leaked.join(', ')}`);
    if (client.gzip > budget.gzipBudget) {
      problems.push(
        `${provider.id}: ${budget.import} is ${client.gzip} bytes gzipped, over its budget of ${budget.gzipBudget} (${kib(budget.gzipBudget)})`,
      );
    }
    const drift = budget.gzipRecorded ? client.gzip - budget.gzipRecorded : 0;
    rows.push([
      provider.id,
      budget.import,
      kib(client.bytes),
      `${kib(client.gzip)} (${client.gzip} B)`,
      kib(budget.gzipBudget),
      budget.gzipRecorded ? `${budget.gzipRecorded} B${drift ? ` (${drift > 0 ? '+' : ''}${drift})` : ''}` : '-',
      [...client.owners]
        .sort((a, b) => b[1] - a[1])
        .map(([name, bytes]) => `${name} ${kib(bytes)}`)
        .join(', '),
      leaked.length > 0 ? 'LEAKED' : 'none',
    ]);
    if (update) budget.gzipRecorded = client.gzip;
  }
  printTable(rows);
  if (problems.length > 0) throw new Error(`size check FAILED:\n  ${problems.join('\n  ')}`);
  if (update) {
    writeFileSync(budgetsPath, `${JSON.stringify(config, null, 2)}\n`);
    console.log('recorded the measured sizes in scripts/size-budgets.json');
  }
  console.log('size check passed: each client bundles only its provider, within its budget');
});
