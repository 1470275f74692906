import createClient, { type Client, type ClientOptions as FetchClientOptions, type Middleware } from 'openapi-fetch';
import type { AuthStrategy } from './auth.js';
import { type Clock, systemClock } from './clock.js';
import {
  CONTEXT_INIT,
  type ErrorMessageReader,
  getResponseMeta,
  NO_SETTINGS,
  type ParseAs,
  type RequestContext,
  setResponseMeta,
} from './context.js';
import type { ExactClient } from './exact.js';
import { checkByteLimit, checkDuration } from './limits.js';
import { createRedactor } from './redact.js';
import { ClientRequest } from './request.js';
import { type RetryOptions, retryPolicy } from './retry.js';
import { createTransport, type Logger, type ResponseMapper } from './transport.js';

/** The options every provider's `create*Client()` accepts besides its credentials. */
export interface CommonClientOptions {
  /** The API's base URL. Defaults to the provider's documented server where it has one. */
  baseUrl?: string;
  /** The fetch implementation to send with. Defaults to the platform's `fetch`. */
  fetch?: typeof globalThis.fetch;
  /**
   * Timeout of each attempt, in ms: the wait for the response headers, then the wait for each
   * chunk of the body. Default 60 000; `0` turns it off.
   */
  timeoutMs?: number;
  /**
   * Overall deadline of one call, in ms: every attempt, retry wait and redirect, up to the
   * response (a streamed body is then bounded by `timeoutMs` per chunk). Default `0`: none.
   */
  deadlineMs?: number;
  /**
   * Largest body read into memory (JSON, text and error bodies), in bytes, counted after
   * decoding. Default 33 554 432 (32 MiB). `parseAs: 'stream' | 'blob' | 'arrayBuffer'`
   * responses are handed over live and not limited.
   */
  maxResponseBytes?: number;
  /** Retry rules, or `false` for none. See the retry table in @mediaspec/core's README. */
  retry?: RetryOptions | false;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Receives request, response, retry and error events (URLs redacted). */
  logger?: Logger;
}

/** Everything `createApiClient()` needs: the common options plus what the provider decides. */
export interface ApiClientOptions extends CommonClientOptions {
  baseUrl: string;
  /** How credentials are added to each request. */
  auth?: AuthStrategy;
  /** Turns errors an API reports inside a 2xx body into error results. */
  responseMapper?: ResponseMapper;
  /** Reads the human message out of the API's error bodies, for ApiError messages. */
  errorMessage?: ErrorMessageReader;
  /** Query and body serialization, as openapi-fetch takes them. */
  querySerializer?: FetchClientOptions['querySerializer'];
  bodySerializer?: FetchClientOptions['bodySerializer'];
  /** For tests: the clock retries and timeouts use. */
  clock?: Clock;
}

/** Default of `timeoutMs`. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Default of `maxResponseBytes`: 32 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * Creates an openapi-fetch client typed by `Paths` that sends through the shared transport:
 * credentials per attempt and per redirect hop (only under `baseUrl`), timeouts, the retry
 * rules, bounded bodies, response mapping and logging. The result is a plain openapi-fetch
 * client: `GET`/`POST`/..., `use()`, `{ data, error, response }`.
 */
