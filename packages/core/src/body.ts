/**
 * Reading response bodies: in full with a byte limit (JSON and text), or handed over live
 * (streams, blobs, array buffers), with the attempt's idle timeout watching every chunk.
 */

/**
 * The timeout of one attempt: armed while waiting for the response headers, then re-armed for
 * each chunk of the body, so it bounds idle time rather than the length of a download.
 */
export class Watchdog {
  readonly #ms: number | undefined;
  readonly #controller: AbortController;
  readonly #reason: unknown;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** On expiry, aborts `controller` with `reason`. `ms` undefined: never expires. */
  constructor(ms: number | undefined, controller: AbortController, reason: unknown) {
    this.#ms = ms;
    this.#controller = controller;
    this.#reason = reason;
  }

  arm(): void {
    if (this.#ms === undefined) return;
    const timer = this.#timer as { refresh?: () => unknown } | undefined;
    // Node's timers can be restarted in place, cheaper than a new timer per chunk.
    if (timer && typeof timer.refresh === 'function') timer.refresh();
    else {
      clearTimeout(this.#timer);
      // The callback is shared and takes its arguments from the timer: no closure per attempt.
      this.#timer = setTimeout(expire, this.#ms, this.#controller, this.#reason);
    }
  }

  disarm(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

function expire(controller: AbortController, reason: unknown): void {
  controller.abort(reason);
}

/** Thrown by {@link readLimited} when the body passes the limit (the caller names the request). */
export class TooLarge extends Error {}

/** A Content-Length value as a number, or undefined when it is absent or not a plain length. */
function contentLength(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return undefined;
  }
  return Number(value);
}

/** Whether the body comes decoded from what the server sent (then its length header is wrong). */
export function isEncoded(headers: Headers): boolean {
  const encoding = headers.get('content-encoding');
  return encoding !== null && encoding.trim().toLowerCase() !== 'identity' && encoding.trim() !== '';
}

/**
 * The whole body, or a {@link TooLarge} rejection as soon as more than `limit` bytes have
 * arrived (the rest is not read: the connection is cancelled).
 */
export async function readLimited(response: Response, limit: number, watchdog: Watchdog): Promise<Uint8Array> {
  const body = response.body;
  if (body === null) return new Uint8Array(0);
  const { headers } = response;
  // A length announced over the limit is refused before reading (not for an encoded body: its
  // length is the encoded one).
  const announced = isEncoded(headers) ? undefined : contentLength(headers.get('content-length'));
  if (announced !== undefined && announced > limit) {
    body.cancel().catch(() => {});
    throw new TooLarge();
  }
  // Read chunk by chunk, even when the length is known: `arrayBuffer()` and `bytes()` read the
  // same chunks and then copy them once or twice more.
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  // Once the announced length has arrived, the next read only says the body ended: it is not
  // a wait for the network, so the timeout is not restarted for it.
  const complete = announced ?? -1;
  for (;;) {
    if (total !== complete) watchdog.arm();
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      reader.cancel().catch(() => {});
      throw new TooLarge();
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The body as a live stream for the caller: each read waits for the next chunk from the
 * network (nothing is read ahead), under the watchdog. `mapError` turns a failed read into the
 * error the caller sees; `done` runs once, when the stream ends, fails or is cancelled.
 */
export function liveBody(
  body: ReadableStream<Uint8Array>,
  watchdog: Watchdog,
  mapError: (error: unknown) => unknown,
  done: () => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    watchdog.disarm();
    done();
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        watchdog.arm();
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await reader.read();
        } catch (error) {
          finish();
          controller.error(mapError(error));
          return;
        }
        if (result.done) {
          finish();
          controller.close();
        } else {
          watchdog.disarm();
          controller.enqueue(result.value);
        }
      },
      cancel(reason) {
        finish();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
