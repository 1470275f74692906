import type { ResponseMapper } from '@mediaspec/core';

/**
 * PStream's error rule: the outcome is the `status` in the body's envelope, and the page does not
 * promise that HTTP agrees, so a 200 whose body says 403 is a 403. Returns that status for core's
 * transport (which keeps only 400–599) or undefined to keep the HTTP status.
 */
export const envelopeStatus: ResponseMapper = ({ json }) => {
  const body = json();
  if (body === null || typeof body !== 'object') return undefined;
  const status = (body as { status?: unknown }).status;
  // Ids drift between strings and integers in this API; a status sent as "403" is read the same way.
  const code = typeof status === 'string' && /^\d{3}$/.test(status) ? Number(status) : status;
  return typeof code === 'number' && code !== 200 ? code : undefined;
};
