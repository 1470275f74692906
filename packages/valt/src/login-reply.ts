import { InvalidResponseError } from '@mediaspec/core';

/**
 * The access token of a successful `POST /login` reply (`data.access_token`). A reply without
 * it (no `data`, a `data` that is a message, an empty token) is an InvalidResponseError that
 * says what was missing; the reply itself is not quoted, so nothing of it can leak.
 */
export function loginToken(reply: unknown): string {
  const data = (reply as { data?: unknown } | null | undefined)?.data;
  const token =
    data !== null && typeof data === 'object' ? (data as { access_token?: unknown }).access_token : undefined;
  if (typeof token === 'string' && token !== '') return token;
  const missing =
    data === undefined || data === null
      ? 'has no `data`'
      : typeof data !== 'object'
        ? `has a \`data\` that is a ${typeof data}, not an object`
        : 'has no `data.access_token` string';
  throw new InvalidResponseError(`VALT POST /login succeeded but its reply ${missing}: no access token to use`);
}
