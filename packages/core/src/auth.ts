/**
 * Auth strategies: how credentials are added to each request. A strategy is applied to every
 * attempt (so a renewed token is used by the retry), never to the URL the caller built, and
 * lists its secrets so that errors and logs can redact them.
 */
import { type Clock, systemClock } from './clock.js';
import { base64 } from './redact.js';

/** The parts of an outgoing attempt a strategy may change. */
export interface AuthTarget {
  url: URL;
  headers: Headers;
}

/** Adds credentials to requests. Implement it for an auth scheme the built-in ones do not cover. */
export interface AuthStrategy {
  /** Adds credentials to one attempt. May fetch a token first (single-flight). */
  apply(target: AuthTarget, signal?: AbortSignal): void | Promise<void>;
  /**
   * Called once when an attempt is answered 401. Renews the credentials and resolves `true` to
   * have the request sent once more, or `false` to return the 401. `failed` is the attempt that
   * got the 401, so a strategy can tell whether its credentials were already renewed meanwhile.
   */
  refresh?(failed: AuthTarget, signal?: AbortSignal): Promise<boolean>;
  /** Every secret the strategy holds right now, for redaction. */
  secrets(): string[];
  /** Query parameter names that carry this strategy's credentials, for redaction. */
  readonly queryParams?: readonly string[];
  /**
   * Header names that carry this strategy's credentials, removed from a redirect that leaves the
   * base URL (besides `Authorization`, `Proxy-Authorization` and `Cookie`, always removed there).
   */
  readonly headers?: readonly string[];
}

/**
 * Appends (or replaces) one query parameter without re-serializing the rest of the query:
 * `url.searchParams.set()` would rewrite every other parameter in URLSearchParams' encoding
 * (`headers[]` -> `headers%5B%5D`, `a,b` -> `a%2Cb`), changing what the API receives.
 */
export function setQueryParam(url: URL, name: string, value: string): void {
  const encodedName = encodeURIComponent(name);
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && pair.split('=')[0] !== encodedName && pair.split('=')[0] !== name);
  kept.push(`${encodedName}=${encodeURIComponent(value)}`);
  url.search = kept.join('&');
}

