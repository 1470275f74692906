// @ts-check
/** The docs portal's static server, over real HTTP on a free port. */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { serveStatic } from '../lib/static-server.js';

/** @type {string} */
let dir;
/** @type {Awaited<ReturnType<typeof serveStatic>>} */
let server;
const page = `<!doctype html><title>x</title>${'<p>portal</p>'.repeat(200)}`;
const script = `console.log(${JSON.stringify('x'.repeat(5000))});`;

/**
 * @param {string} path
 * @param {Record<string, string>} [headers]
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, body: Buffer }>}
 */
function get(path, headers = {}, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, headers }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mediaspec-static-'));
  await mkdir(join(dir, 'pipe'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'pipe', 'index.html'), page);
  await writeFile(join(dir, 'pipe', 'index.html.br'), brotliCompressSync(page));
  await writeFile(join(dir, 'pipe', 'index.html.gz'), gzipSync(page));
  await writeFile(join(dir, 'assets', 'elements.0123456789ab.js'), script);
  await writeFile(join(dir, 'assets', 'elements.0123456789ab.js.br'), brotliCompressSync(script));
  server = await serveStatic({ dir, port: 0 });
});

after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

test('serves the brotli file made at build when the browser accepts it, else the plain one', async () => {
  const br = await get('/pipe/', { 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(br.status, 200);
  assert.equal(br.headers['content-encoding'], 'br');
  assert.match(String(br.headers['content-type']), /^text\/html/);
  assert.equal(brotliDecompressSync(br.body).toString(), page);
  assert.ok(br.body.length < page.length / 5, 'the compressed file was sent');

  const gz = await get('/pipe/index.html', { 'accept-encoding': 'gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');

  const plain = await get('/pipe/');
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.body.toString(), page);
});

test('hashed assets are cached for good, pages are revalidated with their ETag', async () => {
  const asset = await get('/assets/elements.0123456789ab.js', { 'accept-encoding': 'br' });
  assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
  const html = await get('/pipe/');
  assert.equal(html.headers['cache-control'], 'no-cache');
  const etag = html.headers.etag;
  assert.ok(etag, 'an ETag');
  const again = await get('/pipe/', { 'if-none-match': etag });
  assert.equal(again.status, 304);
});

test('a folder without its slash redirects, so relative links resolve; unknown paths and methods are refused', async () => {
  const redirect = await get('/pipe');
  assert.equal(redirect.status, 301);
  assert.equal(redirect.headers.location, '/pipe/');
  assert.equal((await get('/nope.html')).status, 404);
  assert.equal((await get('/../etc/passwd')).status, 404);
  const post = await get('/pipe/', {}, 'POST');
  assert.equal(post.status, 405);
  assert.equal(post.headers.allow, 'GET, HEAD');
});
