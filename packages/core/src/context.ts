/**
 * What the client knows about one call, kept on the objects themselves under private symbols
 * (cheaper than WeakMaps, and gone with them): the request carries its {@link RequestContext},
 * filled by the client's call methods and `callOptions()`; the response the transport returns
 * carries its {@link ResponseMeta}, which `unwrap()` reads to build a complete, redacted ApiError.
 */
import type { Redactor } from './redact.js';
import type { RetryOptions } from './retry.js';

/** Per-call settings, from `callOptions()`. */
export interface CallSettings {
  idempotent?: boolean | undefined;
  timeoutMs?: number | undefined;
  deadlineMs?: number | undefined;
  maxResponseBytes?: number | undefined;
  retry?: RetryOptions | false | undefined;
}

/** How openapi-fetch will read the body (its `parseAs`). */
export type ParseAs = 'json' | 'text' | 'blob' | 'arrayBuffer' | 'stream' | 'formData';

/** Everything the transport learns about a call before sending it. */
export interface RequestContext {
  /** The call's method, as the client was asked for it. */
  method: string;
  parseAs: ParseAs;
  /** The spec's path template. */
  schemaPath: string | undefined;
  settings: CallSettings;
  /** The init the client's Request class built the request from (a string body is read from it). */
  init?: RequestInit | undefined;
  /** The URL the request was built for. */
  url?: string | undefined;
  /** Whether a middleware may see or change the request (then a standard Request is built). */
  middleware: boolean;
}

/** What unwrap() needs to know of a response. */
export interface ResponseMeta {
  method: string;
  /** The spec's path template, set by the client. */
  path?: string | undefined;
  /** The request URL, redacted. */
  readonly url: string;
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

const CONTEXT = Symbol('mediaspec.request');
const META = Symbol('mediaspec.response');
/** The key under which a call's context rides in openapi-fetch's init, to the client's Request class. */
export const CONTEXT_INIT: unique symbol = Symbol('mediaspec.context');

type WithContext = object & { [CONTEXT]?: RequestContext };
type WithMeta = Response & { [META]?: ResponseMeta };

/** The settings of a call that has none of its own (never changed: callOptions() replaces it). */
export const NO_SETTINGS: CallSettings = Object.freeze({});

/** The request's context, if the client built it (a request a middleware replaced has none). */
export function getContext(request: object): RequestContext | undefined {
  return (request as WithContext)[CONTEXT];
}

export function setContext(request: object, context: RequestContext): void {
  (request as WithContext)[CONTEXT] = context;
}

/** The request's context, created with openapi-fetch's defaults when it has none yet. */
export function context(request: Request): RequestContext {
  const target = request as WithContext;
  target[CONTEXT] ??= {
    method: request.method,
    parseAs: 'json',
    schemaPath: undefined,
    settings: NO_SETTINGS,
    middleware: true,
  };
  return target[CONTEXT];
}

export function setResponseMeta(response: Response, meta: ResponseMeta): void {
  (response as WithMeta)[META] = meta;
}

export function getResponseMeta(response: Response): ResponseMeta | undefined {
  return (response as WithMeta)[META];
}
