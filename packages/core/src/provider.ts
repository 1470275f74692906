/**
 * One way to define a provider's client: its options are checked the same way, its base URL
 * comes from the generated servers, its auth from the generated security schemes, and its
 * response mapper and error reader are wired the same way. A provider package keeps only what
 * is truly its own (its credentials, helpers, webhooks and quirks).
 */
import type { ClientOptions as FetchClientOptions } from 'openapi-fetch';
import type { AuthStrategy } from './auth.js';
import { type CommonClientOptions, createApiClient } from './client.js';
import type { ErrorMessageReader } from './context.js';
import type { ResponseMapper } from './transport.js';

/** The client `defineProvider()` makes: exactly what `createApiClient()` returns for `Paths`. */
export type ProviderClient<Paths extends {}> = ReturnType<typeof createApiClient<Paths>>;

/** The common options with the base URL resolved: what a provider passes on to side clients. */
export type ResolvedOptions = CommonClientOptions & { baseUrl: string };

/** What a provider's `auth()` gets besides its options, to check them and to make side clients. */
export interface ProviderContext {
  /** The common options (everything but the provider's credentials), with `baseUrl` resolved. */
  readonly common: ResolvedOptions;
  /**
   * Returns `value` when it is a non-empty string; otherwise throws a TypeError naming the
   * factory and the option: `createPipeClient: apiKey is required (the API key from ...)` when
   * it is missing, `... apiKey must be a non-empty string (...)` when it is anything else.
   */
  text(value: unknown, option: string, hint?: string): string;
  /** Throws a TypeError whose message starts with the factory's name. */
  fail(message: string): never;
  /**
   * For an API that takes either a user name and password or a token (an API key, an access
   * token): `'token'` when `options[token]` is given, else `'login'`. Throws when both are.
   */
  loginOrToken(options: object, token: string): 'login' | 'token';
  /**
   * A client that sends no credentials, on the same transport rules (timeouts, retries, logger),
   * for the calls that obtain credentials (a login, a token exchange). `secrets` lists what its
   * requests carry, so its errors and logs redact them too.
   */
  sideClient<Paths extends {}>(secrets: () => string[]): ProviderClient<Paths>;
}

/**
 * How a provider's client is made. `name`, `defaultBaseUrl` and `baseUrlHint` come from the
 * generated `provider` constant (the registry's factory name and the spec's first server).
 */
export interface ProviderDefinition<Options extends CommonClientOptions> {
  /** The factory's name, which starts every error message: `createPipeClient`. */
  name: string;
  /** The spec's first server, undefined when it has variables (a self-hosted API). */
  defaultBaseUrl: string | undefined;
  /** What `baseUrl` is, for the error a caller gets when there is no default and none was given. */
  baseUrlHint?: string;
  /** The provider's own option names (its credentials): they are not passed on to the transport. */
  credentials: readonly Exclude<keyof Options, keyof CommonClientOptions>[];
  /** Checks the credentials and returns the auth strategy, from the generated scheme factories. */
  auth(options: Options, context: ProviderContext): AuthStrategy;
  /** Turns errors the API reports inside a 2xx body into error results. */
  responseMapper?: ResponseMapper;
  /** Reads the human message out of the API's error bodies, for ApiError messages. */
  errorMessage?: ErrorMessageReader;
  /** Query serialization, as openapi-fetch takes it, where the API's differs from the default. */
  querySerializer?: FetchClientOptions['querySerializer'];
}

/**
 * Makes a provider's `create*Client()` from its definition.
 *
 * ```ts
 * export const createPipeClient = defineProvider<paths, PipeClientOptions>({
 *   ...provider, // from ./generated/spec.js
 *   credentials: ['apiKey'],
 *   auth: (options, { text }) => auth.PipeApiKey(text(options.apiKey, 'apiKey')),
 * });
 * ```
 */
export function defineProvider<Paths extends {}, Options extends CommonClientOptions>(
  definition: ProviderDefinition<Options>,
): (options: Options) => ProviderClient<Paths> {
  const { name, defaultBaseUrl, baseUrlHint, credentials } = definition;
  const fail = (message: string): never => {
    throw new TypeError(`${name}: ${message}`);
  };
  const text = (value: unknown, option: string, hint?: string): string => {
    if (typeof value === 'string' && value.trim() !== '') return value;
    const problem = value === undefined ? 'is required' : 'must be a non-empty string';
    return fail(`${option} ${problem}${hint ? ` (${hint})` : ''}`);
  };
  const loginOrToken = (options: object, token: string): 'login' | 'token' => {
    const given = (key: string) => (options as Record<string, unknown>)[key] !== undefined;
    if (!given(token)) return 'login';
    if (given('username') || given('password')) fail(`pass either username and password, or ${token}, not both`);
    return 'token';
  };
  return (options) => {
    if (options === null || typeof options !== 'object') {
      fail(`pass an options object with ${credentials.map(String).join(', ') || 'the client options'}`);
    }
    const common: Record<string, unknown> = { ...(options as object) };
    for (const key of credentials) delete common[key as string];
    const baseUrl = options.baseUrl ?? defaultBaseUrl;
    if (baseUrl === undefined) fail(`baseUrl is required${baseUrlHint ? ` (${baseUrlHint})` : ''}`);
    const resolved = { ...common, baseUrl } as ResolvedOptions;
    const context: ProviderContext = {
      common: resolved,
      text,
      fail,
      loginOrToken,
      sideClient: <P extends {}>(secrets: () => string[]) =>
        createApiClient<P>({ ...resolved, auth: { apply: () => {}, secrets }, errorMessage: definition.errorMessage }),
    };
    return createApiClient<Paths>({
      ...resolved,
      auth: definition.auth(options, context),
      responseMapper: definition.responseMapper,
      errorMessage: definition.errorMessage,
      querySerializer: definition.querySerializer,
    });
  };
}
