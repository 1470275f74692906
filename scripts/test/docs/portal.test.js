// @ts-check
/**
 * The docs portal as a reader meets it. The portal is built into a temp folder with the mock URLs
 * of Prism mocks started for this run (free ports), served by the portal's own static server, and
 * loaded in headless Chromium with every host but this machine unresolvable. samples.test.js
 * checks the TypeScript samples the pages show.
 *
 *   node --test scripts/test/docs/*.test.js     (after `pnpm turbo run build`)
 *
 * UPDATE_SCREENSHOTS=1 also copies the screenshots it takes to docs/screenshots/.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { buildSite } from '../../docs.js';
import { startMockServer } from '../../lib/mock-server.js';
import { providers, root } from '../../lib/registry.js';
import { serveStatic } from '../../lib/static-server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);
const screenshotDir = join(root, '.cache', 'screenshots');

/** @type {Record<string, import('../../lib/mock-server.js').MockServer>} */
const mocks = {};
/** @type {{ url: string, close: () => Promise<void> }} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').Page} */
let page;
/** @type {string} */
let outDir;
/** Every request the page made, and every console error, since the last `watch()`. */
const seen = { requests: /** @type {string[]} */ ([]), errors: /** @type {string[]} */ ([]) };

/** @param {string} id */
async function portalJson(id) {
  return JSON.parse(await readFile(join(outDir, id, 'portal.json'), 'utf8'));
}

/**
 * The first GET operation of a provider's portal document (try-it can send it as it is).
 * @param {Record<string, any>} document
 */
function firstGet(document) {
  for (const [path, item] of Object.entries(document.paths)) {
    if (item.get) return { path, operation: item.get };
  }
  throw new Error('no GET operation');
}

function watch() {
  seen.requests.length = 0;
  seen.errors.length = 0;
}

/** @param {string} label */
function assertClean(label) {
  const outside = seen.requests.filter((url) => !LOCAL_HOSTS.has(new URL(url).hostname));
  assert.deepEqual(outside, [], `${label}: requests to other hosts`);
  assert.deepEqual(seen.errors, [], `${label}: console errors`);
}

