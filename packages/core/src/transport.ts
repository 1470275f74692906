/**
 * The fetch function every client hands to openapi-fetch. openapi-fetch builds the request and
 * parses the response; this sits between it and the network, in named steps:
 *
 * - {@link startCall}: one {@link Call} per request (its settings, body bytes, deadline);
 * - {@link sendAttempt}: one attempt: credentials, `fetch`, redirects followed by hand (each
 *   hop gets credentials only under the base URL), and the body read with a limit or kept live;
 * - {@link decide}: renew credentials after a 401, retry, or return the response.
 *
 * `fetch` is the only way out: the platform's, or the one the client was given.
 */
import type { AuthStrategy, AuthTarget } from './auth.js';
import { isEncoded, liveBody, readLimited, TooLarge, Watchdog } from './body.js';
import type { Clock } from './clock.js';
import { type CallSettings, getContext, type ParseAs, type ResponseMeta, setResponseMeta } from './context.js';
import {
  InvalidResponseError,
  MediaspecError,
  NetworkError,
  RedirectError,
  ResponseTooLargeError,
  TimeoutError,
} from './errors.js';
import type { Redactor } from './redact.js';
import { mayAbort, requestBody } from './request.js';
import {
  backoffDelayMs,
  IDEMPOTENT_METHODS,
  RETRY_STATUSES,
  type RetryPolicy,
  retryPolicy,
  serverRetryDelayMs,
} from './retry.js';

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
 * Decides, from a successful (2xx) response, whether it is really an error: returns the status
 * to report instead (e.g. the `status` an API puts in its body), or undefined to keep it.
 * `json()` parses the body whatever its content type says (an API may label a JSON error
 * envelope `text/html`); it throws when the body is not JSON, which counts as "keep it".
 */
export type ResponseMapper = (response: { status: number; headers: Headers; json(): unknown }) => number | undefined;

export interface TransportOptions {
  fetch: typeof globalThis.fetch;
  auth?: AuthStrategy | undefined;
  /**
   * Credentials are only added to requests under this URL (same origin, same path prefix),
   * checked on every redirect hop: a hop elsewhere never carries them.
   */
  authScope: string;
  retry: RetryPolicy;
  timeoutMs?: number | undefined;
  deadlineMs?: number | undefined;
  maxResponseBytes: number;
  logger?: Logger | undefined;
  responseMapper?: ResponseMapper | undefined;
  clock: Clock;
  redactor: Redactor;
  /** For tests: the jitter source. */
  random?: () => number;
}

/** Abort reasons of an attempt (compared by identity, never shown). */
const TIMEOUT = Symbol('timeout');
const DEADLINE = Symbol('deadline');
const NO_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;
/** Headers that carry credentials whatever the auth strategy: never sent out of scope on a redirect. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

/** The per-request state of one call, from openapi-fetch's request to the response returned. */
interface Call {
  readonly request: Request;
  readonly method: string;
  readonly parseAs: ParseAs;
  readonly path: string | undefined;
  readonly body: Uint8Array<ArrayBuffer> | undefined;
  readonly policy: RetryPolicy;
  readonly mayRetry: boolean;
  readonly timeoutMs: number | undefined;
  readonly maxResponseBytes: number;
  readonly redirect: RequestRedirect;
  readonly callerSignal: AbortSignal;
  readonly callerMayAbort: boolean;
  /** When the deadline passes (clock time), if the call has one. */
  readonly deadlineAt: number | undefined;
  readonly deadlineMs: number | undefined;
  deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  expired: boolean;
  /** The controller of the attempt in flight. */
  controller: AbortController | undefined;
  attempt: number;
  retries: number;
  refreshed: boolean;
  started: number;
  shownUrl: string | undefined;
}

/** What one attempt brought back. */
type Sent =
  | { kind: 'live'; response: Response; watchdog: Watchdog; controller: AbortController }
  | {
      kind: 'buffered';
      status: number;
      statusText: string;
      headers: Headers;
      bytes: Uint8Array;
      decoded: boolean;
      target: AuthTarget;
      authorized: boolean;
    };

