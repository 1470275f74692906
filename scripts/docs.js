// @ts-check
/**
 * Builds the docs portal into site/: one static site for every API, rendered in the browser by
 * Stoplight Elements from files served next to it (no CDN, no web font, nothing from another
 * host), with try-it sending to the local mocks and TypeScript samples of our clients.
 *
 *   node scripts/docs.js
 *
 * site/
 *   index.html, search.json        the index of every API, and the search over all of them
 *   assets/                        Elements, the portal's script and styles (content-hashed names)
 *   <id>/index.html                the API's reference
 *   <id>/portal.json               the spec as the portal renders it (mock server, samples, appendix)
 *   <id>/openapi.yaml, .json       the published spec, bundled by Redocly, unchanged
 *   **.br, **.gz                   every text file precompressed, served by scripts/lib/static-server.js
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { parse } from 'yaml';
import { runMain } from './lib/cli.js';
import { renderApiPage, renderIndex } from './lib/docs-index.js';
import { portalDocument } from './lib/docs-portal.js';
import { providers as allProviders, docsPort, root, UsageError } from './lib/registry.js';
import { binPath, mapLimit, runNode } from './lib/run.js';

const require = createRequire(import.meta.url);
const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Where `pnpm docs` writes the portal. */
export const siteDir = join(root, 'site');
const redocly = binPath('@redocly/cli', 'redocly');
const env = { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
/** Compressed copies of files that rarely change (Elements), so rebuilds skip the slow brotli pass. */
const compressCache = join(root, '.cache', 'docs-compressed');
/** Files smaller than this are served as they are: compressing them saves less than a round trip's overhead. */
const COMPRESS_MIN_BYTES = 1024;
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.yaml', '.svg']);

/**
 * The mock URL of each provider as `pnpm start` and `pnpm mock` serve them.
 * @returns {Record<string, string>}
 */
export function registryMockUrls() {
  return Object.fromEntries(allProviders.map((p) => [p.id, `http://127.0.0.1:${p.mockPort}`]));
}

/**
 * Copies a file into site/assets/ under a name holding a hash of its content, so it can be cached
 * forever: a new version gets a new name.
 * @param {string} outDir
 * @param {string} source
 * @param {string} name  e.g. `elements.js`
 */
async function addAsset(outDir, source, name) {
  const content = await readFile(source);
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 12);
  const ext = extname(name);
  const file = `assets/${basename(name, ext)}.${hash}${ext}`;
  await writeFile(join(outDir, file), content);
  return file;
}

/**
 * Writes `.br` (quality 11) and `.gz` (level 9) next to every compressible file under `dir`.
 * @param {string} dir
 */
async function precompress(dir) {
  /** @type {string[]} */
  const files = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath ?? /** @type {any} */ (entry).path, entry.name);
    if (entry.isFile() && COMPRESSIBLE.has(extname(entry.name))) files.push(path);
  }
  await mkdir(compressCache, { recursive: true });
  await mapLimit(files, 4, async (file) => {
    const content = await readFile(file);
    if (content.length < COMPRESS_MIN_BYTES) return;
    const hash = createHash('sha256').update(content).digest('hex');
    for (const [ext, compress] of /** @type {const} */ ([
      [
        '.br',
        () =>
          brotli(content, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 11,
              [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            },
          }),
      ],
      ['.gz', () => gzipAsync(content, { level: 9 })],
    ])) {
      // Only the large, unchanging files are worth a cache entry.
      const cached = join(compressCache, `${hash}${ext}`);
      let output;
      if (content.length > 200_000) output = await readFile(cached).catch(() => undefined);
      if (!output) {
        output = await compress();
        if (content.length > 200_000) await writeFile(cached, output);
      }
      await writeFile(file + ext, output);
    }
  });
  return files.length;
}

/**
 * Builds the whole portal.
 * @param {object} [options]
 * @param {string} [options.outDir]  defaults to site/
 * @param {Record<string, string>} [options.mockUrls]  mock URL per provider id; defaults to the registry ports
 * @param {(line: string) => void} [options.log]
 */
export async function buildSite({ outDir = siteDir, mockUrls = registryMockUrls(), log = () => {} } = {}) {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, 'assets'), { recursive: true });
  // The package's exports map hides package.json; its main entry sits at the package root.
  const elementsDir = dirname(require.resolve('@stoplight/elements', { paths: [root] }));
  const assetsDir = join(root, 'scripts', 'docs-site');
  /** @type {import('./lib/docs-index.js').Assets} */
  const assets = {
    elementsJs: await addAsset(outDir, join(elementsDir, 'web-components.min.js'), 'elements.js'),
    elementsCss: await addAsset(outDir, join(elementsDir, 'styles.min.css'), 'elements.css'),
    portalJs: await addAsset(outDir, join(assetsDir, 'portal.js'), 'portal.js'),
    portalCss: await addAsset(outDir, join(assetsDir, 'portal.css'), 'portal.css'),
    favicon: await addAsset(outDir, join(assetsDir, 'favicon.svg'), 'favicon.svg'),
  };

  const built = await mapLimit(allProviders, 2, async (provider) => {
    const mockUrl = mockUrls[provider.id];
    if (!mockUrl) throw new Error(`buildSite: no mock URL for ${provider.id}`);
    const dir = join(outDir, provider.id);
    await mkdir(dir, { recursive: true });
    // The published spec, bundled by Redocly (one file even if the spec is split one day).
    const yamlFile = join(dir, 'openapi.yaml');
    await runNode(redocly, ['bundle', relative(root, provider.specPath), '--output', yamlFile], { env });
    const spec = parse(await readFile(yamlFile, 'utf8'));
    await writeFile(join(dir, 'openapi.json'), `${JSON.stringify(spec, null, 2)}\n`);
    const portal = portalDocument(provider, spec, { mockUrl });
    await writeFile(join(dir, 'portal.json'), JSON.stringify(portal.document));
    log(`docs: ${provider.id} -> ${relative(root, join(dir, 'index.html'))}`);
    return {
      entry: {
        provider,
        info: spec.info ?? {},
        mockUrl,
        operations: portal.search.length,
      },
      portal,
    };
  });
  const entries = built.map((b) => b.entry);
  for (const { entry, portal } of built) {
    await writeFile(
      join(outDir, entry.provider.id, 'index.html'),
      renderApiPage(entries, entry, { assets, mockAuth: portal.mockAuth }),
    );
  }
  await writeFile(join(outDir, 'index.html'), renderIndex(entries, { docsPort, assets }));
  await writeFile(join(outDir, 'search.json'), JSON.stringify(built.flatMap((b) => b.portal.search)));
  const compressed = await precompress(outDir);
  log(
    `docs: ${relative(root, outDir) || outDir}/index.html (${entries.length} APIs), ${compressed} files precompressed`,
  );
  return { outDir, entries, assets };
}

runMain(import.meta.url, async (args) => {
  if (args.length > 0) throw new UsageError('Usage: node scripts/docs.js (it builds the portal of every API)');
  const started = Date.now();
  await buildSite({ log: console.log });
  const size = (await stat(join(siteDir, 'index.html'))).size;
  console.log(`docs: built in ${((Date.now() - started) / 1000).toFixed(1)} s (index ${size} bytes)`);
});
