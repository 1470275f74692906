import { apiKeyHeader, type CommonClientOptions, createApiClient, type ExactClient } from '@mediaspec/core';
import { pipeEnvelopeStatus } from './envelope.js';
import type { paths } from './generated/openapi.js';

/** The server Pipe documents for its REST API v1. */
export const PIPE_BASE_URL = 'https://api.addpipe.com';

export interface PipeClientOptions extends CommonClientOptions {
  /** The API key from the account details page of the Pipe dashboard, sent as `X-PIPE-AUTH`. */
  apiKey: string;
  /** Defaults to {@link PIPE_BASE_URL}, `https://api.addpipe.com`. */
  baseUrl?: string;
}

/** An openapi-fetch client typed by the Pipe REST API v1 spec. */
export type PipeClient = ExactClient<paths>;

/**
 * Creates a client for the Pipe REST API v1. A response whose envelope `status` is not `"OK"`
 * is an error result even when Pipe answered it with HTTP 200 (see the README for the status
 * it is reported with).
 *
 * ```ts
 * const pipe = createPipeClient({ apiKey: process.env.PIPE_API_KEY! });
 * const { data, error } = await pipe.GET('/video/{id}', { params: { path: { id: 13360 } } });
 * ```
 */
export function createPipeClient(options: PipeClientOptions): PipeClient {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('createPipeClient: pass an options object, e.g. { apiKey }');
  }
  const { apiKey, ...common } = options;
  if (typeof apiKey !== 'string' || apiKey === '') {
    throw new TypeError('createPipeClient: apiKey is required (the API key from your Pipe account details page)');
  }
  return createApiClient<paths>({
    ...common,
    baseUrl: common.baseUrl ?? PIPE_BASE_URL,
    auth: apiKeyHeader('X-PIPE-AUTH', apiKey),
    responseMapper: pipeEnvelopeStatus,
  });
}
