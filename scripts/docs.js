// @ts-check
/**
 * Renders the API docs into site/: one self-contained Redoc page per spec (no CDN, so it works
 * offline), the bundled spec as YAML and JSON for download, and an index page of every API.
 *
 *   node scripts/docs.js [provider...]
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { runMain } from './lib/cli.js';
import { renderIndex } from './lib/docs-index.js';
import { providers as allProviders, docsPort, root, selectProviders } from './lib/registry.js';
import { binPath, mapLimit, runNode } from './lib/run.js';

export const siteDir = join(root, 'site');
const redocly = binPath('@redocly/cli', 'redocly');
const env = { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };

/** @param {import('./lib/registry.js').Provider} provider */
async function renderProvider(provider) {
  const outDir = join(siteDir, provider.id);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const spec = relative(root, provider.specPath);
  await runNode(redocly, ['build-docs', spec, '--output', join(outDir, 'index.html'), '--inlineBundle'], { env });
  await runNode(redocly, ['bundle', spec, '--output', join(outDir, 'openapi.yaml')], { env });
  await runNode(redocly, ['bundle', spec, '--output', join(outDir, 'openapi.json'), '--ext', 'json'], { env });
  /** @type {{ info?: { title?: string, version?: string, summary?: string, description?: string } }} */
  const document = parse(await readFile(provider.specPath, 'utf8'));
  return { provider, info: document.info ?? {} };
}

runMain(import.meta.url, async (args) => {
  const selected = selectProviders(args);
  const started = Date.now();
  await mkdir(siteDir, { recursive: true });
  const rendered = await mapLimit(selected, 2, async (provider) => {
    const result = await renderProvider(provider);
    console.log(`docs: ${provider.id} -> site/${provider.id}/index.html`);
    return result;
  });
  // The index always lists every registered API, rendered this time or not.
  const entries = await Promise.all(
    allProviders.map(async (provider) => {
      const done = rendered.find((r) => r.provider === provider);
      if (done) return done;
      const document = parse(await readFile(provider.specPath, 'utf8'));
      return { provider, info: document.info ?? {} };
    }),
  );
  await writeFile(join(siteDir, 'index.html'), renderIndex(entries, { docsPort }));
  console.log(`docs: site/index.html (${entries.length} APIs) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
