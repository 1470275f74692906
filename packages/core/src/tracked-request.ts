/**
 * What the transport can learn about a request from how it was built, to skip costly work.
 * openapi-fetch builds every request with `new Request(url, init)` (its `Request` option); the
 * client gives it {@link TrackedRequest}, which builds the very same Request (a real one:
 * middleware sees no difference) and keeps the `init` it was built from, which tells two things:
 *
 * - a string body (serialized JSON): the transport encodes the string itself, which on Node costs
 *   far less than reading the Request's body stream back;
 * - no `signal`: the Request's own signal can then never abort, so the transport need not listen
 *   to it.
 *
 * A request a middleware built or replaced is not tracked, and gets the general treatment.
 */
/** The `init` a Request was built from, noted on it under a private symbol (cheaper than a WeakMap). */
const INIT = Symbol('init');
type Tracked = Request & { [INIT]?: RequestInit };
const encoder = new TextEncoder();

/**
 * Builds a standard Request from a URL string, noting its `init`. Used with `new`, it returns
 * that Request. It shares Request's prototype, so `x instanceof TrackedRequest` holds for every
 * Request, as openapi-fetch checks what a middleware returns against its `Request`.
 */
export const TrackedRequest = function TrackedRequest(input: RequestInfo | URL, init?: RequestInit): Request {
  const request: Tracked = new Request(input, init);
  if (typeof input === 'string' && init) request[INIT] = init;
  return request;
} as unknown as typeof Request;
TrackedRequest.prototype = Request.prototype;

/** Whether the request's signal may ever abort (not when it was built here without one). */
export function mayAbort(request: Request): boolean {
  const init = (request as Tracked)[INIT];
  return !init || init.signal != null;
}

/**
 * The request's body, as the bytes `request.arrayBuffer()` would give, or undefined when it has
 * none. A body already read or locked by middleware is left to `arrayBuffer()`, which rejects as
 * it always did.
 */
export function requestBody(request: Request): Promise<ArrayBuffer> | undefined {
  const stream = request.body;
  if (stream === null) return undefined;
  const text = (request as Tracked)[INIT]?.body;
  // TextEncoder returns a view of a buffer of its own, exactly the size of the text's bytes.
  return typeof text === 'string' && !request.bodyUsed && !stream.locked
    ? Promise.resolve(encoder.encode(text).buffer as ArrayBuffer)
    : request.arrayBuffer();
}
