/**
 * What differs by runtime: the version for Node, selected by the `node` condition of `#platform`
 * in package.json (other runtimes load platform.ts).
 *
 * - A client given no `fetch` sends straight through the dispatcher of Node's own fetch
 *   (node-send.ts), several times cheaper per request and the same on the wire. A
 *   `globalThis.fetch` that is not Node's own (a mock, an interceptor) is used as is.
 * - openapi-fetch builds its requests with a Request constructor that notes how each was built
 *   (tracked-request.ts), so the transport reads a JSON body without its stream, which is costly
 *   on Node.
 */
import { createNodeSend, isNodeFetch } from './node-send.js';
import { type Send, sendWithFetch } from './send.js';
import { TrackedRequest } from './tracked-request.js';

export { mayAbort, requestBody } from './tracked-request.js';

/** The Request class openapi-fetch builds requests with. */
export const RequestClass: typeof Request | undefined = TrackedRequest;

/** How a client sends when the caller passes no `fetch`; undefined when the runtime has none. */
export function defaultSend(): Send | undefined {
  const fetch = globalThis.fetch;
  if (typeof fetch !== 'function') return undefined;
  return isNodeFetch(fetch) ? createNodeSend(fetch) : sendWithFetch(fetch);
}