function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${what} must be a non-empty string`);
  }
  return value;
}

/** An API key sent in a header, e.g. `apiKeyHeader('X-PIPE-AUTH', key)`. */
export function apiKeyHeader(header: string, key: string): AuthStrategy {
  requireString(header, 'apiKeyHeader: the header name');
  requireString(key, `apiKeyHeader: the ${header} key`);
  return {
    apply: ({ headers }) => headers.set(header, key),
    secrets: () => [key],
    headers: [header],
  };
}

/** Several API keys sent together as query parameters, e.g. `apiKeyQuery({ login, key })`. */
export function apiKeyQuery(params: Readonly<Record<string, string>>): AuthStrategy {
  const entries = Object.entries(params);
  if (entries.length === 0) throw new TypeError('apiKeyQuery: name at least one query parameter');
  for (const [name, value] of entries) requireString(value, `apiKeyQuery: the "${name}" parameter`);
  return {
    apply: ({ url }) => {
      for (const [name, value] of entries) setQueryParam(url, name, value);
    },
    secrets: () => entries.map(([, value]) => value),
    queryParams: entries.map(([name]) => name),
  };
}

/** HTTP Basic auth. The username counts as a secret too (some APIs put the API key there). */
export function basicAuth(username: string, password = ''): AuthStrategy {
  requireString(username, 'basicAuth: the username');
  const header = `Basic ${base64(`${username}:${password}`)}`;
  return {
    apply: ({ headers }) => headers.set('Authorization', header),
    secrets: () => [username, password, header.slice(6)].filter(Boolean),
  };
}

/** A fixed bearer token: `Authorization: Bearer <token>`. */
export function bearerToken(token: string): AuthStrategy {
  requireString(token, 'bearerToken: the token');
  return {
    apply: ({ headers }) => headers.set('Authorization', `Bearer ${token}`),
    secrets: () => [token],
  };
}

/** A token, as a token provider returns it. */
export interface Token {
  /** The token itself. */
  value: string;
  /** Seconds until it expires, if known. It is renewed `refreshMarginMs` before that. */
  expiresIn?: number | undefined;
  /** Other secrets that came with it (a refresh token), for redaction. */
  secrets?: readonly string[] | undefined;
}

/** Fetches a new token. `reason` says why: none cached yet, about to expire, or rejected with 401. */
export type TokenProvider = (context: {
  reason: 'initial' | 'expired' | 'rejected';
  signal?: AbortSignal;
}) => Promise<Token>;

export interface TokenOptions {
  /** Renew this long before the token expires. Default 30 000 ms. */
  refreshMarginMs?: number;
  /** For tests. */
  clock?: Clock;
}

/**
 * Caches a token from `provider`: fetched on first use, renewed before it expires and after a
 * 401, and never fetched twice at once (concurrent callers share one fetch).
 */
export class TokenCache {
  #provider: TokenProvider;
  #clock: Clock;
  #marginMs: number;
  #token: Token | undefined;
  #expiresAt = Number.POSITIVE_INFINITY;
  #pending: Promise<string> | undefined;
  /**
   * Every secret this cache has held, without a cap: a retired token may still sit in a failed
   * request's URL or a log line, however many renewals ago it was replaced.
   */
  #retired = new Set<string>();

  constructor(provider: TokenProvider, options: TokenOptions = {}) {
    this.#provider = provider;
    this.#clock = options.clock ?? systemClock;
    this.#marginMs = options.refreshMarginMs ?? 30_000;
  }

  /**
   * The cached token, fetching or renewing it first when needed. `signal` ends this caller's
   * wait only: the fetch is shared by every caller, so one caller's abort does not fail the others.
   */
  get(signal?: AbortSignal): Promise<string> {
    if (this.#pending) return waitFor(this.#pending, signal);
    if (this.#token && this.#clock.now() < this.#expiresAt - this.#marginMs) return Promise.resolve(this.#token.value);
    return waitFor(this.#fetch(this.#token ? 'expired' : 'initial'), signal);
  }

  /**
   * Renews after `rejected` was refused (401). When the cache already holds a newer token
   * (another request renewed it meanwhile), that one is returned without a new fetch.
   */
  renew(rejected: string | undefined, signal?: AbortSignal): Promise<string> {
    if (this.#pending) return waitFor(this.#pending, signal);
    if (this.#token && rejected !== undefined && this.#token.value !== rejected) {
      return Promise.resolve(this.#token.value);
    }
    return waitFor(this.#fetch('rejected'), signal);
  }

  /** Every secret this cache holds or has held. */
  secrets(): string[] {
    const current = this.#token ? [this.#token.value, ...(this.#token.secrets ?? [])] : [];
    return [...current, ...this.#retired];
  }

  #fetch(reason: 'initial' | 'expired' | 'rejected'): Promise<string> {
    const pending = this.#provider({ reason }).then((token) => {
      requireString(token?.value, 'The token provider result: value');
      if (this.#token)
        for (const secret of [this.#token.value, ...(this.#token.secrets ?? [])]) this.#retired.add(secret);
      this.#token = token;
      this.#expiresAt =
        token.expiresIn === undefined ? Number.POSITIVE_INFINITY : this.#clock.now() + token.expiresIn * 1000;
      return token.value;
    });
    this.#pending = pending;
    const clear = () => {
      if (this.#pending === pending) this.#pending = undefined;
    };
    pending.then(clear, clear);
    return pending;
  }
}

/** `promise`, or the signal's abort reason if it aborts first (the promise itself goes on). */
function waitFor<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * A bearer token from an async provider (`Authorization: Bearer <token>`), cached until shortly
 * before it expires, renewed single-flight, and renewed once after a 401.
 */
export function bearerTokenProvider(provider: TokenProvider, options?: TokenOptions): AuthStrategy {
  const cache = new TokenCache(provider, options);
  return {
    apply: async ({ headers }, signal) => headers.set('Authorization', `Bearer ${await cache.get(signal)}`),
    refresh: async ({ headers }, signal) => {
      const used = headers.get('Authorization')?.replace(/^Bearer /, '');
      await cache.renew(used, signal);
      return true;
    },
    secrets: () => cache.secrets(),
  };
}

/**
 * An access token sent as a query parameter (e.g. `?access_token=`), obtained by a login call:
 * logged in lazily, cached, logged in again once after a 401, never two logins at once.
 */
export function queryTokenProvider(param: string, provider: TokenProvider, options?: TokenOptions): AuthStrategy {
  requireString(param, 'queryTokenProvider: the query parameter name');
  const cache = new TokenCache(provider, options);
  return {
    apply: async ({ url }, signal) => setQueryParam(url, param, await cache.get(signal)),
    refresh: async ({ url }, signal) => {
      await cache.renew(url.searchParams.get(param) ?? undefined, signal);
      return true;
    },
    secrets: () => cache.secrets(),
    queryParams: [param],
  };
}

/** Applies several strategies to every request (for APIs that want more than one credential). */
export function combineAuth(...strategies: AuthStrategy[]): AuthStrategy {
  return {
    apply: async (target, signal) => {
      for (const strategy of strategies) await strategy.apply(target, signal);
    },
    refresh: async (failed, signal) => {
      let renewed = false;
      for (const strategy of strategies) {
        if (strategy.refresh && (await strategy.refresh(failed, signal))) renewed = true;
      }
      return renewed;
    },
    secrets: () => strategies.flatMap((s) => s.secrets()),
    queryParams: strategies.flatMap((s) => s.queryParams ?? []),
    headers: strategies.flatMap((s) => s.headers ?? []),
  };
}
