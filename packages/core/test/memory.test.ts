/**
 * Memory bounds of large bodies, measured as the peak RSS of a client running in a process of
 * its own (the test server stays in this one): a 1 GB gzip bomb is refused early, and a 100 MiB
 * download handed over as a stream is never held whole. Ordering is asserted by events (what
 * the server had written when the client reported its first bytes), never by timing.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, createGzip } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';

const MiB = 1024 * 1024;
let dir: string;
let corePath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mediaspec-memory-'));
  corePath = join(dir, 'core.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: corePath,
    logLevel: 'silent',
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `total` bytes of zeros in 1 MiB chunks, waiting for the socket to drain. */
async function writeZeros(out: NodeJS.WritableStream, total: number, done: () => void) {
  const chunk = Buffer.alloc(MiB);
  for (let written = 0; written < total; written += MiB) {
    if (!out.write(chunk.subarray(0, Math.min(MiB, total - written)))) {
      const drained = await new Promise<boolean>((resolve) => {
        out.once('drain', () => resolve(true));
        out.once('close', () => resolve(false));
      });
      if (!drained) return;
    }
  }
  done();
}

async function startLargeServer() {
  const state = { lastWritten: false, release: () => {} };
  const released = new Promise<void>((resolve) => (state.release = resolve));
  const server = createServer((req, res: ServerResponse) => {
    if (req.url === '/bomb') {
      // 1 GB of zeros, gzip-compressed as it is sent (about 1 MB on the wire).
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      const gzip = createGzip({ level: constants.Z_BEST_SPEED });
      gzip.pipe(res);
      res.on('close', () => gzip.destroy());
      void writeZeros(gzip, 1024 * MiB, () => gzip.end());
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(100 * MiB) });
    res.write(Buffer.alloc(64 * 1024));
    void released.then(() =>
      writeZeros(res, 100 * MiB - 64 * 1024, () => {
        state.lastWritten = true;
        res.end();
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, state };
}

interface ChildResult {
  done: true;
  error?: string;
  message?: string;
  bytes?: number;
  maxRssBytes: number;
}

function runChild(url: string, mode: 'bomb' | 'stream', transport: string, onFirst: () => void) {
  return new Promise<ChildResult>((resolve, reject) => {
    const child = fork(
      fileURLToPath(new URL('./support/memory-child.mjs', import.meta.url)),
      [corePath, url, mode, transport],
      {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    child.on('message', (message: { first?: boolean } | ChildResult) => {
      if ('first' in message) onFirst();
      else resolve(message as ChildResult);
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the client process exited with ${code} before reporting`)));
  });
}

describe.each(['platform', 'option'])('large bodies (%s fetch)', (transport) => {
  it('refuses a 1 GB gzip bomb with ResponseTooLargeError, under 600 MB RSS', async () => {
    const server = await startLargeServer();

    const result = await runChild(server.url, 'bomb', transport, () => {});

    expect(result.error).toBe('ResponseTooLargeError');
    expect(result.message).toContain('maxResponseBytes (33554432 bytes)');
    expect(result.maxRssBytes).toBeLessThan(600 * 1000 * 1000);
  }, 120_000);

  it('streams 100 MiB under 300 MB RSS, first bytes before the server has sent the rest', async () => {
    const server = await startLargeServer();
    let lastWrittenAtFirstBytes: boolean | undefined;

    const result = await runChild(server.url, 'stream', transport, () => {
      lastWrittenAtFirstBytes = server.state.lastWritten;
      // Only now may the server send the rest.
      server.state.release();
    });

    expect(result.error).toBeUndefined();
    expect(result.bytes).toBe(100 * MiB);
    expect(lastWrittenAtFirstBytes).toBe(false);
    expect(result.maxRssBytes).toBeLessThan(300 * 1000 * 1000);
  }, 120_000);
});
