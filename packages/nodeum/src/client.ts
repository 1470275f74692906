import { defineProvider, type ErrorMessageReader, type ExactClient } from '@mediaspec/core';
import type { paths } from './generated/openapi.js';
import { auth, provider, type ServerOptions } from './generated/spec.js';

/** HTTP Basic: the user name and password of a Nodeum user. */
export type NodeumBasicAuthOptions = ServerOptions & { username: string; password: string; apiKey?: never };

/** An API key created for a Nodeum user, sent as the whole `Authorization` header value. */
export type NodeumApiKeyOptions = ServerOptions & { apiKey: string; username?: never; password?: never };

/** The options of {@link createNodeumClient}: one way to authenticate, plus the common options. */
export type NodeumClientOptions = NodeumBasicAuthOptions | NodeumApiKeyOptions;

/** Nodeum's error body lists what went wrong in `messages`. */
const errorMessage: ErrorMessageReader = (body) => {
  const messages = (body as { messages?: unknown } | null)?.messages;
  return Array.isArray(messages) ? messages.filter((m) => typeof m === 'string').join('; ') : undefined;
};

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
export const createNodeumClient = defineProvider<paths, NodeumClientOptions>({
  ...provider,
  credentials: ['username', 'password', 'apiKey'],
  errorMessage,
  // `sort_by` is a pipe-delimited array (`sort_by=name:asc|id:desc`), not repeated parameters.
  querySerializer: { array: { style: 'pipeDelimited', explode: false } },
  auth: (options, { text, fail, loginOrToken }) => {
    if (loginOrToken(options, 'apiKey') === 'token') return auth.ApiKeyAuth(text(options.apiKey, 'apiKey'));
    const user = text(options.username, 'username', 'or pass apiKey');
    // HTTP Basic splits "user:pass" at the first colon, so a colon in the user name cannot be sent.
    if (user.includes(':')) fail('username must not contain ":"');
    return auth.BasicAuth(user, text(options.password, 'password'));
  },
});

/** An openapi-fetch client typed by the Nodeum cloud connectors spec. */
export type NodeumClient = ExactClient<paths>;
