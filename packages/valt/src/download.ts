import { unwrap } from '@mediaspec/core';
import type { ValtClient } from './client.js';

/**
 * The URL a recording's video can be downloaded from. It points at the appliance's distribution
 * service and carries its own short-lived token, so it can be handed to a browser or a download
 * tool as is (and should be treated as a secret until it expires). Throws the matching ApiError
 * (`NotFoundError` for an unknown recording or video).
 *
 * ```ts
 * const url = await getDownloadUrl(client, recordId, videoId);
 * ```
 */
export async function getDownloadUrl(
  client: ValtClient,
  recordId: string,
  videoId: string,
  init: { signal?: AbortSignal } = {},
): Promise<string> {
  const { url } = await unwrap(
    client.GET('/records/download/{recordID}/{videoID}', {
      params: { path: { recordID: recordId, videoID: videoId } },
      ...init,
    }),
  );
  return url;
}
