// @ts-check
/**
 * The typed clients the benchmarks compare, built the same way by every benchmark: bare
 * openapi-fetch, and mediaspec's full stack (an auth strategy, retries, a timeout and a
 * response mapper, as every provider client has). Both send the same bearer token.
 */
import { bearerToken, createApiClient } from '@mediaspec/core';
import createClient from 'openapi-fetch';
import { LIST_QUERY, NEW_ITEM, TOKEN } from './payloads.js';

/** @typedef {import('openapi-fetch').Client<import('./api.js').paths>} BenchClient */

/**
 * A response mapper like the providers': an error status carried in a 2xx JSON body.
 * @type {import('@mediaspec/core').ResponseMapper}
 */
const statusInBody = ({ json }) => {
  const body = /** @type {{ status?: unknown } | null} */ (json());
  return typeof body?.status === 'number' && body.status >= 400 ? body.status : undefined;
};

/**
 * mediaspec's client stack with its default options (timeout, retries, body limit), a bearer
 * token and a response mapper. Without `fetch` it sends through the platform's fetch, as bare
 * openapi-fetch does; with one, through that fetch.
 * @param {string} baseUrl
 * @param {typeof globalThis.fetch} [fetch]
 * @param {{ responseMapper?: boolean }} [options]  `responseMapper: false` leaves the mapper out
 * @returns {BenchClient}
 */
export function mediaspecClient(baseUrl, fetch, { responseMapper = true } = {}) {
  return createApiClient({
    baseUrl,
    ...(fetch ? { fetch } : {}),
    auth: bearerToken(TOKEN),
    ...(responseMapper ? { responseMapper: statusInBody } : {}),
  });
}

/**
 * Bare openapi-fetch, with the token as a default header.
 * @param {string} baseUrl
 * @param {typeof globalThis.fetch} [fetch]
 * @returns {BenchClient}
 */
export function openapiFetchClient(baseUrl, fetch) {
  return createClient({ baseUrl, ...(fetch ? { fetch } : {}), headers: { Authorization: `Bearer ${TOKEN}` } });
}

/**
 * @template T
 * @param {T | undefined} data
 * @returns {T}
 */
function check(data) {
  if (data === undefined) throw new Error('the call returned no data');
  return data;
}

/** The benchmark's calls on a typed client; each resolves to the parsed body. */
export const calls = {
  /** @param {BenchClient} client */
  get: async (client) => check((await client.GET('/items', { params: { query: LIST_QUERY } })).data),
  /** @param {BenchClient} client */
  post: async (client) => check((await client.POST('/items', { body: NEW_ITEM })).data),
  /** @param {BenchClient} client */
  large: async (client) => check((await client.GET('/large')).data),
};
