/**
 * The Node entry: uploads from a file path and from streams (of known and unknown length),
 * against a fake VALT on a real local server.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as main from '../src/index.js';
import { createValtClient, uploadRecording } from '../src/node.js';
import { CHUNK_PATH, PASSWORD, RECORD_ID, startFakeValt, USERNAME, VIDEO_ID } from './support/valt.js';

const CHUNK_SIZE = 8;
const content = Buffer.from(Array.from({ length: 3 * CHUNK_SIZE + 3 }, (_, i) => (i * 7 + 3) % 251));
const ranges = ['bytes 0-7/27', 'bytes 8-15/27', 'bytes 16-23/27', 'bytes 24-26/27'];

let dir: string;
let videoPath: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'valt-node-'));
  videoPath = join(dir, 'room 3.mp4');
  await writeFile(videoPath, content);
  await writeFile(join(dir, 'empty.mp4'), Buffer.alloc(0));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function setup() {
  const valt = await startFakeValt();
  const client = createValtClient({ baseUrl: valt.url, username: USERNAME, password: PASSWORD });
  return { valt, client };
}

/** A stream yielding `content` in pieces of uneven sizes, recording how far it has been read. */
function unevenStream(data: Buffer = content) {
  const read = { bytes: 0 };
  async function* pieces() {
    for (let offset = 0, size = 1; offset < data.length; offset += size, size = (size % 5) + 1) {
      const piece = data.subarray(offset, offset + size);
      read.bytes += piece.length;
      yield piece;
    }
  }
  return { stream: Readable.from(pieces(), { objectMode: false, highWaterMark: 1 }), read };
}

describe('a file path', () => {
  it('is sent in chunks, named after the file', async () => {
    const { valt, client } = await setup();

    const result = await uploadRecording(client, { name: 'Room 3', file: videoPath, chunkSize: CHUNK_SIZE });

    expect(result).toEqual({ recordId: RECORD_ID, videoId: VIDEO_ID });
    expect(valt.chunks.map((c) => c.contentRange)).toEqual(ranges);
    expect(valt.chunks.map((c) => c.filename)).toEqual(Array(4).fill('room 3.mp4'));
    expect(valt.received().equals(content)).toBe(true);
  });

  it('that does not exist fails with ENOENT before any request', async () => {
    const { valt, client } = await setup();

    const error = await uploadRecording(client, { name: 'a', file: join(dir, 'missing.mp4') }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'ENOENT' });
    expect(valt.requests).toHaveLength(0);
  });

  it('of a directory, or of an empty file, fails with a TypeError before any request', async () => {
    const { valt, client } = await setup();

    await expect(uploadRecording(client, { name: 'a', file: dir })).rejects.toThrow(/is not a file/);
    await expect(uploadRecording(client, { name: 'a', file: join(dir, 'empty.mp4') })).rejects.toThrow(
      /empty \(0 bytes\)/,
    );
    expect(valt.requests).toHaveLength(0);
  });
});

