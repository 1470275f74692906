import { callOptions, fileForm, InvalidResponseError, unwrap } from '@mediaspec/core';
import type { ValtClient } from './client.js';
import type { components } from './generated/openapi.js';

/** The chunk size {@link uploadRecording} uses unless told otherwise: 4 MiB. */
export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;

/** How far an upload got, reported after each chunk the server accepted. */
export interface UploadProgress {
  /** Bytes of the file the server has accepted so far. */
  bytesSent: number;
  /** Size of the whole file, in bytes. */
  totalBytes: number;
}

/** What {@link uploadRecording} needs besides the file. */
export interface UploadRecordingSettings {
  /** Name of the new recording, as shown in VALT. */
  name: string;
  /** The file name sent with each chunk. Defaults to the file's own name, else `video`. */
  filename?: string;
  /** Values of the recording's template fields, keyed by template-field ID. */
  template?: components['schemas']['CreateUploadRequest']['template'];
  /** Users and groups to share the recording with. */
  share?: components['schemas']['RecordShare'];
  /**
   * Bytes per request, default {@link DEFAULT_CHUNK_SIZE}; a file no larger is sent in one
   * request. Keep it below the appliance's upload size limit: each chunk is held in memory.
   */
  chunkSize?: number;
  /** Called after each chunk the server accepted. */
  onProgress?: (progress: UploadProgress) => void;
  /** Aborts the upload: the request in flight is cancelled and no further chunk is sent. */
  signal?: AbortSignal;
}

/** The options of {@link uploadRecording}. */
export interface UploadRecordingOptions extends UploadRecordingSettings {
  /** The video file. On Node, `@mediaspec/valt/node` also takes a file path or a stream. */
  file: Blob;
}

/** Where the uploaded file went. */
export interface UploadedRecording {
  /** ID of the new recording. */
  recordId: string;
  /** ID of the recording's video that received the file. */
  videoId: string;
}

/**
 * Uploads a video as a new recording: creates the record (`POST /records/create-upload`), then
 * sends the file to its video in `Content-Range` chunks (`POST /records/{recordID}/videos/{videoID}`).
 * A chunk that fails with a network error, 408, 429 or 5xx is sent again by the client's retry
 * rules, as is one answered 401 after a new login. Throws the matching ApiError when a step
 * fails, and a TypeError, before any request, for an empty file: no `Content-Range` can
 * describe zero bytes (the spec's pattern needs a total of 1 or more).
 *
 * ```ts
 * const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
 * const { recordId, videoId } = await uploadRecording(client, {
 *   name: 'Interview room 3',
 *   file: input.files![0]!,
 *   onProgress: ({ bytesSent, totalBytes }) => console.log(`${Math.round((100 * bytesSent) / totalBytes)} %`),
 * });
 * ```
 */
export async function uploadRecording(client: ValtClient, options: UploadRecordingOptions): Promise<UploadedRecording> {
  const file = options?.file;
  if (!(file instanceof Blob)) {
    throw new TypeError(
      'uploadRecording: file must be a Blob or File (on Node, import uploadRecording from "@mediaspec/valt/node" to pass a path or stream)',
    );
  }
  return uploadChunks(client, () => blobSource(file), options);
}

/**
 * A Blob (or File) as a {@link ChunkSource}: each chunk is a slice, read only when it is sent.
 * Internal, shared with the Node entry (as are `ChunkSource` and `uploadChunks`): the package
 * does not export it.
 */
export function blobSource(blob: Blob, filename = (blob as Partial<File>).name): ChunkSource {
  return {
    size: blob.size,
    filename: filename || undefined,
    *chunks(chunkSize) {
      for (let start = 0; start < blob.size; start += chunkSize) yield blob.slice(start, start + chunkSize, blob.type);
    },
  };
}

/** The bytes to upload. Their size must be known before the first chunk: every Content-Range states it. */
export interface ChunkSource {
  size: number;
  /** The file's own name, when it has one. */
  filename?: string | undefined;
  /** The file, cut into consecutive pieces of `chunkSize` bytes (the last one may be shorter). */
  chunks(chunkSize: number): Iterable<Blob> | AsyncIterable<Blob>;
}

/** Re-sending a byte range stores the same bytes at the same place, so a chunk may be retried like a PUT. */
const resendable = callOptions({ idempotent: true });

/**
 * The upload itself, for any source of bytes (the Node entry adds paths and streams). The source
 * is opened after the options are checked, so a bad option is reported before a stream is read.
 */
export async function uploadChunks(
  client: ValtClient,
  openSource: () => ChunkSource | Promise<ChunkSource>,
  options: UploadRecordingSettings,
): Promise<UploadedRecording> {
  const { name, template, share, chunkSize = DEFAULT_CHUNK_SIZE, onProgress, signal } = options;
  if (typeof name !== 'string' || name === '') {
    throw new TypeError('uploadRecording: name must be a non-empty string (the recording name shown in VALT)');
  }
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) {
    throw new TypeError(`uploadRecording: chunkSize must be a positive integer (bytes), got ${String(chunkSize)}`);
  }
  const source = await openSource();
  const total = source.size;
  if (total === 0) {
    // Content-Range cannot describe it (the spec's pattern requires a total of at least 1), and
    // creating the record first would leave an empty recording behind.
    throw new TypeError('uploadRecording: the file is empty (0 bytes); VALT can only receive a file of 1 byte or more');
  }
  const filename = options.filename ?? source.filename ?? 'video';
  signal?.throwIfAborted();

  const record = await unwrap(client.POST('/records/create-upload', { body: { name, template, share }, signal }));
  // VALT ids are UUID strings on some servers and numbers on others: the paths take them as text.
  const recordId = String(record.id);
  const firstVideo = record.videos[0];
  if (firstVideo === undefined) {
    throw new InvalidResponseError('POST /records/create-upload returned a record without a video to upload to');
  }
  const videoId = String(firstVideo);

  let start = 0;
  for await (const chunk of source.chunks(chunkSize)) {
    signal?.throwIfAborted();
    const end = start + chunk.size - 1;
    await unwrap(
      client.POST('/records/{recordID}/videos/{videoID}', {
        params: {
          path: { recordID: recordId, videoID: videoId },
          header: { 'Content-Range': `bytes ${start}-${end}/${total}` },
        },
        body: { file: chunk },
        bodySerializer: fileForm('file', filename),
        middleware: [resendable],
        signal,
      }),
    );
    start = end + 1;
    onProgress?.({ bytesSent: start, totalBytes: total });
  }
  return { recordId, videoId };
}