export function createApiClient<Paths extends {}>(options: ApiClientOptions): ExactClient<Paths> {
  const baseUrl = checkBaseUrl(options.baseUrl);
  const timeoutMs = checkDuration('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const deadlineMs = checkDuration('deadlineMs', options.deadlineMs ?? 0);
  const maxResponseBytes = checkByteLimit('maxResponseBytes', options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
  let fetch: typeof globalThis.fetch;
  if (options.fetch != null) {
    if (typeof options.fetch !== 'function') throw new TypeError('fetch must be a function');
    fetch = options.fetch;
  } else if (typeof globalThis.fetch === 'function') {
    // Looked up per call, so a fetch installed later (a test interceptor) is used.
    fetch = (input, init) => globalThis.fetch(input, init);
  } else {
    throw new TypeError('No fetch implementation: pass `fetch` (this runtime has no globalThis.fetch)');
  }
  const auth = options.auth;
  const redactor = createRedactor(() => auth?.secrets() ?? [], auth?.queryParams ?? []);
  const transport = createTransport({
    fetch,
    auth,
    authScope: baseUrl,
    retry: retryPolicy(options.retry),
    timeoutMs: timeoutMs || undefined,
    deadlineMs: deadlineMs || undefined,
    maxResponseBytes,
    logger: options.logger,
    responseMapper: options.responseMapper,
    errorMessage: options.errorMessage,
    clock: options.clock ?? systemClock,
    redactor,
  });
  const client = createClient<Paths>({
    baseUrl,
    fetch: transport as typeof globalThis.fetch,
    Request: ClientRequest,
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.querySerializer ? { querySerializer: options.querySerializer } : {}),
    ...(options.bodySerializer ? { bodySerializer: options.bodySerializer } : {}),
  });
  // Whether the caller registered middleware: from then on every call may be seen or changed
  // by one. Until then openapi-fetch skips its middleware steps, and the Request class builds no
  // Request (see request.ts).
  let useMiddleware = false;
  const use = client.use;
  client.use = (...middleware) => {
    useMiddleware = true;
    use(...middleware);
  };

  /**
   * What every call goes through before openapi-fetch: its path parameters are checked, and its
   * context (how the body is read, the path template) rides in the init to the Request class.
   */
  const prepare = (method: string, schemaPath: string, init: CallInit | undefined): RequestContext => {
    checkPathParams(schemaPath, init?.params?.path);
    return {
      method,
      parseAs: init?.parseAs ?? 'json',
      schemaPath,
      settings: NO_SETTINGS,
      init: undefined,
      url: undefined,
      middleware: useMiddleware || (init?.middleware !== undefined && init.middleware.length > 0),
    };
  };

  /**
   * A response a middleware made (in place of the transport's, or of an error) is described from
   * the call, so that unwrap() can name it.
   */
  const describe = (context: RequestContext) => (result: { response: Response }) => {
    if (getResponseMeta(result.response) === undefined) {
      setResponseMeta(result.response, {
        method: context.method,
        path: context.schemaPath,
        url: context.url === undefined ? '' : redactor.url(context.url),
        httpStatus: result.response.status,
        redactor,
        errorMessage: options.errorMessage,
      });
    }
    return result;
  };

  /** The call's init, with its context for the Request class (assigned: spreading costs more). */
  const withContext = (init: CallInit | undefined, context: RequestContext): CallInit => {
    const copy: CallInit = Object.assign({}, init);
    copy[CONTEXT_INIT] = context;
    return copy;
  };
  const methods = client as unknown as Record<(typeof METHODS)[number], Send> & {
    request: (method: string, url: string, init?: CallInit) => Promise<{ response: Response }>;
  };
  for (const method of METHODS) {
    const call = methods[method];
    methods[method] = (url, init) => {
      let context: RequestContext;
      try {
        context = prepare(method, url, init);
      } catch (error) {
        return Promise.reject(error);
      }
      const sent = call(url, withContext(init, context));
      return context.middleware ? sent.then(describe(context)) : sent;
    };
  }
  const request = methods.request;
  methods.request = (method, url, init) => {
    let context: RequestContext;
    try {
      context = prepare(method.toUpperCase(), url, init);
    } catch (error) {
      return Promise.reject(error);
    }
    const sent = request(method, url, withContext(init, context));
    return context.middleware ? sent.then(describe(context)) : sent;
  };
  return client as Client<Paths, `${string}/${string}`>;
}

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

/** The init of a call, as far as the client reads it. */
interface CallInit {
  params?: { path?: Record<string, unknown> };
  parseAs?: ParseAs;
  middleware?: Middleware[];
  [CONTEXT_INIT]?: RequestContext;
}

type Send = (url: string, init?: CallInit) => Promise<{ response: Response }>;

const PATH_PARAM = /\{([^{}]+)\}/g;

/**
 * Refuses, before anything is sent, a path parameter that would make the URL name another
 * resource: missing (openapi-fetch would send `{id}` literally), empty (`/items/` is the
 * collection), `.` or `..` (the URL parser resolves them: `/items/..` is `/`), also when
 * percent-encoded.
 */
function checkPathParams(schemaPath: string, values: Record<string, unknown> | undefined): void {
  if (!schemaPath.includes('{')) return;
  for (const match of schemaPath.matchAll(PATH_PARAM)) {
    const name = (match[1] as string).replace(/^[.;]/, '').replace(/\*$/, '');
    const value = values?.[name];
    if (value === undefined || value === null) {
      throw new TypeError(`${schemaPath}: the path parameter "${name}" is missing`);
    }
    const parts = Array.isArray(value) ? value : [value];
    for (const part of parts) {
      const text = String(part);
      let decoded = text;
      try {
        decoded = decodeURIComponent(text);
      } catch {
        // not percent-encoded text: checked as is
      }
      if (text === '' || decoded === '.' || decoded === '..') {
        throw new TypeError(
          `${schemaPath}: the path parameter "${name}" must not be ${text === '' ? 'empty' : JSON.stringify(text)} (it would address another resource)`,
        );
      }
    }
  }
}

function checkBaseUrl(baseUrl: unknown): string {
  if (typeof baseUrl !== 'string' || baseUrl === '') {
    throw new TypeError('baseUrl is required: the API server, e.g. "https://api.example.com"');
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`baseUrl must be an absolute URL, got "${baseUrl}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`baseUrl must use http or https, got "${url.protocol}"`);
  }
  if (url.username || url.password) {
    throw new TypeError('baseUrl must not contain credentials; pass them as the client options instead');
  }
  if (url.search || url.hash) {
    throw new TypeError('baseUrl must not have a query or fragment');
  }
  return baseUrl.replace(/\/+$/, '');
}