/** @param {string} name */
async function screenshot(name) {
  const file = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    await mkdir(join(root, 'docs', 'screenshots'), { recursive: true });
    await copyFile(file, join(root, 'docs', 'screenshots', `${name}.png`));
  }
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Chromium (apt-get install -y chromium)`);
  for (const provider of providers) mocks[provider.id] = await startMockServer({ spec: provider.specPath });
  outDir = await mkdtemp(join(tmpdir(), 'mediaspec-portal-'));
  await buildSite({ outDir, mockUrls: Object.fromEntries(providers.map((p) => [p.id, mocks[p.id].url])) });
  server = await serveStatic({ dir: outDir, port: 0 });
  await mkdir(screenshotDir, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      // Nothing but this machine resolves, so a request to any other host fails and is seen here.
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(60_000);
  page.on('request', (request) => {
    if (!request.url().startsWith('data:')) seen.requests.push(request.url());
  });
  page.on('console', (message) => {
    if (message.type() === 'error') seen.errors.push(message.text());
  });
  page.on('pageerror', (error) => seen.errors.push(error.message));
});

after(async () => {
  await browser?.close();
  await server?.close();
  await Promise.all(Object.values(mocks).map((mock) => mock.close()));
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('the portal in Chromium', () => {
  test('the index lists every API, links its page and spec downloads, and searches across APIs', async () => {
    watch();
    await page.goto(`${server.url}/`);
    for (const provider of providers) {
      const card = page.locator(`article#${provider.id}`);
      await card.getByRole('link', { name: 'openapi.yaml' }).waitFor();
      assert.equal(await card.getByRole('link', { name: 'openapi.json' }).count(), 1);
      assert.match((await card.textContent()) ?? '', new RegExp(mocks[provider.id].url.replace(/\./g, '\\.')));
    }
    assert.equal(await page.locator('.portal-apis a').count(), providers.length);
    await screenshot('portal-index');
    await page.locator('.portal-search input').fill('webhook');
    const results = page.locator('.portal-results a');
    await results.first().waitFor();
    const apis = new Set(await page.locator('.portal-result-api').allInnerTexts());
    assert.ok(apis.size >= 2, `the search found webhook operations of one API only: ${[...apis]}`);
    await screenshot('portal-search');
    assertClean('index');
  });

  for (const [index, provider] of providers.entries()) {
    test(`${provider.name}: operations, TypeScript sample, try-it against the mock, deep link, navigation`, async () => {
      const document = await portalJson(provider.id);
      const { path, operation } = firstGet(document);
      const mockUrl = mocks[provider.id].url;
      watch();
      await page.goto(`${server.url}/${provider.id}/#/operations/${operation.operationId}`);
      const heading = page.locator('h1', { hasText: operation.summary });
      await heading.waitFor();

      // Operations rendered: the sidebar lists every tag of the spec, and links every operation
      // of the open one (Elements keeps the other groups folded).
      const sidebar = (await page.locator('elements-api').textContent()) ?? '';
      /** @type {Map<string, string[]>} */
      const byTag = new Map();
      for (const item of Object.values(document.paths)) {
        for (const op of Object.values(/** @type {Record<string, any>} */ (item))) {
          if (!op?.operationId) continue;
          const tag = op.tags?.[0] ?? '';
          byTag.set(tag, [...(byTag.get(tag) ?? []), op.operationId]);
        }
      }
      for (const tag of byTag.keys()) assert.ok(sidebar.includes(tag), `the sidebar lists the tag ${tag}`);
      for (const id of byTag.get(operation.tags?.[0] ?? '') ?? []) {
        assert.equal(await page.locator(`a[href="#/operations/${id}"]`).count(), 1, `sidebar link to ${id}`);
      }

      // The TypeScript sample of this operation, shown first.
      const sample = page.locator('pre', { hasText: `from '${provider.package}'` }).first();
      await sample.waitFor();
      const sampleText = (await sample.textContent()) ?? '';
      assert.match(sampleText, new RegExp(`${provider.client.factory}\\(`));
      assert.ok(sampleText.includes(`client.GET('${path}'`), `the sample calls GET ${path}:\n${sampleText}`);
      assert.match(sampleText, /unwrap\(/);

      // Try-it sends to the running mock (the default server) with the mock's credentials.
      const [request] = await Promise.all([
        page.waitForRequest((r) => r.url().startsWith(`${mockUrl}/`)),
        page.getByRole('button', { name: 'Send API Request' }).click(),
      ]);
      const response = await request.response();
      assert.ok(response, 'the mock answered');
      assert.equal(response.status(), 200, `try-it got ${response.status()} from ${request.url()}`);
      const body = await response.text();
      const panel = page.locator('[data-testid="two-column-right"]').first();
      await panel.getByText('200 OK').waitFor();
      // The panel shows the mock's answer: a string from its body appears in the panel.
      const shown = /"([^"\\]{6,})"/.exec(body)?.[1];
      assert.ok(shown, `a string in the mock's answer: ${body.slice(0, 200)}`);
      await page.waitForFunction(
        ([text]) => document.querySelector('[data-testid="two-column-right"]')?.textContent?.includes(text),
        [shown],
      );
      await screenshot(`portal-${provider.id}`);

      // A deep link survives a reload.
      const before = page.url();
      await page.reload();
      await heading.waitFor();
      assert.equal(page.url(), before);

      assertClean(provider.name);

      // The header leads to another API.
      const next = providers[(index + 1) % providers.length];
      watch();
      await page.locator('.portal-apis').getByRole('link', { name: next.name, exact: true }).click();
      await page.waitForURL(`${server.url}/${next.id}/`);
      const nextTitle = (await portalJson(next.id)).info.title;
      await page.locator('h1', { hasText: nextTitle }).first().waitFor();
      assertClean(`${provider.name} -> ${next.name}`);
    });
  }

  test('dark mode switches and is kept across pages', async () => {
    watch();
    await page.goto(`${server.url}/pipe/`);
    await page.locator('.portal-theme').click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    await page.goto(`${server.url}/apivideo/#/webhooks/videoEncodingQualityCompleted`);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    await page.locator('h1').first().waitFor();
    await screenshot('portal-dark');
    assertClean('dark mode');
  });
});
