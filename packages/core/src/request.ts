/**
 * The Request class the client gives openapi-fetch. It builds a standard Request (middleware
 * sees no difference) and fixes what openapi-fetch's defaults get wrong for some bodies:
 *
 * - a ReadableStream body needs `duplex: 'half'` (Node's Request throws without it);
 * - a Blob body keeps its own type: openapi-fetch sets `Content-Type: application/json` on
 *   every body but FormData, which would replace the Blob's type;
 *
 * and it notes a string body and whether a signal was given, so the transport can send the
 * string again on each attempt without reading the Request's body stream back (costly on
 * Node), and skip listening to a signal that can never abort.
 */
const INIT = Symbol('mediaspec.init');
type Noted = Request & { [INIT]?: RequestInit };

/**
 * Used with `new`, returns a standard Request. It shares Request's prototype, so
 * `x instanceof ClientRequest` holds for every Request, as openapi-fetch checks what a
 * middleware returns against its `Request` option.
 */
export const ClientRequest = function ClientRequest(input: RequestInfo | URL, init?: RequestInit): Request {
  let options = init;
  const body = init?.body;
  if (body != null && typeof body === 'object') {
    if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) {
      options = { ...options, duplex: 'half' } as RequestInit;
    } else if (typeof Blob !== 'undefined' && body instanceof Blob && body.type !== '') {
      const headers = new Headers(init?.headers);
      if (headers.get('content-type') === 'application/json') {
        headers.set('content-type', body.type);
        options = { ...options, headers };
      }
    }
  }
  const request: Noted = new Request(input, options);
  if (typeof input === 'string' && init) request[INIT] = init;
  return request;
} as unknown as typeof Request;
ClientRequest.prototype = Request.prototype;

/** Whether the request's signal may ever abort (not when it was built here without one). */
export function mayAbort(request: Request): boolean {
  const init = (request as Noted)[INIT];
  return !init || init.signal != null;
}

const encoder = new TextEncoder();

/**
 * The request's body bytes, read once so that every attempt and every redirect hop sends the
 * same bytes: at once for a body built here from a string (and for none), else once the
 * Request's body stream has been read.
 */
export function requestBody(request: Request): Uint8Array<ArrayBuffer> | Promise<Uint8Array<ArrayBuffer>> | undefined {
  const init = (request as Noted)[INIT];
  if (init !== undefined) {
    const body = init.body;
    if (body == null) return undefined;
    if (typeof body === 'string' && !request.bodyUsed) return encoder.encode(body) as Uint8Array<ArrayBuffer>;
  }
  if (request.body === null) return undefined;
  return request.arrayBuffer().then((buffer) => new Uint8Array(buffer));
}
