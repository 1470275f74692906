/**
 * The error classes. Every error the library throws extends {@link MediaspecError}, and none
 * carries a credential: messages, bodies, URLs and causes are redacted before they are stored,
 * and `toJSON()` / `util.inspect()` show only those redacted fields.
 */

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/** The base class of every error thrown by mediaspec clients. */
export class MediaspecError extends Error {
  override name = 'MediaspecError';

  /** The fields shown by `JSON.stringify()`, never more. */
  toJSON(): Record<string, unknown> {
    // Own enumerable fields only: `stack` and `cause` are not enumerable, and `cause` is described
    // by name, message and code (all already redacted) rather than dumped.
    const { stack: _stack, ...fields } = this as unknown as Record<string, unknown>;
    const cause = this.cause === undefined ? {} : { cause: describeCause(this.cause) };
    return { name: this.name, message: this.message, ...fields, ...cause };
  }

  /** What Node's `util.inspect()` and `console.log()` print: the stack and the safe fields. */
  [inspectSymbol](): string {
    const { name: _name, message: _message, ...fields } = this.toJSON();
    const extra = Object.keys(fields).length ? ` ${JSON.stringify(fields, null, 2)}` : '';
    return `${this.stack ?? `${this.name}: ${this.message}`}${extra}`;
  }
}

function describeCause(cause: unknown): unknown {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return { name: cause.name, message: cause.message, ...(code === undefined ? {} : { code }) };
  }
  return String(cause);
}

/** Where a failed request went: method, path template and the redacted URL. */
export interface RequestInfo {
  /** Upper-case HTTP method. */
  method: string;
  /** The spec's path template (`/webhooks/{webhookId}`), when known. */
  path: string | undefined;
  /** The request URL with every credential replaced by `[REDACTED]`. */
  url: string;
}

/** Details of an HTTP error response, as {@link ApiError.from} receives them. */
export interface ApiErrorDetails extends RequestInfo {
  status: number;
  statusText?: string;
  /** The parsed (redacted) error body, or its text when it was not JSON. */
  body: unknown;
  /** The provider's request id header, when the response had one. */
  requestId?: string | undefined;
  /** The HTTP status the server really sent, when a response mapper changed it. */
  httpStatus?: number | undefined;
  /**
   * What the body says went wrong, as the provider's error reader found it (its `errorMessage`
   * option). Without it, the message is the body itself when it is text, else its `title`,
   * `detail` or `message` (RFC 9457 problem details and the common `message` field).
   */
  summary?: string | undefined;
}

/**
 * An HTTP error response turned into an exception by `unwrap()`. The subclass tells the status
 * family: {@link BadRequestError}, {@link AuthenticationError}, {@link PermissionDeniedError},
 * {@link NotFoundError}, {@link ConflictError}, {@link UnprocessableEntityError},
 * {@link RateLimitError}, {@link InternalServerError}.
 */
export class ApiError extends MediaspecError {
  override name = 'ApiError';
  /** The status of the error (after response mapping). */
  readonly status: number;
  readonly method: string;
  /** The spec's path template, e.g. `/webhooks/{webhookId}`. */
  readonly path: string | undefined;
  /** The request URL, redacted. */
  readonly url: string;
  /** The parsed error body, redacted. */
  readonly body: unknown;
  readonly requestId: string | undefined;
  /** The status the server sent over HTTP, when it differs from `status` (errors reported in a 200 body). */
  readonly httpStatus: number | undefined;

  constructor(details: ApiErrorDetails) {
    super(`${details.method} ${details.path ?? details.url} failed with ${details.status}${summarize(details)}`);
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.url = details.url;
    this.body = details.body;
    this.requestId = details.requestId;
    this.httpStatus = details.httpStatus !== details.status ? details.httpStatus : undefined;
  }

  /** Creates the subclass that matches `details.status`. */
  static from(details: ApiErrorDetails): ApiError {
    const status = details.status;
    if (status === 400) return new BadRequestError(details);
    if (status === 401) return new AuthenticationError(details);
    if (status === 403) return new PermissionDeniedError(details);
    if (status === 404) return new NotFoundError(details);
    if (status === 409) return new ConflictError(details);
    if (status === 422) return new UnprocessableEntityError(details);
    if (status === 429) return new RateLimitError(details);
    if (status >= 500) return new InternalServerError(details);
    return new ApiError(details);
  }
}

/**
 * A short human summary of an error body: the provider's reading of it when there is one, else
 * the standard fields. Core knows no provider's error shape; each provider passes its reader.
 */
function summarize(details: ApiErrorDetails): string {
  const body = details.body;
  let text: unknown = details.summary;
  if (text === undefined && typeof body === 'string') text = body;
  else if (text === undefined && body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    text = record.title ?? record.detail ?? record.message;
  }
  const statusText = details.statusText ? ` ${details.statusText}` : '';
  if (typeof text !== 'string' || text.trim() === '') return statusText;
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return `${statusText}: ${oneLine.length > 200 ? `${oneLine.slice(0, 197)}...` : oneLine}`;
}

/** 400 Bad Request. */
export class BadRequestError extends ApiError {
  override name = 'BadRequestError';
}
/** 401 Unauthorized: credentials missing, wrong or expired. */
export class AuthenticationError extends ApiError {
  override name = 'AuthenticationError';
}
/** 403 Forbidden. */
export class PermissionDeniedError extends ApiError {
  override name = 'PermissionDeniedError';
}
/** 404 Not Found. */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}
/** 409 Conflict. */
export class ConflictError extends ApiError {
  override name = 'ConflictError';
}
/** 422 Unprocessable Entity. */
export class UnprocessableEntityError extends ApiError {
  override name = 'UnprocessableEntityError';
}
/** 429 Too Many Requests (after the retries allowed by the retry rules). */
export class RateLimitError extends ApiError {
  override name = 'RateLimitError';
}
/** A 5xx status (after the retries allowed by the retry rules). */
export class InternalServerError extends ApiError {
  override name = 'InternalServerError';
}

