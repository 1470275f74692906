/**
 * What differs by runtime. This is the version for every runtime but Node (browsers, edge
 * runtimes, Deno, Bun): requests are sent with the runtime's own `fetch` and built by
 * openapi-fetch's default Request. Node loads platform.node.ts instead, through the `#platform`
 * import condition in package.json, so other runtimes never load Node code.
 */
import { type Send, sendWithFetch } from './send.js';

/** How a client sends when the caller passes no `fetch`; undefined when the runtime has none. */
export function defaultSend(): Send | undefined {
  return typeof globalThis.fetch === 'function' ? sendWithFetch(globalThis.fetch) : undefined;
}

/** The Request class openapi-fetch builds requests with (undefined: its default). */
export const RequestClass: typeof Request | undefined = undefined;

/** A request's body bytes, or undefined when it has none. */
export function requestBody(request: Request): Promise<ArrayBuffer> | undefined {
  return request.body === null ? undefined : request.arrayBuffer();
}

/** Whether a request's signal may ever abort: always, as far as this platform can tell. */
export function mayAbort(_request: Request): boolean {
  return true;
}
