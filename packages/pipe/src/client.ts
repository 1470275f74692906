import { defineProvider, type ExactClient } from '@mediaspec/core';
import { pipeEnvelopeStatus } from './envelope.js';
import type { paths } from './generated/openapi.js';
import { auth, defaultBaseUrl, provider, type ServerOptions } from './generated/spec.js';

/** The server Pipe documents for its REST API v1 (the spec's first server). */
export const PIPE_BASE_URL = defaultBaseUrl;

/** The options of {@link createPipeClient}; `baseUrl` defaults to {@link PIPE_BASE_URL}. */
export interface PipeClientOptions extends ServerOptions {
  /** The API key from the account details page of the Pipe dashboard, sent as `X-PIPE-AUTH`. */
  apiKey: string;
}

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
export const createPipeClient = defineProvider<paths, PipeClientOptions>({
  ...provider,
  credentials: ['apiKey'],
  auth: ({ apiKey }, { text }) =>
    auth.PipeApiKey(text(apiKey, 'apiKey', 'the API key from your Pipe account details page')),
  responseMapper: pipeEnvelopeStatus,
});

/** An openapi-fetch client typed by the Pipe REST API v1 spec. */
export type PipeClient = ExactClient<paths>;
