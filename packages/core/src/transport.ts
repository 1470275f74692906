/**
 * The fetch function every client hands to openapi-fetch. openapi-fetch builds the request and
 * parses the response; this sits between it and the network, in named steps:
 *
 * - a {@link Call} per request: its settings, body bytes and deadline, and, once answered, what
 *   `unwrap()` needs to describe the response;
 * - {@link sendAttempt}: one attempt: credentials, `fetch`, redirects followed by hand (each hop
 *   gets credentials only under the base URL);
 * - `run`: the attempt loop: reads the body with a limit (or hands a live one over), then renews
 *   credentials after a 401, retries, or returns the response.
 *
 * `fetch` is the only way out: the platform's, or the one the client was given.
 *
 * The path of an ordinary call is kept lean (it is measured against bare openapi-fetch by
 * `pnpm bench`): no stream or header copy for a buffered response, no closure per attempt, the
 * URL parsed only for a strategy that asks for it, and no await for a strategy that adds a header.
 */
import type { AuthStrategy, AuthTarget } from './auth.js';
import { isEncoded, liveBody, readLimited, TooLarge, Watchdog } from './body.js';
import type { Clock } from './clock.js';
import {
  type CallSettings,
  type ErrorMessageReader,
  getContext,
  getResponseMeta,
  NO_SETTINGS,
  type ParseAs,
  type ResponseMeta,
  setResponseMeta,
} from './context.js';
import {
  InvalidResponseError,
  MediaspecError,
  NetworkError,
  RedirectError,
  type RequestInfo,
  ResponseTooLargeError,
  TimeoutError,
} from './errors.js';
import type { Redactor } from './redact.js';
import { callerSignal, fetchOptions, type OutgoingRequest, requestBody } from './request.js';
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
  /** Reads the human message out of the API's error bodies, for ApiError messages. */
  errorMessage?: ErrorMessageReader | undefined;
  clock: Clock;
  redactor: Redactor;
  /** For tests: the jitter source. */
  random?: () => number;
}

/** Abort reasons of an attempt (compared by identity, never shown). */
const TIMEOUT = Symbol('timeout');
const DEADLINE = Symbol('deadline');
const NO_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const EMPTY = new Uint8Array(0);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;
/** Headers that carry credentials whatever the auth strategy: never sent out of scope on a redirect. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

/**
 * The per-request state of one call, from openapi-fetch's request to the response returned. A
 * class, so every call has the same shape; it is also the {@link ResponseMeta} of the responses
 * the call returns (`unwrap()` reads it), so the URL is redacted once, when first shown.
 */
class Call implements ResponseMeta {
  readonly method: string;
  readonly parseAs: ParseAs;
  readonly path: string | undefined;
  /** The body every attempt sends: a string as openapi-fetch serialized it, or bytes. */
  body: string | Uint8Array<ArrayBuffer> | undefined = undefined;
  readonly policy: RetryPolicy;
  readonly mayRetry: boolean;
  readonly timeoutMs: number | undefined;
  readonly maxResponseBytes: number;
  readonly redirect: Request['redirect'];
  /** The caller's signal, if it may ever abort. */
  readonly callerSignal: AbortSignal | undefined;
  /** The call's own fetch options (`credentials`, `referrer`...), sent with every attempt and hop. */
  readonly fetchOptions: Record<string, unknown> | undefined;
  /** When the deadline passes (clock time), if the call has one. */
  readonly deadlineAt: number | undefined;
  readonly deadlineMs: number | undefined;
  deadlineTimer: ReturnType<typeof setTimeout> | undefined = undefined;
  expired = false;
  /** The controller of the attempt in flight. */
  controller: AbortController | undefined = undefined;
  attempt = 0;
  retries = 0;
  refreshed = false;
  started = 0;
  /** The status sent over HTTP by the last response, before any response mapping. */
  httpStatus = 0;
  readonly errorMessage: ErrorMessageReader | undefined;
  // What the buffered response serves, once the call is answered.
  /** The body read, decoded from any content encoding. */
  bytes: Uint8Array = EMPTY;
  /** The body parsed as JSON, once something (the response mapper, `json()`) parsed it. */
  parsed: { value: unknown } | undefined = undefined;
  /** The ordinary Response over {@link bytes}, for the stream-based API. */
  streamed: Response | undefined = undefined;
  /** The status reported instead of the HTTP one (the response mapper's), if any. */
  status: number | undefined = undefined;
  /** The headers reported instead of the server's (a decoded body's), if any. */
  headers: Headers | undefined = undefined;
  /** Whether the answer came after a redirect the transport followed. */
  redirected = false;
  readonly #redactor: Redactor;
  #url: string | undefined = undefined;
  #finalHref: string | undefined = undefined;
  #finalUrl: string | undefined = undefined;
  #text: string | undefined = undefined;

