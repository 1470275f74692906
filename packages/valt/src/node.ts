/// <reference types="node" />
/**
 * @mediaspec/valt/node: everything the main entry exports, with an `uploadRecording` that also
 * takes a file path or a stream. Node only: it reads files; the main entry stays runtime-neutral.
 */
import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import type { ValtClient } from './client.js';
import {
  blobSource,
  type ChunkSource,
  type UploadedRecording,
  type UploadRecordingSettings,
  uploadChunks,
} from './upload.js';

export * from './index.js';

/** The options of the Node {@link uploadRecording}: the main entry's, with more kinds of `file`. */
export interface UploadRecordingOptions extends UploadRecordingSettings {
  /**
   * The video: a Blob or File, the path of a file (read chunk by chunk as it is sent), or a
   * stream of its bytes (a Node `Readable`, or any async iterable of `Uint8Array`).
   */
  file: Blob | string | Readable | AsyncIterable<Uint8Array>;
  /**
   * For a stream only: its length in bytes. Every chunk's `Content-Range` states the total size,
   * so with `size` the stream is sent as it is read, one chunk in memory at a time; without it,
   * the whole stream is read into memory first. A stream that turns out shorter or longer than
   * `size` fails the upload.
   */
  size?: number;
}

/**
 * Uploads a video as a new recording, like the main entry's `uploadRecording`, from a Blob, a
 * file path or a stream.
 *
 * ```ts
 * import { createValtClient, uploadRecording } from '@mediaspec/valt/node';
 *
 * const { recordId, videoId } = await uploadRecording(client, { name: 'Interview room 3', file: './interview.mp4' });
 * ```
 */
export async function uploadRecording(client: ValtClient, options: UploadRecordingOptions): Promise<UploadedRecording> {
  try {
    return await uploadChunks(client, () => openSource(options?.file, options?.size), options);
  } catch (error) {
    // A stream left unread (the upload failed before its end) would keep its file open.
    (options?.file as Partial<Readable> | undefined)?.destroy?.();
    throw error;
  }
}

async function openSource(file: UploadRecordingOptions['file'] | undefined, size: number | undefined) {
  const isStream = typeof (file as Partial<AsyncIterable<unknown>> | undefined)?.[Symbol.asyncIterator] === 'function';
  if (size !== undefined && (!isStream || !Number.isSafeInteger(size) || size < 0)) {
    throw new TypeError(`uploadRecording: size is the length in bytes of a stream file, got ${String(size)}`);
  }
  if (file instanceof Blob) return blobSource(file);
  if (typeof file === 'string') {
    // stat() first: it fails with ENOENT and the path, where openAsBlob() gives a bare message.
    if (!(await stat(file)).isFile()) throw new TypeError(`uploadRecording: ${file} is not a file`);
    return blobSource(await openAsBlob(file), basename(file));
  }
  if (isStream) {
    const stream = file as AsyncIterable<unknown>;
    return size === undefined ? blobSource(new Blob(await readAll(stream))) : streamSource(stream, size);
  }
  throw new TypeError('uploadRecording: file must be a Blob, a file path or a stream of bytes');
}

async function readAll(stream: AsyncIterable<unknown>): Promise<Uint8Array<ArrayBuffer>[]> {
  const pieces: Uint8Array<ArrayBuffer>[] = [];
  for await (const piece of stream) pieces.push(bytes(piece));
  return pieces;
}

/** A stream of known length, cut into chunks as it is read, so only one chunk is held at a time. */
function streamSource(stream: AsyncIterable<unknown>, size: number): ChunkSource {
  return {
    size,
    async *chunks(chunkSize) {
      let pending: Uint8Array<ArrayBuffer>[] = [];
      let pendingBytes = 0;
      let read = 0;
      for await (const piece of stream) {
        const data = bytes(piece);
        read += data.byteLength;
        if (read > size) throw new TypeError(`uploadRecording: the stream is longer than its size, ${size} bytes`);
        pending.push(data);
        pendingBytes += data.byteLength;
        if (pendingBytes < chunkSize) continue;
        const joined = Buffer.concat(pending, pendingBytes);
        let offset = 0;
        for (; pendingBytes - offset >= chunkSize; offset += chunkSize) {
          yield new Blob([joined.subarray(offset, offset + chunkSize)]);
        }
        pending = [joined.subarray(offset)];
        pendingBytes -= offset;
      }
      if (read < size) throw new TypeError(`uploadRecording: the stream ended after ${read} of its ${size} bytes`);
      if (pendingBytes > 0) yield new Blob(pending);
    },
  };
}

function bytes(piece: unknown): Uint8Array<ArrayBuffer> {
  // Blob copies any view at run time; the type only rules out shared memory, which streams do not yield.
  if (piece instanceof Uint8Array) return piece as Uint8Array<ArrayBuffer>;
  throw new TypeError(`uploadRecording: the stream must yield bytes (Buffer or Uint8Array), got a ${typeof piece}`);
}
