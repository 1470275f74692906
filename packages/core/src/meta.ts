/**
 * What the client knows about each response it returned (method, path template, redacted URL),
 * kept beside the Response object so `unwrap()` can build a complete, redacted ApiError.
 */
import type { Redactor } from './redact.js';

export interface ResponseMeta {
  method: string;
  /** The spec's path template, set by the client's middleware. */
  path?: string | undefined;
  /** The request URL, redacted. */
  url: string;
  /** The status sent over HTTP, before any response mapping. */
  httpStatus: number;
  redactor: Redactor;
  /** The client's reader of the API's error bodies, for the ApiError message. */
  errorMessage?: ErrorMessageReader | undefined;
}

/**
 * Finds the human message in an API's error body (`{ msg }`, `{ error: { message } }`, ...), for
 * the ApiError message. Returns undefined when the body has none. It receives the redacted body.
 */
export type ErrorMessageReader = (body: unknown) => string | undefined;

const metas = new WeakMap<Response, ResponseMeta>();

export function setResponseMeta(response: Response, meta: ResponseMeta): void {
  metas.set(response, meta);
}

export function getResponseMeta(response: Response): ResponseMeta | undefined {
  return metas.get(response);
}

/** Per-call settings attached to a request by `callOptions()`. */
export interface CallSettings {
  idempotent?: boolean | undefined;
  timeoutMs?: number | undefined;
  retry?: import('./retry.js').RetryOptions | false | undefined;
}

const settings = new WeakMap<Request, CallSettings>();

export function setCallSettings(request: Request, value: CallSettings): void {
  settings.set(request, { ...settings.get(request), ...value });
}

export function getCallSettings(request: Request): CallSettings | undefined {
  return settings.get(request);
}