  /** The request's URL (its query may hold credentials: shown only through {@link url}). */
  readonly #href: string;

  constructor(request: OutgoingRequest, options: TransportOptions) {
    const context = getContext(request);
    const settings: CallSettings = context?.settings ?? NO_SETTINGS;
    const method = request.method;
    const timeoutMs = settings.timeoutMs ?? options.timeoutMs;
    const deadlineMs = settings.deadlineMs ?? options.deadlineMs;
    this.method = method;
    this.parseAs = context?.parseAs ?? 'json';
    this.path = context?.schemaPath;
    this.policy = settings.retry !== undefined ? retryPolicy(settings.retry) : options.retry;
    this.mayRetry = IDEMPOTENT_METHODS.has(method) || settings.idempotent === true;
    this.timeoutMs = timeoutMs || undefined;
    this.maxResponseBytes = settings.maxResponseBytes ?? options.maxResponseBytes;
    this.redirect = request.redirect;
    this.callerSignal = callerSignal(request);
    this.fetchOptions = fetchOptions(request);
    this.deadlineMs = deadlineMs || undefined;
    this.deadlineAt = deadlineMs ? options.clock.now() + deadlineMs : undefined;
    this.errorMessage = options.errorMessage;
    this.#redactor = options.redactor;
    this.#href = request.url;
    if (deadlineMs) this.deadlineTimer = setTimeout(expireDeadline, deadlineMs, this);
  }

  get redactor(): Redactor {
    return this.#redactor;
  }

  /** The request URL, redacted (once, when first needed). */
  get url(): string {
    this.#url ??= this.#redactor.url(this.#href);
    return this.#url;
  }

  /** Where the answer came from: the final hop's URL, without the credentials of the auth strategy. */
  set finalHref(href: string) {
    this.#finalHref = href;
  }

  /** The final hop's URL, redacted (once, when first needed). */
  get responseUrl(): string {
    if (this.#finalHref === undefined || this.#finalHref === this.#href) return this.url;
    this.#finalUrl ??= this.#redactor.url(this.#finalHref);
    return this.#finalUrl;
  }

  /** The body as text, decoded once. */
  text(): string {
    this.#text ??= decoder.decode(this.bytes);
    return this.#text;
  }

  /** `METHOD url`, for messages. */
  describe(): string {
    return `${this.method} ${this.url}`;
  }

  /** What failures name: the URL (redacted) rather than the path template, as it says which resource. */
  info(): RequestInfo {
    return { method: this.method, path: undefined, url: this.url };
  }
}

function expireDeadline(call: Call): void {
  call.expired = true;
  call.controller?.abort(DEADLINE);
}

/**
 * Where one hop goes and with which headers: what an auth strategy changes. The URL is parsed only
 * when a strategy asks for it; until then the request's own (already normalised) URL is sent.
 */
class Target implements AuthTarget {
  #href: string;
  #url: URL | undefined;

  constructor(
    href: string,
    url: URL | undefined,
    readonly headers: Headers,
  ) {
    this.#href = href;
    this.#url = url;
  }

  get url(): URL {
    this.#url ??= new URL(this.#href);
    return this.#url;
  }

  set url(url: URL) {
    this.#url = url;
  }

  /** The URL to send to: the parsed one if a strategy may have changed it, else the string. */
  get input(): string | URL {
    return this.#url ?? this.#href;
  }

