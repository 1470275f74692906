/**
 * The Request class the client gives openapi-fetch, and what the transport reads of a request.
 *
 * A call that no middleware can see gets a {@link CallRequest}: the URL, method, headers and
 * signal openapi-fetch gives, without building a Request (which costs more than the rest of the
 * client's work: its AbortSignal, its body stream; fetch builds its own from what the transport
 * passes it). Every other call gets a standard Request (middleware sees no difference), with
 * what openapi-fetch's defaults get wrong for some bodies fixed:
 *
 * - a ReadableStream body needs `duplex: 'half'` (Node's Request throws without it);
 * - a Blob body keeps its own type: openapi-fetch sets `Content-Type: application/json` on
 *   every body but FormData, which would replace the Blob's type.
 *
 * Either way the call's context (which the client put in the init) is attached, with the init
 * itself: a string body is sent again on each attempt from it, without reading the Request's
 * body stream back.
 *
 * A call that gives fetch options of its own (`credentials`, `cache`, `referrer`, a runtime's
 * `dispatcher`...) gets a standard Request too, so that an invalid one is refused before anything
 * is sent, as bare openapi-fetch does; {@link fetchOptions} passes them on to every fetch.
 */
import { CONTEXT_INIT, getContext, type RequestContext, setContext } from './context.js';

type WithContextInit = RequestInit & { [CONTEXT_INIT]?: RequestContext };

/** What the transport reads of the request it is given: a standard Request has all of it. */
export interface OutgoingRequest {
  /** The URL, normalised (as `URL.href` writes it). */
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly redirect: Request['redirect'];
  readonly signal: AbortSignal | undefined;
  readonly body: ReadableStream<Uint8Array> | null;
  readonly bodyUsed: boolean;
}

/** The methods a {@link CallRequest} takes as they are (a Request would refuse CONNECT, TRACE...). */
const PLAIN_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The init members the transport sets itself on every attempt and redirect hop. Every other
 * member of a call's init is a fetch option, passed on to fetch (see {@link fetchOptions}).
 */
const TRANSPORT_INIT_KEYS: ReadonlySet<string> = new Set([
  'method',
  'headers',
  'body',
  'signal',
  'redirect',
  'duplex',
  'window',
]);

/** The fetch options a Request has (a middleware may change them), and their values when none was given. */
const REQUEST_OPTIONS: Readonly<Record<string, unknown>> = {
  cache: 'default',
  credentials: 'same-origin',
  integrity: '',
  keepalive: false,
  mode: 'cors',
  referrer: 'about:client',
  referrerPolicy: '',
};

/** Whether a call's init holds a fetch option (see {@link TRANSPORT_INIT_KEYS}). */
function hasFetchOptions(init: RequestInit): boolean {
  for (const key in init) {
    if (!TRANSPORT_INIT_KEYS.has(key) && (init as Record<string, unknown>)[key] !== undefined) return true;
  }
  return false;
}

/** The request of a call no middleware can see (see above). */
class CallRequest implements OutgoingRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly redirect: Request['redirect'];
  readonly signal: AbortSignal | undefined;
  readonly body = null;
  readonly bodyUsed = false;

  constructor(url: string, method: string, headers: Headers, init: RequestInit) {
    // Throws a TypeError for an invalid URL, as Request does.
    this.url = new URL(url).href;
    this.method = method;
    this.headers = headers;
    this.redirect = init.redirect ?? 'follow';
    this.signal = init.signal ?? undefined;
  }
}

/**
 * Whether a request can be a {@link CallRequest}: a method taken as it is, and no body, or a
 * string body (openapi-fetch's JSON) with its Content-Type set (a Request would add one).
 */
function plain(method: string, headers: unknown, body: unknown): headers is Headers {
  if (!(headers instanceof Headers) || !PLAIN_METHODS.has(method)) return false;
  if (body == null) return true;
  return typeof body === 'string' && method !== 'GET' && method !== 'HEAD' && headers.has('content-type');
}

/**
 * Used with `new` by openapi-fetch. It shares Request's prototype, so `x instanceof
 * ClientRequest` holds for every Request, as openapi-fetch checks what a middleware returns
 * against its `Request` option.
 */
export const ClientRequest = function ClientRequest(input: RequestInfo | URL, init?: WithContextInit): Request {
  const context = init?.[CONTEXT_INIT];
  if (context !== undefined && typeof input === 'string') {
    context.init = init;
    const method = init?.method ?? 'GET';
    const headers = init?.headers;
    if (!context.middleware && plain(method, headers, init?.body) && !hasFetchOptions(init as RequestInit)) {
      const request = new CallRequest(input, method, headers, init as RequestInit);
      setContext(request, context);
      // openapi-fetch hands it to the transport, and reads its method: nothing else sees it.
      return request as unknown as Request;
    }
  }
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
  if (context !== undefined && typeof input === 'string') {
    // Only a middleware can answer in place of the transport: then unwrap() names this URL.
    if (context.middleware) context.url = request.url;
    setContext(request, context);
  }
  return request;
} as unknown as typeof Request;
ClientRequest.prototype = Request.prototype;

/** The caller's signal, when it may ever abort (not when the request was built without one). */
export function callerSignal(request: OutgoingRequest): AbortSignal | undefined {
  const init = getContext(request)?.init;
  return init && init.signal == null ? undefined : request.signal;
}

/**
 * The request's body, kept so that every attempt and every redirect hop sends the same bytes: at
 * once for a body built here from a string (the string itself: fetch encodes it as the Request
 * did) and for none, else once the Request's body stream has been read.
 */
export function requestBody(
  request: OutgoingRequest,
): string | Uint8Array<ArrayBuffer> | Promise<Uint8Array<ArrayBuffer>> | undefined {
  const init = getContext(request)?.init;
  if (init !== undefined) {
    const body = init.body;
    if (body == null) return undefined;
    if (typeof body === 'string' && !request.bodyUsed) return body;
  }
  if (request.body === null) return undefined;
  return (request as Request).arrayBuffer().then((buffer) => new Uint8Array(buffer));
}

/**
 * The fetch options to send a request with, besides what the transport sets itself: those a
 * Request has (`cache`, `credentials`, `integrity`, `keepalive`, `mode`, `referrer`,
 * `referrerPolicy`, as the Request says: a middleware may have changed them), where they are not
 * the default, and every other member of the call's init (`priority`, a runtime's own such as
 * Node's `dispatcher`, a custom fetch's). Undefined when there are none: a call no middleware can
 * see has none (see {@link ClientRequest}).
 */
export function fetchOptions(request: OutgoingRequest): Record<string, unknown> | undefined {
  if (!(request instanceof Request)) return undefined;
  let options: Record<string, unknown> | undefined;
  for (const key in REQUEST_OPTIONS) {
    const value = (request as unknown as Record<string, unknown>)[key];
    if (value !== undefined && value !== REQUEST_OPTIONS[key]) {
      options ??= {};
      options[key] = value;
    }
  }
  const init = getContext(request)?.init as Record<string, unknown> | undefined;
  if (init !== undefined) {
    for (const key in init) {
      // The Request's own options are read from it above; the rest only the init holds.
      if (TRANSPORT_INIT_KEYS.has(key) || key in REQUEST_OPTIONS || init[key] === undefined) continue;
      options ??= {};
      options[key] = init[key];
    }
  }
  return options;
}