/** What to do after an attempt. */
type Decision = { again: true } | { again: false; response: Response };
const AGAIN: Decision = { again: true };

/** Creates the fetch function a client hands to openapi-fetch. */
export function createTransport(options: TransportOptions): (input: Request) => Promise<Response> {
  const { auth, clock, redactor, logger, responseMapper, fetch } = options;
  const scope = new URL(options.authScope);
  const scopePath = scope.pathname.replace(/\/+$/, '');
  const inScope = (url: URL) =>
    url.origin === scope.origin && (url.pathname === scopePath || url.pathname.startsWith(`${scopePath}/`));
  const random = options.random ?? Math.random;
  const credentialHeaders = [...CREDENTIAL_HEADERS, ...(auth?.headers ?? []).map((name) => name.toLowerCase())];

  const url = (call: Call) => {
    call.shownUrl ??= redactor.url(call.request.url);
    return call.shownUrl;
  };
  // Failures name the URL (redacted) rather than the path template: the URL says which resource.
  const info = (call: Call) => ({ method: call.method, path: undefined, url: url(call) });

  /** Step 1: everything the call needs before its first attempt. */
  async function startCall(request: Request): Promise<Call> {
    const context = getContext(request);
    const settings: CallSettings = context?.settings ?? {};
    const method = request.method;
    const timeoutMs = settings.timeoutMs ?? options.timeoutMs;
    const deadlineMs = settings.deadlineMs ?? options.deadlineMs;
    const call: Call = {
      request,
      method,
      parseAs: context?.parseAs ?? 'json',
      path: context?.schemaPath,
      body: await requestBody(request),
      policy: settings.retry !== undefined ? retryPolicy(settings.retry) : options.retry,
      mayRetry: IDEMPOTENT_METHODS.has(method) || settings.idempotent === true,
      timeoutMs: timeoutMs || undefined,
      maxResponseBytes: settings.maxResponseBytes ?? options.maxResponseBytes,
      redirect: request.redirect,
      callerSignal: request.signal,
      callerMayAbort: mayAbort(request),
      deadlineMs: deadlineMs || undefined,
      deadlineAt: deadlineMs ? clock.now() + deadlineMs : undefined,
      deadlineTimer: undefined,
      expired: false,
      controller: undefined,
      attempt: 0,
      retries: 0,
      refreshed: false,
      started: 0,
      shownUrl: undefined,
    };
    if (deadlineMs) {
      call.deadlineTimer = setTimeout(() => {
        call.expired = true;
        call.controller?.abort(DEADLINE);
      }, deadlineMs);
    }
    return call;
  }

  /** The error an attempt's failure becomes, and whether it may be retried. */
  function failure(call: Call, controller: AbortController, error: unknown): { error: unknown; retryable: boolean } {
    if (call.callerSignal.aborted) return { error: call.callerSignal.reason, retryable: false };
    const reason = controller.signal.reason;
    if (reason === TIMEOUT) {
      return { error: new TimeoutError({ ...info(call), timeoutMs: call.timeoutMs ?? 0 }), retryable: false };
    }
    if (reason === DEADLINE || call.expired) {
      return {
        error: new TimeoutError({ ...info(call), timeoutMs: call.deadlineMs ?? 0, limit: 'deadlineMs' }),
        retryable: false,
      };
    }
    if (error instanceof AuthFailure) return { error: error.error, retryable: false };
    if (error instanceof TooLarge) {
      return {
        error: new ResponseTooLargeError({ ...info(call), maxResponseBytes: call.maxResponseBytes }),
        retryable: false,
      };
    }
    if (error instanceof MediaspecError) return { error, retryable: false };
    const cause = redactCause(error, redactor);
    return {
      error: new NetworkError({
        ...info(call),
        attempts: call.attempt,
        cause,
        message: `${call.method} ${url(call)} failed after ${call.attempt} attempt${call.attempt === 1 ? '' : 's'}: ${causeReason(cause)}`,
      }),
      retryable: true,
    };
  }

  /**
   * Step 2: one attempt. Sends the request with `redirect: 'manual'` and follows redirects here,
   * so that every hop is checked against the base URL: credentials (the strategy's, and any the
   * caller's headers hold) go only to hops under it. Then reads the body: in full, with the
   * size limit, unless the caller streams a successful response.
   */
  async function sendAttempt(call: Call, controller: AbortController, watchdog: Watchdog): Promise<Sent> {
    const { request } = call;
    let target: AuthTarget = { url: new URL(request.url), headers: new Headers(request.headers) };
    let method = call.method;
    let body = call.body;
    let base: Headers | undefined;
    for (let hop = 0; ; hop++) {
      const authorized = auth !== undefined && inScope(target.url);
      if (authorized) {
        try {
          await auth.apply(target, controller.signal);
        } catch (error) {
          throw new AuthFailure(error);
        }
      }
      const response = await fetch(target.url, {
        method,
        headers: target.headers,
        body,
        signal: controller.signal,
        redirect: 'manual',
      });
      const status = response.status;
      if (response.type === 'opaqueredirect') {
        // A browser hides where the redirect leads: following it blindly could hand the
        // credentials to anyone, so it is not followed.
        if (call.redirect === 'manual') return keep(call, response, watchdog, controller, target, authorized);
        throw new RedirectError({
          ...info(call),
          reason: 'opaque',
          message: `${call.method} ${url(call)} was redirected, and this runtime does not let the client see where to; the redirect is not followed (send the request to its final URL)`,
        });
      }
      const location = REDIRECT_STATUSES.has(status) ? response.headers.get('location') : null;
      if (location === null || call.redirect === 'manual') {
        return keep(call, response, watchdog, controller, target, authorized);
      }
      response.body?.cancel().catch(() => {});
      if (call.redirect === 'error') {
        throw new RedirectError({
          ...info(call),
          reason: 'not-allowed',
          message: `${call.method} ${url(call)} was redirected (${status}), and the call asked for redirect: 'error'`,
        });
      }
      if (hop >= MAX_REDIRECTS) {
        throw new RedirectError({
          ...info(call),
          reason: 'too-many',
          message: `${call.method} ${url(call)} was redirected more than ${MAX_REDIRECTS} times`,
        });
      }
      let next: URL;
      try {
        next = new URL(location, target.url);
      } catch {
        next = new URL('invalid:');
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new RedirectError({
          ...info(call),
          reason: 'invalid-location',
          message: `${call.method} ${url(call)} was redirected to a location that is not an http(s) URL`,
        });
      }
      base ??= new Headers(request.headers);
      // As fetch does: 301/302 turn a POST into a GET, 303 anything but GET and HEAD; 307 and
      // 308 keep the method and send the same body bytes again.
      if (
        ((status === 301 || status === 302) && method === 'POST') ||
        (status === 303 && method !== 'GET' && method !== 'HEAD')
      ) {
        method = 'GET';
        body = undefined;
        for (const name of BODY_HEADERS) base.delete(name);
      }
      if (!inScope(next)) for (const name of credentialHeaders) base.delete(name);
      target = { url: next, headers: new Headers(base) };
      watchdog.arm();
    }
  }

  /** The final hop's response: kept live for a streaming caller, otherwise read in full. */
  async function keep(
    call: Call,
    response: Response,
    watchdog: Watchdog,
    controller: AbortController,
    target: AuthTarget,
    authorized: boolean,
  ): Promise<Sent> {
    const status = response.status;
    const live =
      status >= 200 &&
      status < 300 &&
      (call.parseAs === 'stream' || call.parseAs === 'blob' || call.parseAs === 'arrayBuffer') &&
      call.method !== 'HEAD' &&
      !NO_BODY_STATUSES.has(status) &&
      response.body !== null;
    if (live) return { kind: 'live', response, watchdog, controller };
    const bytes = await readLimited(response, call.maxResponseBytes, watchdog);
    return {
      kind: 'buffered',
      status,
      statusText: response.statusText,
      headers: response.headers,
      bytes,
      decoded: isEncoded(response.headers),
      target,
      authorized,
    };
  }

  /** Step 3: renew credentials and send again, wait and retry, or return the response. */
  async function decide(call: Call, sent: Sent & { kind: 'buffered' }): Promise<Decision> {
    const { status: httpStatus, headers, bytes } = sent;
    if (httpStatus === 401 && sent.authorized && auth?.refresh && !call.refreshed) {
      call.refreshed = true;
      if (await auth.refresh(sent.target, call.callerSignal)) {
        logger?.({
          type: 'retry',
          method: call.method,
          url: url(call),
          attempt: call.attempt,
          reason: '401: credentials renewed',
          delayMs: 0,
        });
        return AGAIN;
      }
    }

    const mapping =
      responseMapper && httpStatus >= 200 && httpStatus < 300 && looksLikeJson(bytes)
        ? mapStatus(responseMapper, httpStatus, headers, bytes, () => `${call.method} ${url(call)}`, redactor.text)
        : undefined;
    const status = mapping?.status ?? httpStatus;

    if (RETRY_STATUSES.has(status) && call.mayRetry && call.retries < call.policy.retries) {
      const requested = serverRetryDelayMs(headers);
      // A wait beyond `maxRetryAfterMs` (always within a timer's range) is not worth making.
      if (requested === undefined || requested <= call.policy.maxRetryAfterMs) {
        const delayMs = requested ?? backoffDelayMs(call.policy, call.retries + 1, random);
        if (await wait(call, delayMs, `status ${status}`)) return AGAIN;
      }
    }

    const response = new BufferedResponse(
      bytes,
      {
        status,
        statusText: status === httpStatus ? sent.statusText : '',
        headers,
      },
      call.method !== 'HEAD' && !NO_BODY_STATUSES.has(httpStatus) && sent.decoded,
      () => `${call.method} ${url(call)}`,
      redactor.text,
      mapping?.parsed,
    );
    setResponseMeta(
      response,
      responseMeta(call, () => url(call), httpStatus, redactor),
    );
    logResponse(call, status);
    return { again: false, response };
  }

  /** Waits `delayMs` before a retry, if the retry rules and the deadline allow one: true when it did. */
  async function wait(call: Call, delayMs: number, reason: string): Promise<boolean> {
    if (call.deadlineAt !== undefined && clock.now() + delayMs >= call.deadlineAt) return false;
    call.retries++;
    logger?.({ type: 'retry', method: call.method, url: url(call), attempt: call.attempt, reason, delayMs });
    await clock.sleep(delayMs, call.callerSignal);
    return !call.expired;
  }

  function logResponse(call: Call, status: number) {
    logger?.({
      type: 'response',
      method: call.method,
      url: url(call),
      attempt: call.attempt,
      status,
      durationMs: Math.round(clock.now() - call.started),
    });
  }

  /** The live response handed to a streaming caller: its body is watched until it ends. */
  function handOver(call: Call, sent: Sent & { kind: 'live' }, stopListening: () => void): Response {
    const { response, watchdog, controller } = sent;
    // From here the watchdog times the waits for the network only, not the caller's reading.
    watchdog.disarm();
    const headers = new Headers(response.headers);
    if (isEncoded(headers)) {
      headers.delete('content-encoding');
      headers.delete('content-length');
    }
    const body = liveBody(
      response.body as ReadableStream<Uint8Array>,
      watchdog,
      (error) => failure(call, controller, error).error,
      stopListening,
    );
    const live = new Response(body, { status: response.status, statusText: response.statusText, headers });
    setResponseMeta(
      live,
      responseMeta(call, () => url(call), response.status, redactor),
    );
    logResponse(call, response.status);
    return live;
  }

  return async function transport(request: Request): Promise<Response> {
    const call = await startCall(request);
    try {
      for (;;) {
        if (call.callerSignal.aborted) throw call.callerSignal.reason;
        call.attempt++;
        logger?.({ type: 'request', method: call.method, url: url(call), attempt: call.attempt });
        call.started = clock.now();

        // One signal per attempt: aborted by the caller, this attempt's timeout or the deadline.
        const controller = new AbortController();
        call.controller = controller;
        const { callerSignal } = call;
        const onCallerAbort = () => controller.abort(callerSignal.reason);
        if (call.callerMayAbort) callerSignal.addEventListener('abort', onCallerAbort, { once: true });
        const stopListening = () => {
          if (call.callerMayAbort) callerSignal.removeEventListener('abort', onCallerAbort);
        };
        const watchdog = new Watchdog(call.timeoutMs, () => controller.abort(TIMEOUT));
        watchdog.arm();

        let sent: Sent;
        try {
          sent = await sendAttempt(call, controller, watchdog);
        } catch (error) {
          watchdog.disarm();
          stopListening();
          const outcome = failure(call, controller, error);
          const durationMs = Math.round(clock.now() - call.started);
          const message =
            outcome.error instanceof NetworkError
              ? causeReason(outcome.error.cause)
              : outcome.error instanceof TimeoutError
                ? `timed out after ${outcome.error.timeoutMs} ms`
                : outcome.error instanceof Error
                  ? outcome.error.message
                  : String(outcome.error);
          logger?.({
            type: 'error',
            method: call.method,
            url: url(call),
            attempt: call.attempt,
            durationMs,
            error: message,
          });
          if (outcome.retryable && call.mayRetry && call.retries < call.policy.retries) {
            const cause = (outcome.error as NetworkError).cause;
            const delayMs = backoffDelayMs(call.policy, call.retries + 1, random);
            if (await wait(call, delayMs, causeReason(cause))) continue;
          }
          throw outcome.error;
        }
        if (sent.kind === 'live') return handOver(call, sent, stopListening);
        watchdog.disarm();
        stopListening();
        const decision = await decide(call, sent);
        if (!decision.again) return decision.response;
      }
    } finally {
      // The deadline bounds the call up to the response: a handed-over stream has its idle timeout.
      clearTimeout(call.deadlineTimer);
    }
  };
}