  get href(): string {
    return this.#url?.href ?? this.#href;
  }
}

/** Creates the fetch function a client hands to openapi-fetch. */
export function createTransport(options: TransportOptions): (input: OutgoingRequest) => Promise<Response> {
  const { auth, clock, redactor, logger, responseMapper, fetch } = options;
  // The scope as a string prefix of normalised URLs (what `URL.href` and `Request.url` are): its
  // origin and path. `userinfo@` never matches: such a URL gets no credentials.
  const scope = new URL(options.authScope);
  const scopePrefix = `${scope.origin}${scope.pathname.replace(/\/+$/, '')}`;
  const inScope = (href: string) => {
    if (!href.startsWith(scopePrefix)) return false;
    const next = href.charCodeAt(scopePrefix.length);
    // The end of the URL, or the end of a path segment: `/v1` is in scope of `/v1`, `/v10` is not.
    return Number.isNaN(next) || next === 0x2f || next === 0x3f || next === 0x23;
  };
  const random = options.random ?? Math.random;
  const credentialHeaders = [...CREDENTIAL_HEADERS, ...(auth?.headers ?? []).map((name) => name.toLowerCase())];

  /** The error an attempt's failure becomes, and whether it may be retried. */
  function failure(call: Call, controller: AbortController, error: unknown): { error: unknown; retryable: boolean } {
    if (call.callerSignal?.aborted) return { error: call.callerSignal.reason, retryable: false };
    const reason = controller.signal.reason;
    if (reason === TIMEOUT) {
      return { error: new TimeoutError({ ...call.info(), timeoutMs: call.timeoutMs ?? 0 }), retryable: false };
    }
    if (reason === DEADLINE || call.expired) {
      return {
        error: new TimeoutError({ ...call.info(), timeoutMs: call.deadlineMs ?? 0, limit: 'deadlineMs' }),
        retryable: false,
      };
    }
    if (error instanceof AuthFailure) return { error: error.error, retryable: false };
    if (error instanceof TooLarge) {
      return {
        error: new ResponseTooLargeError({ ...call.info(), maxResponseBytes: call.maxResponseBytes }),
        retryable: false,
      };
    }
    if (error instanceof MediaspecError) return { error, retryable: false };
    const cause = redactCause(error, redactor);
    return {
      error: new NetworkError({
        ...call.info(),
        attempts: call.attempt,
        cause,
        message: `${call.describe()} failed after ${call.attempt} attempt${call.attempt === 1 ? '' : 's'}: ${causeReason(cause)}`,
      }),
      retryable: true,
    };
  }

  /**
   * Step 2: one attempt, up to the final hop's response (its body not read yet). Sends the
   * request with `redirect: 'manual'` and follows redirects here, so that every hop is checked
   * against the base URL: credentials (the strategy's, and any the caller's headers hold) go
   * only to hops under it.
   */
  async function sendAttempt(call: Call, attempt: Attempt, request: OutgoingRequest): Promise<Response> {
    const { controller } = attempt;
    // Each attempt starts from a copy of the request's headers: credentials never go into the
    // request itself, which middleware may see, and a retry starts without the last ones.
    let target = new Target(request.url, undefined, new Headers(request.headers));
    let method = call.method;
    let body = call.body;
    let base: Headers | undefined;
    call.redirected = false;
    for (let hop = 0; ; hop++) {
      // The URL the caller may see: the hop's, before a strategy adds credentials to it.
      call.finalHref = target.href;
      attempt.authorized = false;
      if (auth !== undefined && inScope(target.href)) {
        attempt.authorized = true;
        let applied: void | Promise<void>;
        try {
          applied = auth.apply(target, controller.signal);
        } catch (error) {
          throw new AuthFailure(error);
        }
        // Most strategies add a header and return: only a pending one is waited for.
        if (applied !== undefined) {
          try {
            await applied;
          } catch (error) {
            throw new AuthFailure(error);
          }
        }
      }
      attempt.target = target;
      const init: RequestInit = {
        method,
        headers: target.headers,
        body,
        signal: controller.signal,
        redirect: 'manual',
      };
      const response = await fetch(
        target.input,
        call.fetchOptions === undefined ? init : Object.assign({}, call.fetchOptions, init),
      );
      const status = response.status;
      if (status < 300 || status > 399) return response;
      if (response.type === 'opaqueredirect') {
        // A browser hides where the redirect leads: following it blindly could hand the
        // credentials to anyone, so it is not followed.
        if (call.redirect === 'manual') return response;
        throw new RedirectError({
          ...call.info(),
          reason: 'opaque',
          message: `${call.describe()} was redirected, and this runtime does not let the client see where to; the redirect is not followed (send the request to its final URL)`,
        });
      }
      const location = REDIRECT_STATUSES.has(status) ? response.headers.get('location') : null;
      if (location === null || call.redirect === 'manual') return response;
      response.body?.cancel().catch(() => {});
      if (call.redirect === 'error') {
        throw new RedirectError({
          ...call.info(),
          reason: 'not-allowed',
          message: `${call.describe()} was redirected (${status}), and the call asked for redirect: 'error'`,
        });
      }
      if (hop >= MAX_REDIRECTS) {
        throw new RedirectError({
          ...call.info(),
          reason: 'too-many',
          message: `${call.describe()} was redirected more than ${MAX_REDIRECTS} times`,
        });
      }
      let next: URL;
      try {
        next = new URL(location, target.href);
      } catch {
        next = new URL('invalid:');
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new RedirectError({
          ...call.info(),
          reason: 'invalid-location',
          message: `${call.describe()} was redirected to a location that is not an http(s) URL`,
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
      if (!inScope(next.href)) for (const name of credentialHeaders) base.delete(name);
      target = new Target(next.href, next, new Headers(base));
      call.redirected = true;
      attempt.arm();
    }
  }

  /** Whether the final response is handed over live: a successful one the caller streams. */
  function isLive(call: Call, response: Response): boolean {
    const status = response.status;
    return (
      status >= 200 &&
      status < 300 &&
      (call.parseAs === 'stream' || call.parseAs === 'blob' || call.parseAs === 'arrayBuffer') &&
      call.method !== 'HEAD' &&
      !NO_BODY_STATUSES.has(status) &&
      response.body !== null
    );
  }

  /** Waits `delayMs` before a retry, if the retry rules and the deadline allow one: true when it did. */
  async function wait(call: Call, delayMs: number, reason: string): Promise<boolean> {
    if (call.deadlineAt !== undefined && clock.now() + delayMs >= call.deadlineAt) return false;
    call.retries++;
    logger?.({ type: 'retry', method: call.method, url: call.url, attempt: call.attempt, reason, delayMs });
    await clock.sleep(delayMs, call.callerSignal);
    return !call.expired;
  }

  function logResponse(call: Call, status: number) {
    logger?.({
      type: 'response',
      method: call.method,
      url: call.url,
      attempt: call.attempt,
      status,
      durationMs: Math.round(clock.now() - call.started),
    });
  }

  /** The live response handed to a streaming caller: its body is watched until it ends. */
  function handOver(call: Call, attempt: Attempt, response: Response): Response {
    // From here the watchdog times the waits for the network only, not the caller's reading.
    attempt.disarm();
    const headers = new Headers(response.headers);
    if (isEncoded(headers)) {
      headers.delete('content-encoding');
      headers.delete('content-length');
    }
    const body = liveBody(
      response.body as ReadableStream<Uint8Array>,
      attempt,
      (error) => failure(call, attempt.controller, error).error,
      () => attempt.stopListening(),
    );
    const live = new LiveResponse(body, { status: response.status, statusText: response.statusText, headers });
    call.httpStatus = response.status;
    setResponseMeta(live, call);
    logResponse(call, response.status);
    return live;
  }

  /** The attempt loop: send, then renew credentials after a 401, retry, or return the response. */
  async function run(call: Call, request: OutgoingRequest): Promise<Response> {
    try {
      for (;;) {
        if (call.callerSignal?.aborted) throw call.callerSignal.reason;
        call.attempt++;
        if (logger) {
          logger({ type: 'request', method: call.method, url: call.url, attempt: call.attempt });
          call.started = clock.now();
        }
        // One signal per attempt: aborted by the caller, this attempt's timeout or the deadline.
        const attempt = new Attempt(call);
        attempt.arm();

        let response: Response;
        let bytes: Uint8Array;
        try {
          response = await sendAttempt(call, attempt, request);
          if (isLive(call, response)) return handOver(call, attempt, response);
          bytes = await readLimited(response, call.maxResponseBytes, attempt);
        } catch (error) {
          attempt.end();
          const outcome = failure(call, attempt.controller, error);
          logger?.({
            type: 'error',
            method: call.method,
            url: call.url,
            attempt: call.attempt,
            durationMs: Math.round(clock.now() - call.started),
            error: errorSummary(outcome.error),
          });
          if (outcome.retryable && call.mayRetry && call.retries < call.policy.retries) {
            const cause = (outcome.error as NetworkError).cause;
            const delayMs = backoffDelayMs(call.policy, call.retries + 1, random);
            if (await wait(call, delayMs, causeReason(cause))) continue;
          }
          throw outcome.error;
        }
        attempt.end();

        const httpStatus = response.status;
        const { headers } = response;
        if (httpStatus === 401 && attempt.authorized && auth?.refresh && !call.refreshed) {
          call.refreshed = true;
          if (await auth.refresh(attempt.target as Target, call.callerSignal)) {
            logger?.({
              type: 'retry',
              method: call.method,
              url: call.url,
              attempt: call.attempt,
              reason: '401: credentials renewed',
              delayMs: 0,
            });
            continue;
          }
        }

        const mapping =
          responseMapper && httpStatus >= 200 && httpStatus < 300 && looksLikeJson(bytes)
            ? mapStatus(responseMapper, httpStatus, headers, bytes, call)
            : undefined;
        const status = mapping?.status ?? httpStatus;

        if (RETRY_STATUSES.has(status) && call.mayRetry && call.retries < call.policy.retries) {
          const requested = serverRetryDelayMs(headers);
          // A wait beyond `maxRetryAfterMs` (always within a timer's range) is not worth making.
          if (requested === undefined || requested <= call.policy.maxRetryAfterMs) {
            const delayMs = requested ?? backoffDelayMs(call.policy, call.retries + 1, random);
            if (await wait(call, delayMs, `status ${status}`)) continue;
          }
        }

        call.httpStatus = httpStatus;
        call.bytes = bytes;
        call.parsed = mapping?.parsed;
        if (status !== httpStatus) call.status = status;
        if (call.method !== 'HEAD' && !NO_BODY_STATUSES.has(httpStatus) && isEncoded(headers)) {
          call.headers = decodedHeaders(headers, bytes.byteLength);
        }
        const result = adopt(response, call);
        if (logger) logResponse(call, status);
        return result;
      }
    } finally {
      // The deadline bounds the call up to the response: a handed-over stream has its idle timeout.
      if (call.deadlineTimer !== undefined) clearTimeout(call.deadlineTimer);
      // The call lives on as the response's description: it keeps no request body, and no
      // controller (the deadline it served is over; a handed-over stream has its attempt's).
      call.body = undefined;
      call.controller = undefined;
    }
  }

  return function transport(request: OutgoingRequest): Promise<Response> {
    const call = new Call(request, options);
    const body = requestBody(request);
    if (body === undefined) return run(call, request);
    if (typeof body === 'string' || body instanceof Uint8Array) {
      call.body = body;
      return run(call, request);
    }
    return body.then(
      (bytes) => {
        call.body = bytes;
        return run(call, request);
      },
      (error: unknown) => {
        if (call.deadlineTimer !== undefined) clearTimeout(call.deadlineTimer);
        throw error;
      },
    );
  };
}

/**
 * One attempt: its abort controller (aborted by the caller's signal, its timeout or the call's
 * deadline) and its timeout, armed while waiting for the network. What the attempt reached (the
 * final hop and whether it carried credentials) is noted for the 401 renewal.
 */
class Attempt extends Watchdog {
  readonly controller: AbortController;
  target: Target | undefined = undefined;
  authorized = false;
  readonly #call: Call;
  #onCallerAbort: (() => void) | undefined = undefined;

  constructor(call: Call) {
    const controller = new AbortController();
    super(call.timeoutMs, controller, TIMEOUT);
    this.controller = controller;
    this.#call = call;
    call.controller = controller;
    const { callerSignal } = call;
    if (callerSignal !== undefined) {
      this.#onCallerAbort = () => controller.abort(callerSignal.reason);
      callerSignal.addEventListener('abort', this.#onCallerAbort, { once: true });
    }
  }

  /** Stops listening to the caller's signal. */
  stopListening(): void {
    if (this.#onCallerAbort === undefined) return;
    this.#call.callerSignal?.removeEventListener('abort', this.#onCallerAbort);
    this.#onCallerAbort = undefined;
  }

  /** The attempt is over (its body read, or failed): no timeout, no listener. */
  end(): void {
    this.disarm();
    this.stopListening();
  }
}

/** What the `error` log event says of a failure. */
function errorSummary(error: unknown): string {
  if (error instanceof NetworkError) return causeReason(error.cause);
  if (error instanceof TimeoutError) return `timed out after ${error.timeoutMs} ms`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The headers of a buffered response whose body was decoded from what the server sent (gzip...):
 * the server's, without the announced encoding and length.
 */
function decodedHeaders(headers: Headers, length: number): Headers {
  const copy = new Headers(headers);
  copy.delete('content-encoding');
  copy.delete('transfer-encoding');
  copy.set('content-length', String(length));
  return copy;
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
 * A fully read response: the network's own Response, whose body the transport has read, given
 * the members below to serve those bytes. Adopting it costs less than building a new Response
 * (measured as the largest part of the work after the headers arrive), and keeps the server's
 * status, headers and type.
 * `json()` parses once and reuses what the response mapper parsed; a body that is not valid
 * JSON rejects with a clear error instead of a bare SyntaxError. `url` is the final URL,
 * redacted, and `redirected` says whether the transport followed a redirect to it.
 *
 * The stream-based API (`body`, `bodyUsed`, `arrayBuffer()`, `blob()`, `bytes()`, `formData()`,
 * `clone()`) is served by an ordinary Response over the same bytes, made on first use. Platform
 * code that reads a Response's internal body (a Worker returning it, `cache.put`) sees one
 * already read, and throws: pass it `response.clone()`.
 *
 * Never constructed: {@link adopt} gives a network Response this prototype. What it serves is
 * held by the {@link Call} that answered, its {@link ResponseMeta}.
 */
class BufferedResponse extends Response {
  private constructor() {
    super();
  }

  override get status(): number {
    return answer(this).status ?? super.status;
  }

  override get ok(): boolean {
    const { status } = this;
    return status >= 200 && status <= 299;
  }

  override get statusText(): string {
    return answer(this).status === undefined ? super.statusText : '';
  }

  override get headers(): Headers {
    return answer(this).headers ?? super.headers;
  }

  override get url(): string {
    return answer(this).responseUrl;
  }

  override get redirected(): boolean {
    return answer(this).redirected;
  }

  override async json(): Promise<unknown> {
    const call = answer(this);
    call.parsed ??= { value: parseJson(call.text(), call) };
    return call.parsed.value;
  }

  override async text(): Promise<string> {
    return answer(this).text();
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return streamed(this).body;
  }

  override get bodyUsed(): boolean {
    return answer(this).streamed?.bodyUsed ?? false;
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

/** Turns the network's response, its body read into `call.bytes`, into a {@link BufferedResponse}. */
function adopt(response: Response, call: Call): BufferedResponse {
  const buffered = Object.setPrototypeOf(response, BufferedResponse.prototype) as BufferedResponse;
  setResponseMeta(buffered, call);
  return buffered;
}

/** A response handed over live, over the watched body: it names its URL as a buffered one does. */
class LiveResponse extends Response {
  override get url(): string {
    return answer(this).responseUrl;
  }

  override get redirected(): boolean {
    return answer(this).redirected;
  }
}

function answer(response: Response): Call {
  return getResponseMeta(response) as Call;
}

/** The ordinary Response over a BufferedResponse's bytes, made on first use. */
function streamed(response: BufferedResponse): Response {
  const call = answer(response);
  call.streamed ??= new Response(
    NO_BODY_STATUSES.has(response.status) ? null : (call.bytes as Uint8Array<ArrayBuffer>),
    response,
  );
  return call.streamed;
}

/** Decodes UTF-8 as `Response.text()` does (a leading BOM is dropped). Stateless between calls. */
const decoder = new TextDecoder();

function parseJson(text: string, call: Call): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // The parser's own message quotes the body, cut at a place redaction cannot see (part of a
    // credential would survive): quote the start of the redacted body instead.
    const body = call.redactor.text(text).replace(/\s+/g, ' ').trim();
    const excerpt = body.length > 100 ? `${body.slice(0, 97)}...` : body;
    throw new InvalidResponseError(
      `${call.describe()} returned a body that is not valid JSON: ${JSON.stringify(excerpt)}`,
    );
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
  call: Call,
): { status: number; parsed: { value: unknown } | undefined } {
  let parsed: { value: unknown } | undefined;
  const json = () => {
    parsed ??= { value: parseJson(decoder.decode(bytes), call) };
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
