import { bodyStatusMapper, statusCode } from '@mediaspec/core';

/**
 * Pipe's envelope rule: every body has a `status`, `"OK"` on success and anything else on
 * failure, and nothing promises the HTTP status agrees. So a 2xx whose envelope says otherwise
 * is reported as an error, with the envelope's `status_code` when that is an error status
 * (400–599, as a number or a decimal string), else 400: the request was refused, and only
 * `message` says why. A body without `status` is not an envelope and is left alone, as are
 * empty bodies (some writes answer 200 with nothing).
 */
export const pipeEnvelopeStatus = bodyStatusMapper((body) => {
  if (!('status' in body) || body.status === 'OK') return undefined;
  const code = statusCode(body.status_code);
  return code !== undefined && code >= 400 && code <= 599 ? code : 400;
});