/** An auth strategy's own failure (a login refused...): passed on as is, never retried. */
class AuthFailure {
  constructor(readonly error: unknown) {}
}

/** A body that may be JSON: its first non-blank byte opens an object or an array. */
function looksLikeJson(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
    // A UTF-8 byte order mark.
    if (byte === 0xef && bytes[i + 1] === 0xbb && bytes[i + 2] === 0xbf) {
      i += 2;
      continue;
    }
    return byte === 0x7b || byte === 0x5b;
  }
  return false;
}

/**
 * A fully read response. `json()` parses once and reuses what the response mapper parsed; a
 * body that is not valid JSON rejects with a clear error instead of a bare SyntaxError.
 *
 * It is built without a body stream (building one costs more than the rest of the response):
 * `json()` and `text()` read the bytes directly, and the stream-based API (`body`, `bodyUsed`,
 * `arrayBuffer()`, `blob()`, `bytes()`, `formData()`, `clone()`) is served by an ordinary
 * Response over the same bytes, made on first use.
 */
const BYTES = Symbol('bytes');
const STREAMED = Symbol('streamed');

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
    decoded: boolean,
    describe: () => string,
    redact: (text: string) => string,
    parsed?: { value: unknown },
  ) {
    super(null, init);
    if (decoded) {
      // The body here is the decoded one: its length is no longer what the server announced.
      const { headers } = this;
      headers.delete('content-encoding');
      headers.delete('transfer-encoding');
      headers.set('content-length', String(bytes.byteLength));
    }
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
 * Runs the response mapper on a 2xx response whose body may be JSON: the status to report, and
 * the body if the mapper parsed it (so the caller's `json()` does not parse it again).
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
function responseMeta(call: Call, url: () => string, httpStatus: number, redactor: Redactor): ResponseMeta {
  return {
    method: call.method,
    path: call.path,
    get url() {
      return url();
    },
    httpStatus,
    redactor,
  };
}

function causeCode(error: unknown): string | undefined {
  const code =
    (error as { code?: unknown; cause?: { code?: unknown } })?.code ??
    (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

function causeReason(cause: unknown): string {
  return causeCode(cause) ?? (cause instanceof Error ? cause.message : String(cause));
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
