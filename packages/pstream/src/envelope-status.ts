import { bodyStatusMapper, type ErrorMessageReader, statusCode } from '@mediaspec/core';

/**
 * PStream's error rule: the outcome is the `status` in the body's envelope, and the page does not
 * promise that HTTP agrees, so a 200 whose body says 403 is a 403. Returns that status for core's
 * transport (which keeps only 400–599) or undefined to keep the HTTP status. Ids drift between
 * strings and integers in this API; a status sent as "403" is read the same way.
 */
export const envelopeStatus = bodyStatusMapper((body) => {
  const code = statusCode(body.status);
  return code !== undefined && code !== 200 ? code : undefined;
});

/** PStream says what went wrong in the envelope's `msg`. */
export const errorMessage: ErrorMessageReader = (body) => (body as { msg?: string } | null)?.msg;
