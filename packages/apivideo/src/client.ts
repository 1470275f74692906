import {
  type AuthStrategy,
  basicAuth,
  bearerTokenProvider,
  type CommonClientOptions,
  createApiClient,
  type ExactClient,
  type TokenProvider,
  unwrap,
} from '@mediaspec/core';
import type { paths } from './generated/openapi.js';

/** The servers api.video documents. */
export const API_VIDEO_SERVERS = {
  production: 'https://ws.api.video',
  sandbox: 'https://sandbox.api.video',
} as const;

export interface ApiVideoClientOptions extends CommonClientOptions {
  /** Your project's API key (production or sandbox). */
  apiKey: string;
  /**
   * `basic` (the default) sends the key as the Basic username on every request. `token`
   * exchanges it at `POST /auth/api-key` for a bearer token, used until shortly before it
   * expires, renewed with its refresh token, and renewed once more after a 401.
   */
  auth?: 'basic' | 'token';
  /** Defaults to production, `https://ws.api.video`; see {@link API_VIDEO_SERVERS}. */
  baseUrl?: string;
}

/** An openapi-fetch client typed by the api.video webhooks spec. */
export type ApiVideoClient = ExactClient<paths>;

/**
 * Creates a client for the api.video webhooks API.
 *
 * ```ts
 * const client = createApiVideoClient({ apiKey: process.env.APIVIDEO_API_KEY! });
 * const { data, error } = await client.GET('/webhooks', { params: { query: { pageSize: 50 } } });
 * ```
 */
export function createApiVideoClient(options: ApiVideoClientOptions): ApiVideoClient {
  const { apiKey, auth = 'basic', ...common } = options;
  if (typeof apiKey !== 'string' || apiKey === '') {
    throw new TypeError('createApiVideoClient: apiKey is required (your api.video API key)');
  }
  if (auth !== 'basic' && auth !== 'token') {
    throw new TypeError(`createApiVideoClient: auth must be "basic" or "token", got ${JSON.stringify(auth)}`);
  }
  const baseUrl = common.baseUrl ?? API_VIDEO_SERVERS.production;
  const strategy: AuthStrategy =
    auth === 'basic' ? basicAuth(apiKey, '') : bearerTokenProvider(tokenExchange(apiKey, { ...common, baseUrl }));
  return createApiClient<paths>({ ...common, baseUrl, auth: strategy });
}

/**
 * Gets bearer tokens from api.video: the API key is exchanged once, then the refresh token
 * renews it; if a refresh is refused, the API key is exchanged again.
 */
function tokenExchange(apiKey: string, common: CommonClientOptions & { baseUrl: string }): TokenProvider {
  let refreshToken: string | undefined;
  // The token calls go through a client of their own (no auth, same transport rules); it knows
  // the secrets it sends so its errors and logs redact them too.
  const tokens = createApiClient<paths>({
    ...common,
    auth: { apply: () => {}, secrets: () => (refreshToken ? [apiKey, refreshToken] : [apiKey]) },
  });
  return async () => {
    let data: Awaited<ReturnType<typeof exchange>> | undefined;
    if (refreshToken) {
      const refreshed = await tokens.POST('/auth/refresh', { body: { refreshToken } });
      data = refreshed.data;
    }
    data ??= await exchange();
    refreshToken = data.refresh_token;
    return { value: data.access_token, expiresIn: data.expires_in, secrets: [data.refresh_token] };
  };

  function exchange() {
    return unwrap(tokens.POST('/auth/api-key', { body: { apiKey } }));
  }
}
