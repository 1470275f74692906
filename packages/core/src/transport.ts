/**
 * The fetch function every client sends through: credentials, timeout, retries, response
 * mapping and logging, in that order, for each attempt. openapi-fetch builds the request and
 * parses the response; this sits between it and the network, which it reaches through a Send
 * (send.ts): `fetch`, or on Node the HTTP client under Node's fetch (node-send.ts).
 */
import { mayAbort, requestBody } from '#platform';
import type { AuthStrategy, AuthTarget } from './auth.js';
import type { Clock } from './clock.js';
import { InvalidResponseError, NetworkError, TimeoutError } from './errors.js';
import { getCallSettings, type ResponseMeta, setResponseMeta } from './meta.js';
import type { Redactor } from './redact.js';
import {
  backoffDelayMs,
  IDEMPOTENT_METHODS,
  RETRY_STATUSES,
  type RetryPolicy,
  retryPolicy,
  serverRetryDelayMs,
} from './retry.js';
import type { ReceivedResponse, RequestRedirectMode, Send } from './send.js';

/** One thing the client did, as the `logger` option receives it. URLs are always redacted. */
export type LogEvent =
  | { type: 'request'; method: string; url: string; attempt: number }
  | { type: 'response'; method: string; url: string; attempt: number; status: number; durationMs: number }
  | {
      type: 'retry';
      method: string;
      url: string;
      attempt: number;
      reason: string;
      delayMs: number;
    }
  | { type: 'error'; method: string; url: string; attempt: number; durationMs: number; error: string };

/** Receives every {@link LogEvent}. Keep it fast: it runs on the request path. */
export type Logger = (event: LogEvent) => void;

/**
 * Decides, from a successful (2xx) JSON response, whether it is really an error: returns the
 * status to report instead (e.g. the `status` an API puts in its body), or undefined to keep it.
 */
export type ResponseMapper = (response: { status: number; headers: Headers; json(): unknown }) => number | undefined;

export interface TransportOptions {
  /** Sends one attempt and reads its whole response: `fetch`, or Node's faster path. */
  send: Send;
  auth?: AuthStrategy | undefined;
  /**
   * Credentials are only added to requests under this URL (same origin, same path prefix): a
   * call sent elsewhere (a one-time upload URL, another host) never carries them.
   */
  authScope: string;
  retry: RetryPolicy;
  timeoutMs?: number | undefined;
  logger?: Logger | undefined;
  responseMapper?: ResponseMapper | undefined;
  clock: Clock;
  redactor: Redactor;
  /** For tests: the jitter source. */
  random?: () => number;
}

const TIMEOUT = Symbol('timeout');
const NO_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

const BYTES = Symbol('bytes');
const STREAMED = Symbol('streamed');

/**
 * A fully read response. `json()` parses once and reuses what the response mapper parsed; a
 * body that is not valid JSON rejects with a clear error instead of a bare SyntaxError.
 *
 * It is built without a body stream (building one costs more than the rest of the response):
 * `json()` and `text()` read the bytes directly, and the stream-based API (`body`, `bodyUsed`,
 * `arrayBuffer()`, `blob()`, `bytes()`, `formData()`, `clone()`) is served by an ordinary
 * Response over the same bytes, made on first use.
 */
class BufferedResponse extends Response {
  readonly [BYTES]: Uint8Array;
  [STREAMED]: Response | undefined;
  #text: string | undefined;
  #parsed: { value: unknown } | undefined;
  readonly #describe: () => string;
  readonly #redact: (text: string) => string;

  constructor(
    bytes: Uint8Array,
    init: ResponseInit,
    describe: () => string,
    redact: (text: string) => string,
    parsed?: { value: unknown },
  ) {
    super(null, init);
    // The body is here in full and already decoded: say so.
    const { headers } = this;
    headers.delete('transfer-encoding');
    headers.delete('content-encoding');
    headers.set('content-length', String(bytes.byteLength));
    this[BYTES] = bytes;
    this.#describe = describe;
    this.#redact = redact;
    this.#parsed = parsed;
  }

  override async json(): Promise<unknown> {
    this.#parsed ??= { value: parseJson(this.#textOnce(), this.#describe, this.#redact) };
    return this.#parsed.value;
  }

  override async text(): Promise<string> {
    return this.#textOnce();
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return streamed(this).body;
  }

  override get bodyUsed(): boolean {
    return this[STREAMED]?.bodyUsed ?? false;
  }

  #textOnce(): string {
    this.#text ??= decoder.decode(this[BYTES]);
    return this.#text;
  }
}

