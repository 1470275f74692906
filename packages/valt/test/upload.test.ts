/**
 * uploadRecording on the wire, against a fake VALT on a real local server: the record, every
 * chunk's Content-Range and bytes at the size boundaries, retries, progress and abort.
 */

import type { TestServer } from '@mediaspec/test-support/server';
import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  createValtClient,
  InternalServerError,
  InvalidResponseError,
  type UploadProgress,
  uploadRecording,
} from '../src/index.js';
import { deferred } from './support/deferred.js';
import { CHUNK_PATH, PASSWORD, RECORD_ID, startFakeValt, USERNAME, VIDEO_ID } from './support/valt.js';

const CHUNK_SIZE = 8;

/** A file of `size` bytes whose every byte differs from its neighbours, so a misplaced byte shows. */
function fileOf(size: number, name = 'interview.mp4'): File {
  return new File([Uint8Array.from({ length: size }, (_, i) => (i * 7 + 3) % 251)], name, { type: 'video/mp4' });
}

async function bytesOf(blob: Blob): Promise<Buffer> {
  return Buffer.from(await blob.arrayBuffer());
}

/** A client with fast retries, so a retried chunk does not wait. */
function clientFor(url: string) {
  return createValtClient({
    baseUrl: url,
    username: USERNAME,
    password: PASSWORD,
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 1 },
  });
}

const chunkRequests = (valt: TestServer) => valt.requests.filter((r) => r.path === CHUNK_PATH);

