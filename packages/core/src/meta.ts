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
}

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
