// @ts-check
/**
 * Serves the built docs portal (site/) with sirv: the brotli or gzip file made at build time when
 * the browser accepts it, ETags, and cache headers: content-hashed assets are immutable for a
 * year, everything else is revalidated on each use (`no-cache` with an ETag costs a 304).
 */
import { statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';

/** Asset names carry a 12-hex-digit content hash (scripts/docs.js): safe to cache forever. */
const HASHED = /\/assets\/[^/]+\.[0-9a-f]{12}\.[a-z]+$/;

/** @param {string} path */
function isDirectory(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Serves `dir` on `host:port` (GET and HEAD only; `/x/` serves `/x/index.html`).
 * @param {{ dir: string, port: number, host?: string }} options  port 0 picks a free port
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export function serveStatic({ dir, port, host = '127.0.0.1' }) {
  const handler = sirv(dir, {
    brotli: true,
    gzip: true,
    etag: true,
    dotfiles: false,
    setHeaders(res, pathname) {
      res.setHeader('cache-control', HASHED.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache');
      res.setHeader('x-content-type-options', 'nosniff');
    },
  });
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    // `/pipe` must become `/pipe/`: the pages' relative links (./portal.json) resolve from it.
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (
      !pathname.endsWith('/') &&
      !pathname.includes('..') &&
      /^\/[\w-]+$/.test(pathname) &&
      isDirectory(join(dir, pathname))
    ) {
      res.writeHead(301, { location: `${pathname}/` }).end();
      return;
    }
    handler(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' }).end('Not found');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error) => {
      const inUse = /** @type {NodeJS.ErrnoException} */ (error).code === 'EADDRINUSE';
      reject(inUse ? Object.assign(new Error(`port ${port} (docs) is already in use`), { code: 'EADDRINUSE' }) : error);
    });
    server.listen(port, host, () => {
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      resolve({
        url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${actualPort}`,
        port: actualPort,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