describe('chunk boundaries', () => {
  const cases: Array<[number, string[]]> = [
    [1, ['bytes 0-0/1']],
    [CHUNK_SIZE - 1, ['bytes 0-6/7']],
    [CHUNK_SIZE, ['bytes 0-7/8']],
    [CHUNK_SIZE + 1, ['bytes 0-7/9', 'bytes 8-8/9']],
    [3 * CHUNK_SIZE + 5, ['bytes 0-7/29', 'bytes 8-15/29', 'bytes 16-23/29', 'bytes 24-28/29']],
  ];

  it.each(cases)('sends a %i-byte file as %j', async (size, ranges) => {
    const valt = await startFakeValt();
    const file = fileOf(size);
    const progress: UploadProgress[] = [];

    const result = await uploadRecording(clientFor(valt.url), {
      name: 'Interview room 3',
      file,
      chunkSize: CHUNK_SIZE,
      onProgress: (p) => progress.push(p),
    });

    expect(result).toEqual({ recordId: RECORD_ID, videoId: VIDEO_ID });
    expect(valt.chunks.map((c) => c.contentRange)).toEqual(ranges);
    for (const [i, chunk] of valt.chunks.entries()) {
      const [start, end] = (/^bytes (\d+)-(\d+)\//.exec(ranges[i] ?? '')?.slice(1) ?? []).map(Number);
      expect(chunk.bytes.length).toBe((end ?? 0) - (start ?? 0) + 1);
      expect(chunk.filename).toBe('interview.mp4');
    }
    expect(valt.received().equals(await bytesOf(file))).toBe(true);
    expect(progress).toEqual(
      valt.chunks.map((_, i) => ({ bytesSent: Math.min((i + 1) * CHUNK_SIZE, size), totalBytes: size })),
    );
    expect(valt.log().map((line) => line.replace(/ @.*/, ''))).toEqual([
      'POST /login',
      'POST /records/create-upload',
      ...ranges.map(() => `POST ${CHUNK_PATH}`),
    ]);
  });

  it('refuses an empty file before any request: no Content-Range can describe it', async () => {
    const valt = await startFakeValt();

    const error = await uploadRecording(clientFor(valt.url), { name: 'Empty', file: fileOf(0) }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/empty \(0 bytes\)/);
    expect(valt.requests).toHaveLength(0);
  });

  it('sends a file no larger than the default chunk size in one request', async () => {
    const valt = await startFakeValt();
    const file = fileOf(100_000);

    await uploadRecording(clientFor(valt.url), { name: 'Small', file });

    expect(valt.chunks.map((c) => c.contentRange)).toEqual(['bytes 0-99999/100000']);
  });
});

describe('the record', () => {
  it('is created with the name, template values and sharing given', async () => {
    const valt = await startFakeValt();

    await uploadRecording(clientFor(valt.url), {
      name: 'Interview room 3',
      file: fileOf(3),
      template: { '12': 'Jane Doe', '13': 'Case 2025-0417' },
      share: { users: [4, 17], groups: [2] },
    });

    const create = valt.requests.find((r) => r.path === '/records/create-upload');
    expect(JSON.parse(create?.body.toString() ?? '')).toEqual({
      name: 'Interview room 3',
      template: { '12': 'Jane Doe', '13': 'Case 2025-0417' },
      share: { users: [4, 17], groups: [2] },
    });
  });

  it('sends the given filename, else the file name, else "video"', async () => {
    const valt = await startFakeValt();
    const client = clientFor(valt.url);

    await uploadRecording(client, { name: 'a', file: fileOf(2), filename: 'renamed.mov' });
    await uploadRecording(client, { name: 'b', file: fileOf(2, 'own.mp4') });
    await uploadRecording(client, { name: 'c', file: new Blob(['xy']) });

    expect(valt.chunks.map((c) => c.filename)).toEqual(['renamed.mov', 'own.mp4', 'video']);
  });

  it('is not created twice when creating it fails (a POST is not retried)', async () => {
    const valt = await startFakeValt((request) =>
      request.path === '/records/create-upload'
        ? { status: 500, body: { title: 'An error occurred', status: 500, detail: 'Internal Server Error' } }
        : undefined,
    );

    const error = await uploadRecording(clientFor(valt.url), { name: 'a', file: fileOf(3) }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 500, path: '/records/create-upload' });
    expect(valt.log().map((line) => line.replace(/ @.*/, ''))).toEqual(['POST /login', 'POST /records/create-upload']);
  });

  it('fails clearly when the created record has no video', async () => {
    const valt = await startFakeValt((request) =>
      request.path === '/records/create-upload' ? { body: { id: RECORD_ID, videos: [] } } : undefined,
    );

    const error = await uploadRecording(clientFor(valt.url), { name: 'a', file: fileOf(3) }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(chunkRequests(valt)).toHaveLength(0);
  });
});

describe('failures and retries', () => {
  it('sends a chunk again after a 503, with the same range and bytes', async () => {
    let chunkCalls = 0;
    const valt = await startFakeValt((request) =>
      request.path === CHUNK_PATH && ++chunkCalls === 2 ? { status: 503, body: 'busy' } : undefined,
    );
    const file = fileOf(20);

    await uploadRecording(clientFor(valt.url), { name: 'a', file, chunkSize: CHUNK_SIZE });

    const sent = chunkRequests(valt);
    expect(sent.map((r) => r.headers['content-range'])).toEqual([
      'bytes 0-7/20',
      'bytes 8-15/20',
      'bytes 8-15/20',
      'bytes 16-19/20',
    ]);
    expect(sent[2]?.body.equals(sent[1]?.body ?? Buffer.alloc(0))).toBe(true);
    expect(valt.received().equals(await bytesOf(file))).toBe(true);
  });

  it('sends a chunk again after the connection is reset', async () => {
    let chunkCalls = 0;
    const valt = await startFakeValt((request) =>
      request.path === CHUNK_PATH && ++chunkCalls === 1 ? { fault: 'reset' } : undefined,
    );
    const file = fileOf(10);

    await uploadRecording(clientFor(valt.url), { name: 'a', file, chunkSize: CHUNK_SIZE });

    expect(chunkRequests(valt).map((r) => r.headers['content-range'])).toEqual([
      'bytes 0-7/10',
      'bytes 0-7/10',
      'bytes 8-9/10',
    ]);
    expect(valt.received().equals(await bytesOf(file))).toBe(true);
  });

  it('logs in again when a chunk is answered 401, and sends that chunk again', async () => {
    let chunkCalls = 0;
    const valt = await startFakeValt((request) => {
      if (request.path === CHUNK_PATH && ++chunkCalls === 2) valt.revokeTokens();
      return undefined;
    });

    await uploadRecording(clientFor(valt.url), { name: 'a', file: fileOf(12), chunkSize: CHUNK_SIZE });

    expect(valt.log().slice(2)).toEqual([
      `POST ${CHUNK_PATH} @valt-token-1`,
      `POST ${CHUNK_PATH} @valt-token-1`,
      'POST /login',
      `POST ${CHUNK_PATH} @valt-token-2`,
    ]);
    expect(valt.chunks.map((c) => c.contentRange)).toEqual(['bytes 0-7/12', 'bytes 8-11/12']);
  });

  it('stops at a chunk refused with 400: it is not retried and no later chunk is sent', async () => {
    let chunkCalls = 0;
    const valt = await startFakeValt((request) =>
      request.path === CHUNK_PATH && ++chunkCalls === 2
        ? { status: 400, body: { title: 'An error occurred', status: 400, detail: 'Bad Request' } }
        : undefined,
    );

    const error = await uploadRecording(clientFor(valt.url), {
      name: 'a',
      file: fileOf(30),
      chunkSize: CHUNK_SIZE,
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ path: '/records/{recordID}/videos/{videoID}' });
    expect(chunkRequests(valt)).toHaveLength(2);
  });
});

describe('abort', () => {
  it('cancels the chunk in flight and sends no further chunk', async () => {
    const controller = new AbortController();
    const chunkArrived = deferred();
    const valt = await startFakeValt(async (request) => {
      if (request.path === CHUNK_PATH && chunkRequests(valt).length === 2) {
        chunkArrived.resolve();
        await new Promise(() => {}); // never answered: only the abort ends this request
      }
      return undefined;
    });
    const progress: number[] = [];

    const upload = uploadRecording(clientFor(valt.url), {
      name: 'a',
      file: fileOf(40),
      chunkSize: CHUNK_SIZE,
      signal: controller.signal,
      onProgress: (p) => progress.push(p.bytesSent),
    });
    await chunkArrived.promise;
    controller.abort();

    await expect(upload).rejects.toMatchObject({ name: 'AbortError' });
    expect(progress).toEqual([8]);
    expect(chunkRequests(valt)).toHaveLength(2);
  });

  it('sends no further chunk once aborted between chunks', async () => {
    const controller = new AbortController();
    const valt = await startFakeValt();

    const error = await uploadRecording(clientFor(valt.url), {
      name: 'a',
      file: fileOf(40),
      chunkSize: CHUNK_SIZE,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    }).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'AbortError' });
    expect(valt.chunks.map((c) => c.contentRange)).toEqual(['bytes 0-7/40']);
    expect(chunkRequests(valt)).toHaveLength(1);
  });

  it('sends nothing when already aborted', async () => {
    const valt = await startFakeValt();

    const error = await uploadRecording(clientFor(valt.url), {
      name: 'a',
      file: fileOf(4),
      signal: AbortSignal.abort(),
    }).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'AbortError' });
    expect(valt.requests).toHaveLength(0);
  });
});

describe('options', () => {
  const file = fileOf(3);
  const cases: Array<[string, object, RegExp]> = [
    ['a missing name', { file }, /name must be a non-empty string/],
    ['a file that is not a Blob', { name: 'a', file: 'interview.mp4' }, /Blob or File.*@mediaspec\/valt\/node/],
    ['a chunk size of 0', { name: 'a', file, chunkSize: 0 }, /chunkSize must be a positive integer/],
    ['a fractional chunk size', { name: 'a', file, chunkSize: 1.5 }, /chunkSize must be a positive integer/],
  ];
  it.each(cases)('rejects %s with a TypeError, before any request', async (_, options, message) => {
    const valt = await startFakeValt();
    const error = await uploadRecording(clientFor(valt.url), options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(message);
    expect(valt.requests).toHaveLength(0);
  });
});
