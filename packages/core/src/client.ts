import createClient, { type Client, type ClientOptions as FetchClientOptions } from 'openapi-fetch';
import { defaultSend, RequestClass } from '#platform';
import type { AuthStrategy } from './auth.js';
import { type Clock, systemClock } from './clock.js';
import { type ErrorMessageReader, getResponseMeta, setResponseMeta } from './meta.js';
import { createRedactor } from './redact.js';
import { type RetryOptions, retryPolicy } from './retry.js';
import { sendWithFetch } from './send.js';
import { createTransport, type Logger, type ResponseMapper } from './transport.js';

/** The options every provider's `create*Client()` accepts besides its credentials. */
export interface CommonClientOptions {
  /** The API's base URL. Defaults to the provider's documented server where it has one. */
  baseUrl?: string;
  /**
   * The fetch implementation to send with. Defaults to `globalThis.fetch`; on Node, when that is
   * Node's own fetch, requests skip its WHATWG layer and go straight to the HTTP client under it
   * (same connections, same behaviour, several times less overhead). Pass `fetch` to have every
   * request go through a fetch of your own.
   */
  fetch?: typeof globalThis.fetch;
  /** Timeout of each attempt, in ms. Default 60 000; `0` turns it off. */
  timeoutMs?: number;
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

export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Creates an openapi-fetch client typed by `Paths` that sends through the shared transport:
 * credentials per attempt, a timeout per attempt, the retry rules, response mapping and logging.
 * The result is a plain openapi-fetch client: `GET`/`POST`/..., `use()`, `{ data, error, response }`.
 */
export function createApiClient<Paths extends {}>(options: ApiClientOptions): Client<Paths, `${string}/${string}`> {
  const baseUrl = checkBaseUrl(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) {
    throw new TypeError(`timeoutMs must be a finite number >= 0 (0 turns the timeout off), got ${String(timeoutMs)}`);
  }
  const send =
    options.fetch == null
      ? defaultSend()
      : typeof options.fetch === 'function'
        ? sendWithFetch(options.fetch)
        : undefined;
  if (send === undefined) {
    throw new TypeError('No fetch implementation: pass `fetch` (this runtime has no globalThis.fetch)');
  }
  const auth = options.auth;
  const redactor = createRedactor(() => auth?.secrets() ?? [], auth?.queryParams ?? []);
  const transport = createTransport({
    send,
    auth,
    authScope: baseUrl,
    retry: retryPolicy(options.retry),
    timeoutMs: timeoutMs || undefined,
    logger: options.logger,
    responseMapper: options.responseMapper,
    clock: options.clock ?? systemClock,
    redactor,
  });
  const client = createClient<Paths>({
    baseUrl,
    fetch: transport as typeof globalThis.fetch,
    // On Node, a standard Request that notes how it was built, so the transport can skip work
    // (elsewhere undefined: openapi-fetch's default).
    Request: RequestClass,
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.querySerializer ? { querySerializer: options.querySerializer } : {}),
    ...(options.bodySerializer ? { bodySerializer: options.bodySerializer } : {}),
  });
  // Registered first, so its onResponse runs last and sees the response the caller gets.
  client.use({
    onResponse({ request, response, schemaPath }) {
      const meta = getResponseMeta(response);
      if (meta) Object.assign(meta, { path: schemaPath, errorMessage: options.errorMessage });
      else {
        setResponseMeta(response, {
          method: request.method,
          path: schemaPath,
          url: redactor.url(request.url),
          httpStatus: response.status,
          redactor,
          errorMessage: options.errorMessage,
        });
      }
      return undefined;
    },
  });
  return client as Client<Paths, `${string}/${string}`>;
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