// The rest of the stream-based API, from the ordinary Response over the same bytes.
for (const name of ['arrayBuffer', 'blob', 'bytes', 'formData', 'clone'] as const) {
  Object.defineProperty(BufferedResponse.prototype, name, {
    configurable: true,
    writable: true,
    value(this: BufferedResponse) {
      return streamed(this)[name]();
    },
  });
}

/** The ordinary Response over a BufferedResponse's bytes, made on first use. */
function streamed(response: BufferedResponse): Response {
  response[STREAMED] ??= new Response(
    NO_BODY_STATUSES.has(response.status) ? null : (response[BYTES] as Uint8Array<ArrayBuffer>),
    response,
  );
  return response[STREAMED];
}

/** Decodes UTF-8 as `Response.text()` does (a leading BOM is dropped). Stateless between calls. */
const decoder = new TextDecoder();

function parseJson(text: string, describe: () => string, redact: (text: string) => string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // The parser's own message quotes the body, cut at a place redaction cannot see (part of a
    // credential would survive): quote the start of the redacted body instead.
    const body = redact(text).replace(/\s+/g, ' ').trim();
    const excerpt = body.length > 100 ? `${body.slice(0, 97)}...` : body;
    throw new InvalidResponseError(`${describe()} returned a body that is not valid JSON: ${JSON.stringify(excerpt)}`);
  }
}

/**
 * Runs the response mapper on a 2xx JSON response: the status to report, and the body if the
 * mapper parsed it (so the caller's `json()` does not parse it again).
 *
 * A function of its own on purpose: a closure over the transport's loop variables would keep the
 * parsed body reachable from that scope, which, with large bodies and many requests in flight,
 * multiplied the work of the young-generation garbage collector (measured: 3.6× the bytes
 * promoted, 100 KB answers 16 at a time).
 */
function mapStatus(
  responseMapper: ResponseMapper,
  httpStatus: number,
  headers: Headers,
  bytes: Uint8Array,
  describe: () => string,
  redact: (text: string) => string,
): { status: number; parsed: { value: unknown } | undefined } {
  let parsed: { value: unknown } | undefined;
  const json = () => {
    parsed ??= { value: parseJson(decoder.decode(bytes), describe, redact) };
    return parsed.value;
  };
  let mapped: number | undefined;
  try {
    mapped = responseMapper({ status: httpStatus, headers, json });
  } catch {
    mapped = undefined; // an unreadable body is reported when the caller parses it
  }
  const status =
    mapped !== undefined && Number.isInteger(mapped) && mapped >= 400 && mapped <= 599 ? mapped : httpStatus;
  return { status, parsed };
}

/** What unwrap() needs to know of a response; the URL is redacted when first read, not for every response. */
function responseMeta(method: string, url: () => string, httpStatus: number, redactor: Redactor): ResponseMeta {
  return {
    method,
    get url() {
      return url();
    },
    httpStatus,
    redactor,
  };
}

function isJson(headers: Headers): boolean {
  const type = headers.get('content-type');
  return type !== null && /[/+]json\b/i.test(type);
}

