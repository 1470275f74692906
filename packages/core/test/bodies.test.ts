/**
 * Response bodies: JSON, text and error bodies are read with a byte limit counted after
 * decoding; `parseAs: 'stream' | 'blob' | 'arrayBuffer'` get the live body, watched by the idle
 * timeout and never retried once handed over. Request bodies of every kind reach the server
 * intact. The memory bounds of large bodies are in memory.test.ts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, onTestFinished } from 'vitest';
import { callOptions, NetworkError, ResponseTooLargeError, TimeoutError } from '../src/index.js';
import { testClient } from './support/api.js';
import { startServer } from './support/server.js';

/** A server whose handler writes the response by hand (chunks, pauses, compression). */
async function rawServer(handler: (res: import('node:http').ServerResponse, url: string) => void) {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => handler(res, req.url ?? ''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

describe('maxResponseBytes', () => {
  it('stops a gzip body as soon as its decoded size passes the limit', async () => {
    // 8 MiB of zeros: about 8 KB on the wire.
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024));
    const server = await startServer({
      fallback: { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: bomb },
    });
    const { client } = testClient(server, { maxResponseBytes: 1024 * 1024 });

    const error = await client.GET('/items/{id}', { params: { path: { id: '1' } } }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).maxResponseBytes).toBe(1024 * 1024);
    expect((error as Error).message).toContain('maxResponseBytes (1048576 bytes)');
    // Not retried: the same body would come again.
    expect(server.requests).toHaveLength(1);
  });

  it('refuses an announced length over the limit without reading it, error bodies included', async () => {
    const server = await startServer({ fallback: { status: 500, body: 'x'.repeat(5000) } });
    const { client } = testClient(server, { maxResponseBytes: 4096, retry: false });

    await expect(client.GET('/items/{id}', { params: { path: { id: '1' } } })).rejects.toBeInstanceOf(
      ResponseTooLargeError,
    );
  });

  it('counts a body sent without a length, chunk by chunk', async () => {
    const server = await rawServer((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 10; i++) res.write('x'.repeat(1000));
      res.end();
    });
    const { client } = testClient(server, { maxResponseBytes: 5000 });

    await expect(client.GET('/items/{id}', { params: { path: { id: '1' } } })).rejects.toBeInstanceOf(
      ResponseTooLargeError,
    );
  });

  it('accepts a body of exactly the limit, and can be set per call', async () => {
    const body = JSON.stringify({ id: '1', name: 'x'.repeat(1000) });
    const server = await startServer({ fallback: { headers: { 'content-type': 'application/json' }, body } });
    const { client } = testClient(server, { maxResponseBytes: body.length });

    const { data } = await client.GET('/items/{id}', { params: { path: { id: '1' } } });
    const small = client.GET('/items/{id}', {
      params: { path: { id: '1' } },
      middleware: [callOptions({ maxResponseBytes: 100 })],
    });

    expect(data).toEqual(JSON.parse(body));
    await expect(small).rejects.toBeInstanceOf(ResponseTooLargeError);
    expect(() => callOptions({ maxResponseBytes: 0 })).toThrow(TypeError);
    expect(() => testClient(server, { maxResponseBytes: 1.5 })).toThrow(/maxResponseBytes/);
  });

  it('does not limit a body handed over as a stream', async () => {
    const server = await startServer({ fallback: { body: Buffer.alloc(10_000, 1) } });
    const { client } = testClient(server, { maxResponseBytes: 1000 });

    const { data } = await client.GET('/items/{id}', { params: { path: { id: '1' } }, parseAs: 'arrayBuffer' });

    expect((data as ArrayBuffer).byteLength).toBe(10_000);
  });
});

describe('a streamed body', () => {
  it('delivers the first chunk before the server has written the rest', async () => {
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let lastWritten = false;
    const server = await rawServer((res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write('first;');
      void released.then(() => {
        lastWritten = true;
        res.end('last');
      });
    });
    const { client } = testClient(server);

    const { data } = await client.GET('/items/{id}', { params: { path: { id: '1' } }, parseAs: 'stream' });
    const reader = (data as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();

    expect(new TextDecoder().decode(first.value)).toBe('first;');
    expect(lastWritten).toBe(false);
    release();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      rest += new TextDecoder().decode(chunk.value);
    }
    expect(rest).toBe('last');
  });

  it('fails with a TimeoutError when the server goes quiet between chunks, and is not retried', async () => {
    const server = await rawServer((res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write('first;');
      // never ends
    });
    const { client } = testClient(server, { timeoutMs: 300 });

    const { data } = await client.GET('/items/{id}', { params: { path: { id: '1' } }, parseAs: 'stream' });
    const reader = (data as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const error = await reader.read().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  it('is not timed while the caller holds a chunk, only while it waits for the network', async () => {
    const server = await rawServer((res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write('a');
      setTimeout(() => res.end('b'), 50);
    });
    const { client } = testClient(server, { timeoutMs: 2000 });

    const { data } = await client.GET('/items/{id}', { params: { path: { id: '1' } }, parseAs: 'stream' });
    // The caller takes longer than timeoutMs before reading: the data is there, nothing times out.
    await new Promise((resolve) => setTimeout(resolve, 2500));

    expect(await new Response(data as ReadableStream).text()).toBe('ab');
  });

  it('reports a connection cut mid-stream as a NetworkError, without a retry', async () => {
    const server = await startServer({ fallback: { fault: 'reset-mid-body' } });
    const { client } = testClient(server);

    const { data } = await client.GET('/items/{id}', { params: { path: { id: '1' } }, parseAs: 'stream' });
    const error = await new Response(data as ReadableStream).text().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NetworkError);
    expect(server.requests).toHaveLength(1);
  });
});

describe('request bodies', () => {
  it('sends a ReadableStream body', async () => {
    const server = await startServer({ fallback: { status: 201, body: { id: '1', name: 'x' } } });
    const { client } = testClient(server, {
      bodySerializer: () =>
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"name":'));
            controller.enqueue(new TextEncoder().encode('"streamed"}'));
            controller.close();
          },
        }),
    });

    const { response } = await client.POST('/items', { body: { name: 'ignored' } });

    expect(response.status).toBe(201);
    expect(server.requests[0]?.body.toString()).toBe('{"name":"streamed"}');
  });

  it("sends a Blob body with the Blob's own type", async () => {
    const server = await startServer({ fallback: { status: 201, body: { id: '1', name: 'x' } } });
    const { client } = testClient(server, { bodySerializer: (body) => body as unknown as string });

    await client.POST('/items', { body: new Blob(['abc'], { type: 'video/mp4' }) as never });

    expect(server.requests[0]?.headers['content-type']).toBe('video/mp4');
    expect(server.requests[0]?.body.toString()).toBe('abc');
  });
});

describe('HEAD', () => {
  it("keeps the server's Content-Length", async () => {
    const server = await rawServer((res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '123456' });
      res.end();
    });
    const { client } = testClient(server);

    const { response } = await client.request(
      'head',
      '/items/{id}' as never,
      {
        params: { path: { id: '1' } },
      } as never,
    );

    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('123456');
  });
});
