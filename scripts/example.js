// @ts-check
/**
 * Runs the example of each named provider (every provider's when none is named): compiles
 * examples/<id>.ts with esbuild, starts a Prism mock of the provider's spec on a free port (so
 * it runs whether or not `pnpm mock` is running), and runs the example against it with Node.
 *
 *   pnpm example [provider...] [--base-url <url>]
 *
 * With --base-url, no mock is started and the example talks to that server instead, with the
 * credentials from the environment variables the example names. The example gets the URL in
 * its BASE_URL environment variable.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { runMain } from './lib/cli.js';
import { startMockServer } from './lib/mock-server.js';
import { root, selectProviders, UsageError } from './lib/registry.js';

const examplesDir = join(root, 'examples');
const outDir = join(examplesDir, 'dist');

/**
 * @param {string} script
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<number>}
 */
function runScript(script, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      cwd: examplesDir,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

runMain(import.meta.url, async (args) => {
  const usage = 'Usage: pnpm example [provider...] [--base-url <url>]';
  const at = args.indexOf('--base-url');
  const external = at === -1 ? undefined : args[at + 1];
  if (at !== -1 && (!external || external.startsWith('-'))) throw new UsageError(`--base-url needs a URL. ${usage}`);
  const rest = at === -1 ? args : [...args.slice(0, at), ...args.slice(at + 2)];
  const unknown = rest.find((a) => a.startsWith('-'));
  if (unknown) throw new UsageError(`Unknown option ${unknown}. ${usage}`);
  const providers = selectProviders(rest);
  if (external && providers.length !== 1) throw new UsageError(`--base-url is for one provider's example. ${usage}`);
  const failed = [];
  for (const provider of providers) {
    const source = join(examplesDir, `${provider.id}.ts`);
    if (!existsSync(source)) throw new Error(`${provider.name} has no example: examples/${provider.id}.ts is missing`);
    // Type-stripping only: `pnpm --filter @mediaspec/examples typecheck` (part of `npm test`) checks the types.
    await build({
      entryPoints: [source],
      outdir: outDir,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'error',
    });
    const script = join(outDir, `${provider.id}.js`);
    const mock = external ? undefined : await startMockServer({ spec: provider.specPath });
    const baseUrl = external ?? mock?.url ?? '';
    console.log(
      `\n=== ${provider.name}: examples/${provider.id}.ts against ${mock ? `a mock of ${provider.spec} at ` : ''}${baseUrl}`,
    );
    try {
      const code = await runScript(script, { BASE_URL: baseUrl });
      if (code !== 0) failed.push(`${provider.id} (exit ${code})`);
    } finally {
      await mock?.close();
    }
  }
  if (failed.length > 0) throw new Error(`example(s) failed: ${failed.join(', ')}`);
  console.log(`\n${providers.length} example(s) ran.`);
});
