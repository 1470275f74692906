import { combineAuth, defineProvider, type ExactClient } from '@mediaspec/core';
import { envelopeStatus, errorMessage } from './envelope-status.js';
import type { paths } from './generated/openapi.js';
import { auth, defaultBaseUrl, provider, type ServerOptions } from './generated/spec.js';
import { serializeQuery } from './query.js';

/** The server PStream documents (the spec's first server). */
export const PSTREAM_BASE_URL = defaultBaseUrl;

/** The options of {@link createPStreamClient}; `baseUrl` defaults to {@link PSTREAM_BASE_URL}. */
export interface PStreamClientOptions extends ServerOptions {
  /** The API login from the PStream user panel. */
  login: string;
  /** The API key (API password) from the PStream user panel. Never shown in errors or logs. */
  key: string;
}

/**
 * Creates a client for the PStream API v1. `login` and `key` are added to every request to the
 * API server, a body `status` other than 200 makes the result an error even under HTTP 200, and
 * list parameters are written as the page shows them (`file=a,b`, `headers[]=a&headers[]=b`).
 *
 * ```ts
 * const client = createPStreamClient({ login: process.env.PSTREAM_LOGIN!, key: process.env.PSTREAM_KEY! });
 * const { data, error } = await client.GET('/account/info');
 * ```
 */
export const createPStreamClient = defineProvider<paths, PStreamClientOptions>({
  ...provider,
  credentials: ['login', 'key'],
  // Core sends credentials only to URLs under baseUrl, so the key never reaches the one-time
  // upload host, and appends them without re-encoding the query serialized below.
  auth: ({ login, key }, { text }) =>
    combineAuth(
      auth.ApiLogin(text(login, 'login', 'the API login from the PStream user panel')),
      auth.ApiKey(text(key, 'key', 'the API key from the PStream user panel')),
    ),
  responseMapper: envelopeStatus,
  errorMessage,
  querySerializer: serializeQuery,
});

/** An openapi-fetch client typed by the PStream spec. */
export type PStreamClient = ExactClient<paths>;