/** Creates the fetch function a client hands to openapi-fetch. */
export function createTransport(options: TransportOptions): (input: Request) => Promise<Response> {
  const { auth, clock, redactor, logger, responseMapper } = options;
  const scope = new URL(options.authScope);
  const scopePath = scope.pathname.replace(/\/+$/, '');
  const inScope = (url: URL) =>
    url.origin === scope.origin && (url.pathname === scopePath || url.pathname.startsWith(`${scopePath}/`));
  const random = options.random ?? Math.random;

  return async function send(request: Request): Promise<Response> {
    const call = getCallSettings(request);
    const method = request.method;
    const policy = call?.retry !== undefined ? retryPolicy(call.retry) : options.retry;
    const mayRetry = IDEMPOTENT_METHODS.has(method) || call?.idempotent === true;
    const timeoutMs = call?.timeoutMs ?? options.timeoutMs;
    const callerSignal = request.signal;
    const callerMayAbort = mayAbort(request);
    // Read the body once, so every attempt re-sends the same bytes.
    const body = await requestBody(request);
    let shownUrl: string | undefined;
    const url = () => (shownUrl ??= redactor.url(request.url));
    const describe = () => `${method} ${url()}`;

    let attempt = 0;
    let retries = 0;
    let refreshed = false;
    for (;;) {
      attempt++;
      const target: AuthTarget = { url: new URL(request.url), headers: new Headers(request.headers) };
      const authorized = auth !== undefined && inScope(target.url);
      if (authorized) await auth.apply(target, callerSignal);
      logger?.({ type: 'request', method, url: url(), attempt });
      const started = clock.now();

      // One signal per attempt: the caller's abort (when it can abort), or this attempt's timeout.
      const controller = new AbortController();
      const onCallerAbort = () => controller.abort(callerSignal.reason);
      if (callerSignal.aborted) throw callerSignal.reason;
      if (callerMayAbort) callerSignal.addEventListener('abort', onCallerAbort, { once: true });
      const timer = timeoutMs ? setTimeout(() => controller.abort(TIMEOUT), timeoutMs) : undefined;

      let response: ReceivedResponse;
      try {
        // The whole body is read inside the attempt: the timeout covers it, and a connection
        // reset mid-body is a network error that can be retried.
        response = await options.send({
          url: target.url,
          method,
          headers: target.headers,
          body,
          signal: controller.signal,
          redirect: request.redirect as RequestRedirectMode,
        });
      } catch (error) {
        const durationMs = Math.round(clock.now() - started);
        if (callerSignal.aborted) throw callerSignal.reason;
        if (controller.signal.reason === TIMEOUT) {
          logger?.({
            type: 'error',
            method,
            url: url(),
            attempt,
            durationMs,
            error: `timed out after ${timeoutMs} ms`,
          });
          throw new TimeoutError({ method, path: undefined, url: url(), timeoutMs: timeoutMs ?? 0 });
        }
        const cause = redactCause(error, redactor);
        const reason = causeCode(cause) ?? (cause instanceof Error ? cause.message : String(cause));
        logger?.({ type: 'error', method, url: url(), attempt, durationMs, error: reason });
        if (mayRetry && retries < policy.retries) {
          retries++;
          const delayMs = backoffDelayMs(policy, retries, random);
          logger?.({ type: 'retry', method, url: url(), attempt, reason, delayMs });
          await clock.sleep(delayMs, callerSignal);
          continue;
        }
        throw new NetworkError({
          method,
          path: undefined,
          url: url(),
          attempts: attempt,
          cause,
          message: `${describe()} failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${reason}`,
        });
      } finally {
        clearTimeout(timer);
        if (callerMayAbort) callerSignal.removeEventListener('abort', onCallerAbort);
      }

      const httpStatus = response.status;
      const bytes = response.body;
      if (httpStatus === 401 && authorized && auth.refresh && !refreshed) {
        refreshed = true;
        if (await auth.refresh(target, callerSignal)) {
          logger?.({ type: 'retry', method, url: url(), attempt, reason: '401: credentials renewed', delayMs: 0 });
          continue;
        }
      }

      const mapping =
        responseMapper && httpStatus >= 200 && httpStatus < 300 && bytes.byteLength > 0 && isJson(response.headers)
          ? mapStatus(responseMapper, httpStatus, response.headers, bytes, describe, redactor.text)
          : undefined;
      const status = mapping?.status ?? httpStatus;

      if (RETRY_STATUSES.has(status) && mayRetry && retries < policy.retries) {
        const requested = serverRetryDelayMs(response.headers);
        if (requested === undefined || requested <= policy.maxRetryAfterMs) {
          retries++;
          const delayMs = requested ?? backoffDelayMs(policy, retries, random);
          logger?.({ type: 'retry', method, url: url(), attempt, reason: `status ${status}`, delayMs });
          await clock.sleep(delayMs, callerSignal);
          continue;
        }
      }

      const result = new BufferedResponse(
        bytes,
        { status, statusText: status === httpStatus ? response.statusText : '', headers: response.headers },
        describe,
        redactor.text,
        mapping?.parsed,
      );
      setResponseMeta(result, responseMeta(method, url, httpStatus, redactor));
      logger?.({
        type: 'response',
        method,
        url: url(),
        attempt,
        status,
        durationMs: Math.round(clock.now() - started),
      });
      return result;
    }
  };
}

function causeCode(error: unknown): string | undefined {
  const code =
    (error as { code?: unknown; cause?: { code?: unknown } })?.code ??
    (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * A copy of a network error with every secret removed from its message (a custom fetch may put
 * the URL, credentials included, in its message). The low-level code (ECONNRESET...) is kept.
 */
function redactCause(error: unknown, redactor: Redactor): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const inner = (source as { cause?: unknown }).cause;
  const detail =
    inner instanceof Error && inner.message && inner.message !== source.message ? `: ${inner.message}` : '';
  const copy = new Error(redactor.text(`${source.message}${detail}`));
  copy.name = source.name;
  const code = causeCode(source);
  if (code) Object.assign(copy, { code });
  return copy;
}
