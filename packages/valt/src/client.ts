import {
  type AuthStrategy,
  apiKeyQuery,
  type CommonClientOptions,
  callOptions,
  createApiClient,
  type ExactClient,
  queryTokenProvider,
  type TokenProvider,
  unwrap,
} from '@mediaspec/core';
import type { paths } from './generated/openapi.js';
import { loginToken } from './login-reply.js';

/** The query parameter VALT reads the access token from. */
const TOKEN_PARAM = 'access_token';

interface ValtServerOptions extends CommonClientOptions {
  /**
   * The API root of your VALT appliance, `/api/v3` included: `https://valt.example.com/api/v3`.
   * VALT is self-hosted, so there is no default.
   */
  baseUrl: string;
}

/** Log in with a VALT user: the client calls `POST /login` when it first needs a token. */
export interface ValtPasswordOptions extends ValtServerOptions {
  username: string;
  password: string;
  accessToken?: never;
}

/** Use a token you already have (from `POST /login`); a 401 is returned to you as is. */
export interface ValtTokenOptions extends ValtServerOptions {
  accessToken: string;
  username?: never;
  password?: never;
}

/** The options of {@link createValtClient}: a username and password, or an access token. */
export type ValtClientOptions = ValtPasswordOptions | ValtTokenOptions;

/** An openapi-fetch client typed by the VALT spec. */
export type ValtClient = ExactClient<paths>;

/**
 * Creates a client for a VALT appliance's API v3. With a username and password it logs in
 * lazily on the first call, reuses the token, logs in again once when a call is answered 401,
 * and never runs two logins at once. The token and password never appear in errors or logs.
 *
 * ```ts
 * const client = createValtClient({ baseUrl: 'https://valt.example.com/api/v3', username, password });
 * const { data } = await client.GET('/records/download/{recordID}/{videoID}', { params: { path: { recordID, videoID } } });
 * ```
 */
export function createValtClient(options: ValtClientOptions): ValtClient {
  const { username, password, accessToken, ...common } = options ?? ({} as Partial<ValtClientOptions>);
  if (typeof common.baseUrl !== 'string' || common.baseUrl === '') {
    throw new TypeError(
      'createValtClient: baseUrl is required: your VALT appliance\'s API root, e.g. "https://valt.example.com/api/v3"',
    );
  }
  let auth: AuthStrategy;
  if (accessToken !== undefined) {
    if (username !== undefined || password !== undefined) {
      throw new TypeError('createValtClient: pass either username and password, or accessToken, not both');
    }
    requireText(accessToken, 'accessToken');
    auth = apiKeyQuery({ [TOKEN_PARAM]: accessToken });
  } else {
    requireText(username, 'username (or pass accessToken)');
    requireText(password, 'password');
    const tokens = queryTokenProvider(TOKEN_PARAM, login(username, password, common));
    // The password never goes through this client, but list it so no error or log of it can show it.
    auth = { ...tokens, secrets: () => [...tokens.secrets(), password] };
  }
  return createApiClient<paths>({ ...common, auth: withoutTokenForLogin(auth, common.baseUrl) });
}

function requireText(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`createValtClient: ${what} must be a non-empty string`);
  }
}

/**
 * Logs in through a client of its own (no token, same transport rules), whose errors and logs
 * redact the password. A login only issues a token, so it may be retried like a GET.
 */
function login(username: string, password: string, common: ValtServerOptions): TokenProvider {
  const client = createApiClient<paths>({ ...common, auth: { apply: () => {}, secrets: () => [password] } });
  const retryable = callOptions({ idempotent: true });
  // The login is shared by every call waiting for a token, so one caller's abort must not cancel
  // it (the others would fail too): the signal is not passed on; `timeoutMs` still bounds it.
  return async () => {
    const reply = await unwrap(client.POST('/login', { body: { username, password }, middleware: [retryable] }));
    return { value: loginToken(reply) };
  };
}

/**
 * `POST /login` needs no token (`security: []`): an explicit call to it must neither trigger a
 * login nor, when the password is refused with 401, a second login with the client's own credentials.
 */
function withoutTokenForLogin(auth: AuthStrategy, baseUrl: string): AuthStrategy {
  // Resolved on first use: by then createApiClient() has checked baseUrl and reported a bad one.
  let loginPath: string | undefined;
  const isLogin = (url: URL) => {
    loginPath ??= new URL(`${baseUrl.replace(/\/+$/, '')}/login`).pathname;
    return url.pathname === loginPath;
  };
  const { refresh } = auth;
  return {
    ...auth,
    apply: (target, signal) => (isLogin(target.url) ? undefined : auth.apply(target, signal)),
    ...(refresh ? { refresh: async (failed, signal) => !isLogin(failed.url) && refresh(failed, signal) } : {}),
  };
}
