import { apiKeyQuery, type CommonClientOptions, createApiClient, type ExactClient } from '@mediaspec/core';
import { envelopeStatus } from './envelope-status.js';
import type { paths } from './generated/openapi.js';
import { serializeQuery } from './query.js';

/** The server PStream documents. */
export const PSTREAM_BASE_URL = 'https://api.pstream.net/v1';

export interface PStreamClientOptions extends CommonClientOptions {
  /** The API login from the PStream user panel. */
  login: string;
  /** The API key (API password) from the PStream user panel. Never shown in errors or logs. */
  key: string;
  /** Defaults to `https://api.pstream.net/v1`. `login` and `key` are sent only to URLs under it. */
  baseUrl?: string;
}

/** An openapi-fetch client typed by the PStream spec. */
export type PStreamClient = ExactClient<paths>;

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
export function createPStreamClient(options: PStreamClientOptions): PStreamClient {
  const { login, key, ...common } = options;
  if (typeof login !== 'string' || login === '') {
    throw new TypeError('createPStreamClient: login is required (the API login from the PStream user panel)');
  }
  if (typeof key !== 'string' || key === '') {
    throw new TypeError('createPStreamClient: key is required (the API key from the PStream user panel)');
  }
  const baseUrl = common.baseUrl ?? PSTREAM_BASE_URL;
  return createApiClient<paths>({
    ...common,
    baseUrl,
    // Core sends credentials only to URLs under baseUrl, so the key never reaches the one-time
    // upload host, and appends them without re-encoding the query serialized below.
    auth: apiKeyQuery({ login, key }),
    responseMapper: envelopeStatus,
    querySerializer: serializeQuery,
  });
}