/** The request never got an HTTP response: connection refused or reset, DNS failure, socket hang-up. */
export class NetworkError extends MediaspecError {
  override name = 'NetworkError';
  readonly method: string;
  readonly url: string;
  /** How many attempts were made. */
  readonly attempts: number;

  constructor(info: RequestInfo & { attempts: number; cause: unknown; message: string }) {
    super(info.message, { cause: info.cause });
    this.method = info.method;
    this.url = info.url;
    this.attempts = info.attempts;
  }
}

/**
 * A call ran out of time: one attempt waited longer than `timeoutMs` for the response headers or
 * for the next chunk of its body (`limit: 'timeoutMs'`), or the whole call, retries and waits
 * included, went past `deadlineMs` (`limit: 'deadlineMs'`). Never retried.
 */
export class TimeoutError extends MediaspecError {
  override name = 'TimeoutError';
  readonly method: string;
  readonly url: string;
  /** The limit that was reached, in ms. */
  readonly timeoutMs: number;
  /** Which option set it. */
  readonly limit: 'timeoutMs' | 'deadlineMs';

  constructor(info: RequestInfo & { timeoutMs: number; limit?: 'timeoutMs' | 'deadlineMs' }) {
    const limit = info.limit ?? 'timeoutMs';
    super(
      limit === 'deadlineMs'
        ? `${info.method} ${info.path ?? info.url} did not complete within its deadline of ${info.timeoutMs} ms (deadlineMs)`
        : `${info.method} ${info.path ?? info.url} timed out after ${info.timeoutMs} ms`,
    );
    this.method = info.method;
    this.url = info.url;
    this.timeoutMs = info.timeoutMs;
    this.limit = limit;
  }
}

/**
 * A response body was larger than the client reads into memory (`maxResponseBytes`, counted
 * after decoding, so a compressed "bomb" is stopped as soon as it passes the limit). Stream large
 * downloads with `parseAs: 'stream'` instead, or raise the limit.
 */
export class ResponseTooLargeError extends MediaspecError {
  override name = 'ResponseTooLargeError';
  readonly method: string;
  readonly url: string;
  /** The limit that was passed, in bytes. */
  readonly maxResponseBytes: number;

  constructor(info: RequestInfo & { maxResponseBytes: number }) {
    super(
      `${info.method} ${info.path ?? info.url} returned a body larger than maxResponseBytes (${info.maxResponseBytes} bytes); use parseAs: 'stream' or raise the limit`,
    );
    this.method = info.method;
    this.url = info.url;
    this.maxResponseBytes = info.maxResponseBytes;
  }
}

/**
 * A redirect the client would not follow: more than 20 in a row, a `Location` that is not an
 * http(s) URL, a redirect when the call asked for `redirect: 'error'`, or, in browsers, a
 * redirect the page may not inspect (an opaque redirect: the client cannot tell where it leads,
 * so it does not send the request, and its credentials, there).
 */
export class RedirectError extends MediaspecError {
  override name = 'RedirectError';
  readonly method: string;
  readonly url: string;
  readonly reason: 'too-many' | 'invalid-location' | 'not-allowed' | 'opaque';

  constructor(info: RequestInfo & { reason: RedirectError['reason']; message: string }) {
    super(info.message);
    this.method = info.method;
    this.url = info.url;
    this.reason = info.reason;
  }
}

/** A successful response whose body could not be read as the JSON the spec promises. */
export class InvalidResponseError extends MediaspecError {
  override name = 'InvalidResponseError';
}

/** A webhook delivery failed verification: missing or malformed signature, or a mismatch. */
export class WebhookVerificationError extends MediaspecError {
  override name = 'WebhookVerificationError';
  /** Why verification failed. */
  readonly reason: 'missing-signature' | 'malformed-signature' | 'mismatch' | 'malformed-payload';

  constructor(reason: WebhookVerificationError['reason'], message: string) {
    super(message);
    this.reason = reason;
  }
}

/**
 * `paginate()` stopped: the server pointed the next page at a page already fetched (its cursor
 * did not advance), which would otherwise repeat the same items forever.
 */
export class PaginationError extends MediaspecError {
  override name = 'PaginationError';
  /** The cursor that came back again. */
  readonly cursor: unknown;

  constructor(cursor: unknown, pages: number) {
    super(
      `Pagination stopped after ${pages} page${pages === 1 ? '' : 's'}: the server pointed the next page at ${JSON.stringify(cursor)} again (the cursor did not advance)`,
    );
    this.cursor = cursor;
  }
}

/** `poll()` gave up: the overall `timeoutMs` elapsed before the job finished. */
export class PollTimeoutError extends MediaspecError {
  override name = 'PollTimeoutError';
  readonly timeoutMs: number;
  /** How many checks were made. */
  readonly attempts: number;

  constructor(timeoutMs: number, attempts: number, what = 'job') {
    super(`The ${what} did not finish within ${timeoutMs} ms (${attempts} checks)`);
    this.timeoutMs = timeoutMs;
    this.attempts = attempts;
  }
}

/** `poll()` saw the job fail. `state` is the last state the server reported. */
export class PollFailedError<State = unknown> extends MediaspecError {
  override name = 'PollFailedError';
  readonly state: State;

  constructor(message: string, state: State) {
    super(message);
    this.state = state;
  }
}