describe('a stream', () => {
  it('of unknown length is read whole, then sent in chunks', async () => {
    const { valt, client } = await setup();
    const { stream } = unevenStream();

    await uploadRecording(client, { name: 'a', file: stream, chunkSize: CHUNK_SIZE, filename: 'live.mp4' });

    expect(valt.chunks.map((c) => c.contentRange)).toEqual(ranges);
    expect(valt.chunks[0]?.filename).toBe('live.mp4');
    expect(valt.received().equals(content)).toBe(true);
  });

  it('of known size is sent as it is read, not read whole first', async () => {
    const readWhenSent: number[] = [];
    const { stream, read } = unevenStream();
    const valt = await startFakeValt((request) => {
      if (request.path === CHUNK_PATH) readWhenSent.push(read.bytes);
      return undefined;
    });
    const client = createValtClient({ baseUrl: valt.url, username: USERNAME, password: PASSWORD });

    await uploadRecording(client, { name: 'a', file: stream, size: content.length, chunkSize: CHUNK_SIZE });

    expect(valt.chunks.map((c) => c.contentRange)).toEqual(ranges);
    expect(valt.received().equals(content)).toBe(true);
    // When chunk k went out, the stream had been read at most a couple of pieces (of up to 5
    // bytes) past that chunk's end: one chunk is held at a time, not the whole stream.
    for (const [k, bytes] of readWhenSent.entries()) {
      expect(bytes, `chunk ${k}`).toBeLessThanOrEqual((k + 1) * CHUNK_SIZE + 10);
    }
    expect(readWhenSent[0]).toBeLessThan(content.length);
  });

  it('of a file, with its size, gives the same chunks as its path', async () => {
    const { valt, client } = await setup();

    await uploadRecording(client, {
      name: 'a',
      file: createReadStream(videoPath, { highWaterMark: 5 }),
      size: content.length,
      chunkSize: CHUNK_SIZE,
    });

    expect(valt.chunks.map((c) => c.contentRange)).toEqual(ranges);
    expect(valt.received().equals(content)).toBe(true);
  });

  it('is closed when the upload fails before its end', async () => {
    const valt = await startFakeValt((request) =>
      request.path === '/records/create-upload'
        ? { status: 500, body: { detail: 'Internal Server Error' } }
        : undefined,
    );
    const client = createValtClient({ baseUrl: valt.url, username: USERNAME, password: PASSWORD });
    const stream = createReadStream(videoPath);

    await expect(uploadRecording(client, { name: 'a', file: stream, size: content.length })).rejects.toMatchObject({
      status: 500,
    });
    expect(stream.destroyed).toBe(true);
  });

  const wrongSizes: Array<[string, number, RegExp]> = [
    ['longer than its size', content.length - 1, /longer than its size, 26 bytes/],
    ['shorter than its size', content.length + 1, /ended after 27 of its 28 bytes/],
  ];
  it.each(wrongSizes)('%s fails the upload', async (_, size, message) => {
    const { valt, client } = await setup();

    const error = await uploadRecording(client, {
      name: 'a',
      file: unevenStream().stream,
      size,
      chunkSize: CHUNK_SIZE,
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(message);
    // Every chunk sent before the mismatch showed stated the declared total.
    for (const chunk of valt.chunks) expect(chunk.contentRange).toMatch(new RegExp(`/${size}$`));
  });

  it('of text, not bytes, fails with a TypeError before any request', async () => {
    const { valt, client } = await setup();

    const error = await uploadRecording(client, { name: 'a', file: Readable.from(['not', 'bytes']) }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/must yield bytes/);
    expect(valt.requests).toHaveLength(0);
  });
});

describe('options', () => {
  it('accept size only with a stream', async () => {
    const { valt, client } = await setup();

    await expect(uploadRecording(client, { name: 'a', file: videoPath, size: 27 })).rejects.toThrow(
      /size is the length in bytes of a stream/,
    );
    await expect(uploadRecording(client, { name: 'a', file: unevenStream().stream, size: -1 })).rejects.toThrow(
      TypeError,
    );
    await expect(uploadRecording(client, { name: 'a', file: 42 as never })).rejects.toThrow(
      /file must be a Blob, a file path or a stream/,
    );
    expect(valt.requests).toHaveLength(0);
  });

  it('still take a Blob, like the main entry', async () => {
    const { valt, client } = await setup();

    await uploadRecording(client, { name: 'a', file: new Blob([content]), chunkSize: CHUNK_SIZE });

    expect(valt.chunks.map((c) => c.contentRange)).toEqual(ranges);
  });
});

describe('the entry', () => {
  it('exports everything the main entry does, with its own uploadRecording', async () => {
    const node: Record<string, unknown> = await import('../src/node.js');
    for (const [name, value] of Object.entries(main)) {
      if (name !== 'uploadRecording') expect(node[name], name).toBe(value);
    }
    expect(node.uploadRecording).not.toBe(main.uploadRecording);
  });
});
