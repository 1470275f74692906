import { callOptions, fileForm, InvalidResponseError, MediaspecError, unwrap } from '@mediaspec/core';
import type { PStreamClient } from './client.js';
import type { components } from './generated/openapi.js';

/** A video as the upload POST returns it. */
export type UploadedFile = components['schemas']['UploadedFile'];

/** Where `uploadFile()` is: `hashing` (only with `sha1: true`), `uploading`, then `done`. */
export interface UploadProgress {
  stage: 'hashing' | 'uploading' | 'done';
}

export interface UploadFileOptions {
  /** Id of the folder to upload into; the root folder by default. */
  folder?: number;
  /**
   * The file's expected SHA-1 (40 hex digits), or `true` to compute it here with Web Crypto.
   * PStream then refuses the upload if what it received has another SHA-1.
   */
  sha1?: string | boolean;
  /** File name sent with the file, which becomes the video's name. Defaults to `file.name`. */
  name?: string;
  /**
   * Called at each stage. fetch reports no upload progress, so there is no byte count: show an
   * indeterminate progress bar while `uploading`.
   */
  onProgress?: (progress: UploadProgress) => void;
  /** Aborts the upload (the SHA-1, the URL request or the POST), rejecting with its reason. */
  signal?: AbortSignal;
  /**
   * Timeout of the upload POST, in ms; the client's `timeoutMs` by default. Raise it for large
   * files, or pass `0` for none.
   */
  timeoutMs?: number;
}

/** The upload URL from `GET /file/ul` had expired (its `valid_until` had passed) before the file was sent. */
export class UploadUrlExpiredError extends MediaspecError {
  override name = 'UploadUrlExpiredError';
  /** The URL's `valid_until`, as PStream sent it (`YYYY-MM-DD HH:MM:SS`, read as UTC). */
  readonly validUntil: string;

  constructor(validUntil: string) {
    super(`The upload URL expired at ${validUntil} UTC, before the file was sent; call uploadFile() again`);
    this.validUntil = validUntil;
  }
}

/**
 * Uploads a file in PStream's two steps: `GET /file/ul` for a one-time upload URL (with the
 * file's SHA-1 when asked, so PStream can verify what it receives), then a `multipart/form-data`
 * POST of the file, in the part `file1`, to that URL. The key is not sent to the upload host.
 * Resolves with the new video; throws an ApiError subclass for an error reply, and an
 * {@link UploadUrlExpiredError} instead of posting to a URL whose `valid_until` has passed.
 * The file is read into memory.
 *
 * ```ts
 * const video = await uploadFile(client, file, { folder: 5151, sha1: true });
 * console.log(video.id, video.url);
 * ```
 */
export async function uploadFile(
  client: PStreamClient,
  file: Blob,
  options: UploadFileOptions = {},
): Promise<UploadedFile> {
  if (!(file instanceof Blob)) throw new TypeError('uploadFile: file must be a Blob or a File');
  const name = options.name ?? (file as Partial<File>).name;
  if (typeof name !== 'string' || name === '') {
    throw new TypeError('uploadFile: pass `name` (the video name) when the file is a Blob without one');
  }
  const { signal, onProgress } = options;
  // Built first, so a bad timeoutMs is refused before anything is sent.
  const middleware = options.timeoutMs === undefined ? [] : [callOptions({ timeoutMs: options.timeoutMs })];
  signal?.throwIfAborted();
  const init = signal ? { signal } : {};

  let sha1: string | undefined;
  if (options.sha1 === true) {
    onProgress?.({ stage: 'hashing' });
    sha1 = await sha1Hex(file);
    signal?.throwIfAborted();
  } else if (typeof options.sha1 === 'string') {
    if (!/^[0-9a-fA-F]{40}$/.test(options.sha1)) throw new TypeError('uploadFile: sha1 must be 40 hexadecimal digits');
    sha1 = options.sha1;
  }

  const target = await unwrap(client.GET('/file/ul', { params: { query: { folder: options.folder, sha1 } }, ...init }));
  if (hasExpired(target.result.valid_until)) throw new UploadUrlExpiredError(target.result.valid_until);
  const { baseUrl, uploadId } = splitUploadUrl(target.result.url);

  onProgress?.({ stage: 'uploading' });
  const uploaded = await unwrap(
    client.POST('/ul/{uploadId}', {
      baseUrl,
      params: { path: { uploadId } },
      body: { file1: file },
      bodySerializer: fileForm('file1', name),
      middleware,
      ...init,
    }),
  );
  onProgress?.({ stage: 'done' });
  return uploaded.result;
}

async function sha1Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * `valid_until` has no time zone on the page, so it is read as UTC. PStream is a French service:
 * if its times are local, they are ahead of UTC, so this errs towards trying and never refuses a
 * URL PStream would still accept. An unreadable date is left to the server to judge.
 */
function hasExpired(validUntil: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(validUntil)) return false;
  return Date.now() >= Date.parse(`${validUntil.replace(' ', 'T')}Z`);
}

/** The upload URL as the client's call needs it: everything before `/ul/<id>` is the base URL. */
function splitUploadUrl(url: string): { baseUrl: string; uploadId: string } {
  try {
    const parsed = new URL(url);
    const match = /^(.*)\/ul\/([^/]+)$/.exec(parsed.pathname);
    if (match && /^https?:$/.test(parsed.protocol) && !parsed.search && !parsed.hash) {
      const [, prefix = '', id = ''] = match;
      return { baseUrl: `${parsed.origin}${prefix}`, uploadId: decodeURIComponent(id) };
    }
  } catch {
    // not a URL, or a malformed escape in its path: reported below
  }
  throw new InvalidResponseError('GET /file/ul returned an upload URL that is not of the form <server>/ul/<id>');
}
