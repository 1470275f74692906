import { defineProvider, type ExactClient, type ProviderContext, type TokenProvider, unwrap } from '@mediaspec/core';
import type { paths } from './generated/openapi.js';
import { auth, provider, type ServerOptions, servers } from './generated/spec.js';

/** The servers api.video documents (the spec's servers). */
export const API_VIDEO_SERVERS = {
  production: servers[0].url,
  sandbox: servers[1].url,
} as const;

/**
 * The options of {@link createApiVideoClient}; `baseUrl` defaults to production,
 * `https://ws.api.video` (see {@link API_VIDEO_SERVERS}).
 */
export interface ApiVideoClientOptions extends ServerOptions {
  /** Your project's API key (production or sandbox). */
  apiKey: string;
  /**
   * `basic` (the default) sends the key as the Basic username on every request. `token`
   * exchanges it at `POST /auth/api-key` for a bearer token, used until shortly before it
   * expires, renewed with its refresh token, and renewed once more after a 401.
   */
  auth?: 'basic' | 'token';
}

/**
 * Creates a client for the api.video webhooks API.
 *
 * ```ts
 * const client = createApiVideoClient({ apiKey: process.env.APIVIDEO_API_KEY! });
 * const { data, error } = await client.GET('/webhooks', { params: { query: { pageSize: 50 } } });
 * ```
 */
export const createApiVideoClient = defineProvider<paths, ApiVideoClientOptions>({
  ...provider,
  credentials: ['apiKey', 'auth'],
  auth: (options, context) => {
    const apiKey = context.text(options.apiKey, 'apiKey', 'your api.video API key');
    const { auth: scheme = 'basic' } = options;
    if (scheme === 'basic') return auth.basicAuth(apiKey, '');
    if (scheme === 'token') return auth.bearerAuth(tokenExchange(apiKey, context));
    return context.fail(`auth must be "basic" or "token", got ${JSON.stringify(scheme)}`);
  },
});

/** An openapi-fetch client typed by the api.video webhooks spec. */
export type ApiVideoClient = ExactClient<paths>;

/**
 * Gets bearer tokens from api.video: the API key is exchanged once, then the refresh token
 * renews it; if a refresh is refused, the API key is exchanged again.
 */
function tokenExchange(apiKey: string, context: ProviderContext): TokenProvider {
  let refreshToken: string | undefined;
  // The token calls go through a client of their own (no auth, same transport rules); it knows
  // the secrets it sends so its errors and logs redact them too.
  const tokens = context.sideClient<paths>(() => (refreshToken ? [apiKey, refreshToken] : [apiKey]));
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
