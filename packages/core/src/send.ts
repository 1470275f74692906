/**
 * The one network exchange the transport needs per attempt: send a request whose body is
 * already in memory, and read the whole response. `fetch` does it everywhere; on Node a faster
 * implementation is chosen by `#platform` (see platform.node.ts).
 */

/** One attempt, as the transport sends it. */
export interface OutgoingRequest {
  url: URL;
  method: string;
  /** The request's headers. A sender must not change them (the next attempt starts from them). */
  headers: Headers;
  body: ArrayBuffer | undefined;
  /** Aborts when the caller aborts or the attempt times out. */
  signal: AbortSignal;
  redirect: RequestRedirectMode;
}

/** How redirects are handled, as `fetch`'s `redirect` option says. */
export type RequestRedirectMode = 'follow' | 'error' | 'manual';

/** A response whose body has been read in full (and decoded, as fetch decodes it). */
export interface ReceivedResponse {
  status: number;
  statusText: string;
  /** The response headers (possibly immutable: the transport copies what it returns). */
  headers: Headers;
  body: Uint8Array;
}

/**
 * Sends one request and reads its whole response. Rejects as `fetch` does: with the caller's
 * abort reason, or a `TypeError` whose `cause` is the network error (`code`: `ECONNRESET`, ...).
 */
export type Send = (request: OutgoingRequest) => Promise<ReceivedResponse>;

/** A {@link Send} over a fetch implementation: `fetch(url, init)`, then the whole body. */
export function sendWithFetch(fetch: typeof globalThis.fetch): Send {
  return async ({ url, method, headers, body, signal, redirect }) => {
    const response = await fetch(url, { method, headers, body, signal, redirect });
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { status: response.status, statusText: response.statusText, headers: response.headers, body: bytes };
  };
}
