// @ts-check
/**
 * The docs portal's weight and speed, per page, as a first-time visitor gets it: the built site/
 * served by the portal's static server (precompressed brotli), each page loaded in a fresh
 * Chromium context (empty cache) with every outside host unresolvable.
 *
 * - transferred: the bytes on the wire for the page and everything it loads (compressed sizes,
 *   from Chromium's `encodedDataLength`);
 * - first render: first contentful paint;
 * - reference shown: until the page's own content is on screen (the API's title rendered by
 *   Elements; the list of APIs on the index).
 *
 *   node scripts/bench/docs.js [--rounds 5] [--json]     (after `pnpm docs`)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { printTable, runMain } from '../lib/cli.js';
import { providers, root } from '../lib/registry.js';
import { serveStatic } from '../lib/static-server.js';
import { median } from './stats.js';
import { numberOption } from './stub-cost.js';

/** The budget of every page, from the portal's issue: what a first visit may cost. */
export const DOCS_BUDGET = { transferredBytes: 600 * 1024, firstRenderMs: 1000 };

/**
 * @typedef {object} PageFigures
 * @property {string} page
 * @property {number} transferredBytes  median over the rounds
 * @property {number} requests
 * @property {number} firstRenderMs     first contentful paint, median
 * @property {number} contentMs         the page's own content shown, median
 */

/**
 * Measures every page of the built portal.
 * @param {{ rounds?: number, siteDir?: string, chromiumPath?: string }} [options]
 * @returns {Promise<PageFigures[]>}
 */
export async function measureDocs({
  rounds = 5,
  siteDir = join(root, 'site'),
  chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
} = {}) {
  if (!existsSync(join(siteDir, 'index.html'))) throw new Error('site/ is not built: run pnpm docs first');
  const server = await serveStatic({ dir: siteDir, port: 0 });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
    ],
  });
  try {
    const pages = [
      { page: 'index', path: '/', content: '.api h2' },
      ...providers.map((p) => ({ page: p.id, path: `/${p.id}/`, content: 'elements-api h1' })),
    ];
    /** @type {PageFigures[]} */
    const results = [];
    for (const { page: name, path, content } of pages) {
      /** @type {{ bytes: number, requests: number, fcp: number, content: number }[]} */
      const samples = [];
      for (let round = 0; round < rounds; round++) {
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        let bytes = 0;
        let requests = 0;
        cdp.on('Network.loadingFinished', (event) => {
          bytes += event.encodedDataLength;
          requests++;
        });
        const started = Date.now();
        await page.goto(server.url + path, { waitUntil: 'domcontentloaded' });
        await page.locator(content).first().waitFor({ timeout: 60_000 });
        const contentMs = Date.now() - started;
        await page.waitForLoadState('networkidle');
        const fcp = await page.evaluate(
          () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
        );
        samples.push({ bytes, requests, fcp, content: contentMs });
        await context.close();
      }
      results.push({
        page: name,
        transferredBytes: median(samples.map((s) => s.bytes)),
        requests: median(samples.map((s) => s.requests)),
        firstRenderMs: median(samples.map((s) => s.fcp)),
        contentMs: median(samples.map((s) => s.content)),
      });
    }
    return results;
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * The rows of the docs table, with whether each page is within the budget.
 * @param {PageFigures[]} figures
 */
export function docsRows(figures) {
  return figures.map((f) => [
    f.page,
    `${(f.transferredBytes / 1024).toFixed(0)} KB`,
    String(f.requests),
    `${f.firstRenderMs.toFixed(0)} ms`,
    `${f.contentMs.toFixed(0)} ms`,
    f.transferredBytes <= DOCS_BUDGET.transferredBytes && f.firstRenderMs < DOCS_BUDGET.firstRenderMs
      ? 'met'
      : '**not met**',
  ]);
}

/** The header of the docs table. */
export const DOCS_HEADER = ['Page', 'Transferred', 'Requests', 'First render', 'Content shown', '≤ 600 KB, < 1 s'];

runMain(import.meta.url, async (args) => {
  const figures = await measureDocs({ rounds: numberOption(args, 'rounds', 5) });
  if (args.includes('--json')) console.log(JSON.stringify(figures));
  else printTable([DOCS_HEADER, ...docsRows(figures).map((row) => row.map((c) => c.replace(/\*/g, '')))]);
});
