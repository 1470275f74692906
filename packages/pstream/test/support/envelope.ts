import type { Reply } from '@mediaspec/test-support/server';

/** A PStream success envelope. */
export function ok(result: unknown): Reply {
  return { body: { status: 200, msg: 'OK', result } };
}
