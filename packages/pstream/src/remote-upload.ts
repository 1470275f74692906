import { type Clock, InvalidResponseError, poll, unwrap } from '@mediaspec/core';
import type { PStreamClient } from './client.js';
import type { components } from './generated/openapi.js';

/** One remote upload, as `GET /remotedl/status` reports it. */
export type RemoteUpload = components['schemas']['RemoteUpload'];

/** A remote upload that finished: `extid` is the new video's id, `url` its link. */
export type FinishedRemoteUpload = RemoteUpload & { status: 'finished'; extid: string; url: string };

/** What each check of an unfinished remote upload found. */
export interface RemoteUploadProgress {
  /** `new` (queued), `downloading`, or `finished` while PStream has not yet given the link. */
  status: Exclude<RemoteUpload['status'], 'error'>;
  /** Download progress in percent, read from PStream's `progress_percent` string; undefined before it starts. */
  percent: number | undefined;
}

export interface WaitForRemoteUploadOptions {
  /** Delay before the second check, in ms, growing 1.5× per check up to 10 s. Default 1 000. */
  intervalMs?: number;
  /** Give up after this long with a PollTimeoutError. Default 300 000 (5 min). */
  timeoutMs?: number;
  /** Stops waiting at once, rejecting with the signal's reason. */
  signal?: AbortSignal;
  /** Called after each check that found the upload unfinished. */
  onProgress?: (progress: RemoteUploadProgress) => void;
  /** For tests: the clock the delays and the timeout use. */
  clock?: Clock;
}

/**
 * Checks a remote upload (`GET /remotedl/status?id=`) until PStream has downloaded it, on core's
 * `poll()`. Resolves with the finished upload, whose `url` is the video's link; rejects with a
 * PollFailedError carrying PStream's `errormsg` when it failed, a PollTimeoutError after
 * `timeoutMs`, or the ApiError of a failed check.
 *
 * ```ts
 * const { result } = await unwrap(client.GET('/remotedl/add', { params: { query: { url } } }));
 * const done = await waitForRemoteUpload(client, result.id, { onProgress: (p) => console.log(p.percent) });
 * console.log(done.url);
 * ```
 */
export async function waitForRemoteUpload(
  client: PStreamClient,
  id: number | string,
  options: WaitForRemoteUploadOptions = {},
): Promise<FinishedRemoteUpload> {
  // `addRemoteUpload` returns the id as a string ("12"); the status call takes an integer.
  const remoteId = typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : id;
  if (typeof remoteId !== 'number' || !Number.isSafeInteger(remoteId) || remoteId < 1) {
    throw new TypeError(`waitForRemoteUpload: id must be a remote upload id (a positive integer), got ${String(id)}`);
  }
  const { intervalMs, timeoutMs, signal, onProgress, clock } = options;
  return poll<FinishedRemoteUpload, RemoteUploadProgress>(
    async () => {
      const reply = await unwrap(
        client.GET('/remotedl/status', { params: { query: { id: remoteId } }, ...(signal ? { signal } : {}) }),
      );
      // Keyed by id; the entry's own id is compared too, since ids drift between strings and integers.
      const upload =
        reply.result[String(remoteId)] ?? Object.values(reply.result).find((entry) => Number(entry.id) === remoteId);
      if (!upload) {
        throw new InvalidResponseError(`GET /remotedl/status has no entry for remote upload ${remoteId}`);
      }
      if (upload.status === 'error') {
        const reason = typeof upload.errormsg === 'string' && upload.errormsg ? upload.errormsg : 'no reason given';
        return { status: 'failed', message: `Remote upload ${remoteId} failed: ${reason}`, state: upload };
      }
      if (upload.status === 'finished' && typeof upload.url === 'string' && typeof upload.extid === 'string') {
        return { status: 'done', result: upload as FinishedRemoteUpload };
      }
      return { status: 'pending', progress: { status: upload.status, percent: percent(upload.progress_percent) } };
    },
    { intervalMs, timeoutMs, signal, onProgress, clock, what: `remote upload ${remoteId}` },
  );
}

function percent(value: string | null): number | undefined {
  const number = value === null ? Number.NaN : Number.parseFloat(value);
  return Number.isFinite(number) ? number : undefined;
}
