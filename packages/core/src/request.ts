/**
 * The Request class the client gives openapi-fetch. It builds a standard Request (middleware
 * sees no difference) and fixes what openapi-fetch's defaults get wrong for some bodies:
 *
 * - a ReadableStream body needs `duplex: 'half'` (Node's Request throws without it);
 * - a Blob body keeps its own type: openapi-fetch sets `Content-Type: application/json` on
 *   every body but FormData, which would replace the Blob's type;
 *
 * and it attaches the call's context (which the client put in the init) with what the transport
 * can reuse: the init (to send a string body again on each attempt without reading the
 * Request's body stream back, costly on Node, and to skip listening to a signal that can never
 * abort) and, when no middleware runs, the headers the request was built from.
 */
import { CONTEXT_INIT, getContext, type RequestContext, setContext } from './context.js';

type WithContextInit = RequestInit & { [CONTEXT_INIT]?: RequestContext };

/**
 * Used with `new`, returns a standard Request. It shares Request's prototype, so
 * `x instanceof ClientRequest` holds for every Request, as openapi-fetch checks what a
 * middleware returns against its `Request` option.
 */
export const ClientRequest = function ClientRequest(input: RequestInfo | URL, init?: WithContextInit): Request {
  let options: RequestInit | undefined = init;
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
  const request = new Request(input, options);
  const context = init?.[CONTEXT_INIT];
  if (context !== undefined && typeof input === 'string') {
    context.init = init;
    // Only a middleware can answer in place of the transport: then unwrap() names this URL.
    if (context.middleware) context.url = request.url;
    const headers = options?.headers;
    // The Request holds the same headers, unless its body gave it a Content-Type they lack.
    if (!context.middleware && headers instanceof Headers && (options?.body == null || headers.has('content-type'))) {
      context.spareHeaders = headers;
    }
    setContext(request, context);
  }
  return request;
} as unknown as typeof Request;
ClientRequest.prototype = Request.prototype;

/** Whether the request's signal may ever abort (not when it was built here without one). */
export function mayAbort(request: Request): boolean {
  const init = getContext(request)?.init;
  return !init || init.signal != null;
}

/**
 * The request's body, kept so that every attempt and every redirect hop sends the same bytes: at
 * once for a body built here from a string (the string itself: fetch encodes it as the Request
 * did) and for none, else once the Request's body stream has been read.
 */
export function requestBody(
  request: Request,
): string | Uint8Array<ArrayBuffer> | Promise<Uint8Array<ArrayBuffer>> | undefined {
  const init = getContext(request)?.init;
  if (init !== undefined) {
    const body = init.body;
    if (body == null) return undefined;
    if (typeof body === 'string' && !request.bodyUsed) return body;
  }
  if (request.body === null) return undefined;
  return request.arrayBuffer().then((buffer) => new Uint8Array(buffer));
}
