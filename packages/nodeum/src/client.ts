import {
  type AuthStrategy,
  apiKeyHeader,
  basicAuth,
  type CommonClientOptions,
  createApiClient,
  type ExactClient,
} from '@mediaspec/core';
import type { paths } from './generated/openapi.js';

interface NodeumServerOptions extends CommonClientOptions {
  /**
   * The API v2 root of your Nodeum server, e.g. `https://nodeum.example.com/api/v2`. Nodeum is
   * self-hosted, so there is no default.
   */
  baseUrl: string;
}

/** HTTP Basic: the user name and password of a Nodeum user. */
export interface NodeumBasicAuthOptions extends NodeumServerOptions {
  username: string;
  password: string;
  apiKey?: never;
}

/** An API key created for a Nodeum user, sent as the whole `Authorization` header value. */
export interface NodeumApiKeyOptions extends NodeumServerOptions {
  apiKey: string;
  username?: never;
  password?: never;
}

/** The options of {@link createNodeumClient}: one way to authenticate, plus the common options. */
export type NodeumClientOptions = NodeumBasicAuthOptions | NodeumApiKeyOptions;

/** An openapi-fetch client typed by the Nodeum cloud connectors spec. */
export type NodeumClient = ExactClient<paths>;

/**
 * Creates a client for the cloud connectors of Nodeum API v2.
 *
 * ```ts
 * const client = createNodeumClient({
 *   baseUrl: 'https://nodeum.example.com/api/v2',
 *   apiKey: process.env.NODEUM_API_KEY!,
 * });
 * const { data, error } = await client.GET('/cloud_connectors', { params: { query: { limit: 20 } } });
 * ```
 */
export function createNodeumClient(options: NodeumClientOptions): NodeumClient {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('createNodeumClient: pass an options object with baseUrl and credentials');
  }
  // Read loosely: plain JavaScript callers may pass any mix, which is checked below.
  const { username, password, apiKey, ...common } = options as NodeumServerOptions & {
    username?: unknown;
    password?: unknown;
    apiKey?: unknown;
  };
  if (common.baseUrl === undefined) {
    throw new TypeError(
      'createNodeumClient: baseUrl is required (the API v2 root of your Nodeum server, e.g. "https://nodeum.example.com/api/v2")',
    );
  }
  return createApiClient<paths>({
    ...common,
    baseUrl: common.baseUrl,
    auth: authStrategy(username, password, apiKey),
    // `sort_by` is a pipe-delimited array (`sort_by=name:asc|id:desc`), not repeated parameters.
    querySerializer: { array: { style: 'pipeDelimited', explode: false } },
  });
}

function authStrategy(username: unknown, password: unknown, apiKey: unknown): AuthStrategy {
  const basic = username !== undefined || password !== undefined;
  if (apiKey !== undefined && basic) {
    throw new TypeError('createNodeumClient: pass either username and password, or apiKey, not both');
  }
  if (apiKey !== undefined) {
    if (typeof apiKey !== 'string' || apiKey.trim() === '') {
      throw new TypeError('createNodeumClient: apiKey must be a non-empty string');
    }
    return apiKeyHeader('Authorization', apiKey);
  }
  if (!basic) {
    throw new TypeError('createNodeumClient: credentials are required: { username, password } or { apiKey }');
  }
  if (typeof username !== 'string' || username === '' || typeof password !== 'string' || password === '') {
    throw new TypeError('createNodeumClient: username and password must both be non-empty strings');
  }
  // HTTP Basic splits "user:pass" at the first colon, so a colon in the user name cannot be sent.
  if (username.includes(':')) throw new TypeError('createNodeumClient: username must not contain ":"');
  return basicAuth(username, password);
}
