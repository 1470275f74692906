/**
 * The fetch function every client sends through: credentials, timeout, retries, response
 * mapping and logging, in that order, for each attempt. openapi-fetch builds the request and
 * parses the response; this sits between it and the network.
 */
import type { AuthStrategy, AuthTarget } from './auth.js';
import type { Clock } from './clock.js';
import { InvalidResponseError, NetworkError, TimeoutError } from './errors.js';
import { getCallSettings, setResponseMeta } from './meta.js';
import type { Redactor } from './redact.js';
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
 * Decides, from a successful (2xx) JSON response, whether it is really an error: returns the
 * status to report instead (e.g. the `status` an API puts in its body), or undefined to keep it.
 */
export type ResponseMapper = (response: { status: number; headers: Headers; json(): unknown }) => number | undefined;

export interface TransportOptions {
  fetch: typeof globalThis.fetch;
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

/**
 * A fully read response. `json()` parses once and reuses what the response mapper parsed; a
 * body that is not valid JSON rejects with a clear error instead of a bare SyntaxError.
 */
class BufferedResponse extends Response {
  #text: string | undefined;
  #parsed: { value: unknown } | undefined;
  readonly #bytes: ArrayBuffer;
  readonly #describe: () => string;
  readonly #redact: (text: string) => string;

  constructor(
    bytes: ArrayBuffer,
    init: ResponseInit,
    describe: () => string,
    redact: (text: string) => string,
    parsed?: { value: unknown },
  ) {
    super(NO_BODY_STATUSES.has(init.status ?? 200) ? null : bytes, init);
    this.#bytes = bytes;
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

  #textOnce(): string {
    this.#text ??= new TextDecoder().decode(this.#bytes);
    return this.#text;
  }
}

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
    // Read the body once, so every attempt re-sends the same bytes.
    const body = request.body === null ? undefined : await request.arrayBuffer();
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

      // One signal per attempt: the caller's abort, or this attempt's timeout.
      const controller = new AbortController();
      const onCallerAbort = () => controller.abort(callerSignal.reason);
      if (callerSignal.aborted) throw callerSignal.reason;
      callerSignal.addEventListener('abort', onCallerAbort, { once: true });
      const timer = timeoutMs ? setTimeout(() => controller.abort(TIMEOUT), timeoutMs) : undefined;

      let response: Response;
      let bytes: ArrayBuffer;
      try {
        response = await options.fetch(target.url, {
          method,
          headers: target.headers,
          body,
          signal: controller.signal,
          redirect: request.redirect,
        });
        // Read the whole body inside the attempt: the timeout covers it, and a connection
        // reset mid-body is a network error that can be retried.
        bytes = await response.arrayBuffer();
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
        callerSignal.removeEventListener('abort', onCallerAbort);
      }

      const httpStatus = response.status;
      if (httpStatus === 401 && authorized && auth.refresh && !refreshed) {
        refreshed = true;
        if (await auth.refresh(target, callerSignal)) {
          logger?.({ type: 'retry', method, url: url(), attempt, reason: '401: credentials renewed', delayMs: 0 });
          continue;
        }
      }

      let status = httpStatus;
      let parsed: { value: unknown } | undefined;
      if (responseMapper && httpStatus >= 200 && httpStatus < 300 && bytes.byteLength > 0 && isJson(response.headers)) {
        const json = () => {
          parsed ??= { value: parseJson(new TextDecoder().decode(bytes), describe, redactor.text) };
          return parsed.value;
        };
        let mapped: number | undefined;
        try {
          mapped = responseMapper({ status: httpStatus, headers: response.headers, json });
        } catch {
          mapped = undefined; // an unreadable body is reported when the caller parses it
        }
        if (mapped !== undefined && Number.isInteger(mapped) && mapped >= 400 && mapped <= 599) status = mapped;
      }

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

      const headers = new Headers(response.headers);
      headers.delete('transfer-encoding');
      headers.delete('content-encoding'); // the body is already decoded
      headers.set('content-length', String(bytes.byteLength));
      const result = new BufferedResponse(
        bytes,
        { status, statusText: status === httpStatus ? response.statusText : '', headers },
        describe,
        redactor.text,
        parsed,
      );
      setResponseMeta(result, { method, url: url(), httpStatus, redactor });
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
