import {
  type AuthStrategy,
  callOptions,
  defineProvider,
  type ErrorMessageReader,
  type ExactClient,
  type ProviderContext,
  queryTokenProvider,
  unwrap,
} from '@mediaspec/core';
import type { paths } from './generated/openapi.js';
import { auth, provider, type ServerOptions, securitySchemes } from './generated/spec.js';
import { loginToken } from './login-reply.js';

/** Log in with a VALT user: the client calls `POST /login` when it first needs a token. */
export interface ValtPasswordOptions extends ServerOptions {
  username: string;
  password: string;
  accessToken?: never;
}

/** Use a token you already have (from `POST /login`); a 401 is returned to you as is. */
export interface ValtTokenOptions extends ServerOptions {
  accessToken: string;
  username?: never;
  password?: never;
}

/** The options of {@link createValtClient}: a username and password, or an access token. */
export type ValtClientOptions = ValtPasswordOptions | ValtTokenOptions;

/** An openapi-fetch client typed by the VALT spec. */
export type ValtClient = ExactClient<paths>;

/**
 * VALT's error bodies: `{ error: { message } }` with a 401, problem details with a 404, and
 * `{ data: "Invalid username or password" }` for a refused login.
 */
const errorMessage: ErrorMessageReader = (body) => {
  const record = (body ?? {}) as { error?: { message?: unknown }; title?: unknown; data?: unknown };
  const message = record.error?.message ?? record.title ?? record.data;
  return typeof message === 'string' ? message : undefined;
};

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
export const createValtClient = defineProvider<paths, ValtClientOptions>({
  ...provider,
  credentials: ['username', 'password', 'accessToken'],
  errorMessage,
  auth: (options, context) => {
    if (context.loginOrToken(options, 'accessToken') === 'token') {
      return withoutTokenForLogin(auth.accessToken(context.text(options.accessToken, 'accessToken')), context);
    }
    const user = context.text(options.username, 'username', 'or pass accessToken');
    const secret = context.text(options.password, 'password');
    const tokens = queryTokenProvider(securitySchemes.accessToken.name, login(user, secret, context));
    // The password never goes through this client, but list it so no error or log of it can show it.
    return withoutTokenForLogin({ ...tokens, secrets: () => [...tokens.secrets(), secret] }, context);
  },
});

/**
 * Logs in through a client of its own (no token, same transport rules), whose errors and logs
 * redact the password. A login only issues a token, so it may be retried like a GET.
 */
function login(username: string, password: string, context: ProviderContext) {
  const client = context.sideClient<paths>(() => [password]);
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
function withoutTokenForLogin(auth: AuthStrategy, { common }: ProviderContext): AuthStrategy {
  // Resolved on first use: by then createApiClient() has checked baseUrl and reported a bad one.
  let loginPath: string | undefined;
  const isLogin = (url: URL) => {
    loginPath ??= new URL(`${common.baseUrl.replace(/\/+$/, '')}/login`).pathname;
    return url.pathname === loginPath;
  };
  const { refresh } = auth;
  return {
    ...auth,
    apply: (target, signal) => (isLogin(target.url) ? undefined : auth.apply(target, signal)),
    ...(refresh ? { refresh: async (failed, signal) => !isLogin(failed.url) && refresh(failed, signal) } : {}),
  };
}
