/// <reference types="node" />
/**
 * Sending on Node without the cost of `fetch`. Node's `fetch` is undici's HTTP client behind a
 * WHATWG layer (Request, Response, web streams) that costs more than the exchange itself on a
 * fast network. The transport reads every body into memory anyway, so this sends each attempt
 * straight to the dispatcher `fetch` itself sends through (the same connection pool, proxy and
 * TLS settings, and any dispatcher installed with undici's `setGlobalDispatcher`), and does
 * what `fetch` does around it, step for step: its default request headers, its redirect rules,
 * its content decoding and its error shapes. transport-parity.test.ts holds both to the same
 * results on the wire and in the client.
 */
import * as zlib from 'node:zlib';
import { type OutgoingRequest, type ReceivedResponse, type Send, sendWithFetch } from './send.js';

/** Where Node's `fetch` (and the undici package) keep the dispatcher `fetch` sends through. */
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/** The part of undici's Dispatcher API used here, stable across undici 6 (Node 20) and 7. */
interface Dispatcher {
  dispatch(options: DispatchOptions, handler: DispatchHandler): boolean;
}
interface DispatchOptions {
  origin: string;
  path: string;
  method: string;
  headers: string[];
  body: Buffer | null;
  maxRedirections: 0;
}
interface DispatchHandler {
  onConnect(abort: (reason?: unknown) => void): void;
  onHeaders(status: number, rawHeaders: Array<Buffer | Buffer[]>, resume: () => void, statusText: string): boolean;
  onData(chunk: Buffer): boolean;
  onComplete(trailers: unknown): void;
  onError(error: Error): void;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
/** Headers that describe a body: dropped when a redirect turns the request into a GET. */
const REQUEST_BODY_HEADERS = [
  'content-encoding',
  'content-language',
  'content-location',
  'content-type',
  'content-length',
];
/** Credentials fetch does not carry to another origin on a redirect. */
const CROSS_ORIGIN_DROPPED = ['authorization', 'proxy-authorization', 'cookie', 'host'];
const CONDITIONAL_HEADERS = ['if-modified-since', 'if-none-match', 'if-unmodified-since', 'if-match', 'if-range'];
const MAX_REDIRECTS = 20;
const MAX_CONTENT_ENCODINGS = 5;
/** The major version of the undici in this Node (6 in Node 20, 7 in Node 24). */
const UNDICI_MAJOR = Number(process.versions.undici?.split('.')[0]);
/**
 * The undici majors whose dispatcher API and fetch behaviour this file is held to (by
 * transport-parity.test.ts). Under any other, clients send through `fetch` itself.
 */
const SUPPORTED_UNDICI = UNDICI_MAJOR === 6 || UNDICI_MAJOR === 7;
/** Node's fetch decodes zstd where its zlib has it (Node >= 22.15 with undici >= 7). */
const ZSTD = typeof (zlib as { zstdDecompress?: unknown }).zstdDecompress === 'function' && UNDICI_MAJOR >= 7;
/** undici 7's fetch keeps the `?` of a URL with an empty query on the wire; undici 6's drops it. */
const KEEPS_EMPTY_QUERY = UNDICI_MAJOR >= 7;

const sends = new WeakSet<Send>();

/** Whether `send` is one made by {@link createNodeSend}. */
export function isNodeSend(send: Send): boolean {
  return sends.has(send);
}

/**
 * Whether `fetch` is Node's own, untouched, on a supported undici: only then may requests bypass
 * it. A replaced fetch (a mock, an interceptor, an instrumented wrapper) is always called instead.
 */
export function isNodeFetch(fetch: unknown): boolean {
  return (
    typeof fetch === 'function' &&
    typeof process === 'object' &&
    typeof process.versions?.undici === 'string' &&
    SUPPORTED_UNDICI &&
    Function.prototype.toString.call(fetch).includes("require('internal/deps/undici/undici')")
  );
}

/**
 * A {@link Send} through Node's fetch dispatcher. Requests it cannot send the same way (no
 * dispatcher installed yet, a URL that is not http or https) go through `fetch` instead.
 */
export function createNodeSend(fetch: typeof globalThis.fetch): Send {
  const viaFetch = sendWithFetch(fetch);
  const send: Send = (request) => {
    const dispatcher = (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER] as Dispatcher | undefined;
    const { protocol } = request.url;
    if (typeof dispatcher?.dispatch !== 'function' || (protocol !== 'http:' && protocol !== 'https:')) {
      return viaFetch(request);
    }
    return sendThrough(dispatcher, request);
  };
  sends.add(send);
  return send;
}

/** fetch's request, redirects followed the way fetch follows them. */
async function sendThrough(dispatcher: Dispatcher, request: OutgoingRequest): Promise<ReceivedResponse> {
  const { signal, redirect } = request;
  let url = request.url;
  let method = request.method;
  let body = request.body === undefined ? null : Buffer.from(request.body);
  // The header list fetch keeps across redirects: the caller's, then Accept and Accept-Language.
  const headers = new Map<string, string>();
  for (const [name, value] of request.headers) headers.set(name, value);
  if (!headers.has('accept')) headers.set('accept', '*/*');
  if (!headers.has('accept-language')) headers.set('accept-language', '*');

  for (let redirects = 0; ; ) {
    const exchange = await dispatch(dispatcher, url, method, hopHeaders(headers, url), body, signal);
    const { status } = exchange;
    const responseHeaders = toHeaders(exchange.rawHeaders);
    if (REDIRECT_STATUSES.has(status) && redirect !== 'manual') {
      if (redirect === 'error') throw networkError('unexpected redirect');
      let location: URL | null;
      try {
        location = locationUrl(responseHeaders.get('location'), url);
      } catch (error) {
        throw networkError(error);
      }
      if (location) {
        if (location.protocol !== 'http:' && location.protocol !== 'https:') {
          throw networkError('URL scheme must be a HTTP(S) scheme');
        }
        if (redirects === MAX_REDIRECTS) throw networkError('redirect count exceeded');
        redirects++;
        if (location.username || location.password) {
          throw networkError('cross origin not allowed for request mode "cors"');
        }
        if (
          ((status === 301 || status === 302) && method === 'POST') ||
          (status === 303 && method !== 'GET' && method !== 'HEAD')
        ) {
          method = 'GET';
          body = null;
          for (const name of REQUEST_BODY_HEADERS) headers.delete(name);
        }
        if (location.protocol !== url.protocol || location.hostname !== url.hostname || location.port !== url.port) {
          for (const name of CROSS_ORIGIN_DROPPED) headers.delete(name);
        }
        url = location;
        continue;
      }
    }
    const bytes = await decodeBody(exchange.body(), responseHeaders, method, status);
    return { status, statusText: exchange.statusText, headers: responseHeaders, body: bytes };
  }
}

/** The headers of one hop, as fetch adds them to its copy of the request's header list. */
function hopHeaders(base: Map<string, string>, url: URL): string[] {
  const headers = new Map(base);
  headers.set('sec-fetch-mode', 'cors');
  if (!headers.has('user-agent')) headers.set('user-agent', 'node');
  if (CONDITIONAL_HEADERS.some((name) => headers.has(name))) {
    if (!headers.has('pragma')) headers.set('pragma', 'no-cache');
    if (!headers.has('cache-control')) headers.set('cache-control', 'no-cache');
  }
  if (headers.has('range')) {
    const accepted = headers.get('accept-encoding');
    headers.set('accept-encoding', accepted === undefined ? 'identity' : `${accepted}, identity`);
  }
  if (!headers.has('accept-encoding')) {
    headers.set('accept-encoding', url.protocol === 'https:' ? 'br, gzip, deflate' : 'gzip, deflate');
  }
  headers.delete('host');
  const flat: string[] = [];
  for (const [name, value] of headers) flat.push(name, value);
  return flat;
}

/** The Location of a redirect, resolved as fetch resolves it, or null when there is none. */
function locationUrl(location: string | null, current: URL): URL | null {
  if (location === null) return null;
  // A Location sent as raw UTF-8 (not percent-encoded) is read as UTF-8, as browsers do.
  let text = location;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7e || code < 0x20) {
      text = Buffer.from(text, 'latin1').toString('utf8');
      break;
    }
  }
  const url = new URL(text, current);
  if (!url.hash) url.hash = current.hash;
  return url;
}

interface Exchange {
  status: number;
  statusText: string;
  rawHeaders: Array<Buffer | Buffer[]>;
  body(): Buffer;
}

/** One HTTP exchange on the dispatcher, its body read in full. */
function dispatch(
  dispatcher: Dispatcher,
  url: URL,
  method: string,
  headers: string[],
  body: Buffer | null,
  signal: AbortSignal,
): Promise<Exchange> {
  return new Promise<Exchange>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    let abortExchange: ((reason?: unknown) => void) | undefined;
    let settled = false;
    let headersReceived = false;
    const chunks: Buffer[] = [];
    let length = 0;
    const exchange: Exchange = {
      status: 0,
      statusText: '',
      rawHeaders: [],
      body: () => (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length)),
    };
    const settle = () => {
      settled = true;
      signal.removeEventListener('abort', onAbort);
    };
    // As with fetch, an abort rejects at once with the signal's reason, and ends the exchange.
    const onAbort = () => {
      if (settled) return;
      settle();
      reject(signal.reason);
      abortExchange?.(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });

    const path = url.pathname + url.search;
    const trailingQuestionMark =
      KEEPS_EMPTY_QUERY && url.search === '' && url.href[url.href.length - url.hash.length - 1] === '?';
    dispatcher.dispatch(
      { origin: url.origin, path: trailingQuestionMark ? `${path}?` : path, method, headers, body, maxRedirections: 0 },
      {
        onConnect(abortDispatch) {
          if (settled) abortDispatch(signal.reason);
          else abortExchange = abortDispatch;
        },
        onHeaders(status, rawHeaders, _resume, statusText) {
          if (status < 200) return false; // an informational response: the real one follows
          headersReceived = true;
          exchange.status = status;
          exchange.statusText = statusText;
          exchange.rawHeaders = rawHeaders;
          return true;
        },
        onData(chunk) {
          chunks.push(chunk);
          length += chunk.length;
          return true;
        },
        onComplete() {
          if (settled) return;
          settle();
          resolve(exchange);
        },
        onError(error) {
          if (settled) return;
          settle();
          // fetch's shapes: "fetch failed" before the response, "terminated" while reading its body.
          reject(new TypeError(headersReceived ? 'terminated' : 'fetch failed', { cause: error }));
        },
      },
    );
  });
}

/** The response headers as fetch reads them: lower-case names, latin1 values, in order. */
function toHeaders(rawHeaders: Array<Buffer | Buffer[]>): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = String(rawHeaders[i]).toLowerCase();
    const value = rawHeaders[i + 1] as Buffer | Buffer[];
    if (Array.isArray(value)) for (const item of value) headers.append(name, item.toString('latin1'));
    else headers.append(name, value.toString('latin1'));
  }
  return headers;
}

type Decoder = (input: Buffer) => Promise<Buffer>;

const zlibFlush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const brotliFlush = {
  flush: zlib.constants.BROTLI_OPERATION_FLUSH,
  finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
};

function zlibDecoder(
  decode: (input: Buffer, options: object, done: (error: Error | null, out: Buffer) => void) => void,
  options: object,
): Decoder {
  return (input) =>
    new Promise((resolve, reject) => decode(input, options, (error, out) => (error ? reject(error) : resolve(out))));
}

const gunzip = zlibDecoder(zlib.gunzip, zlibFlush);
const inflate = zlibDecoder(zlib.inflate, zlibFlush);
const inflateRaw = zlibDecoder(zlib.inflateRaw, zlibFlush);
const brotli = zlibDecoder(zlib.brotliDecompress, brotliFlush);
const zstd = ZSTD
  ? zlibDecoder(
      (zlib as unknown as { zstdDecompress: Parameters<typeof zlibDecoder>[0] }).zstdDecompress,
      (() => {
        const constants = zlib.constants as unknown as Record<string, number>;
        return { flush: constants.ZSTD_e_continue, finishFlush: constants.ZSTD_e_end };
      })(),
    )
  : undefined;

/** `deflate` is zlib-wrapped by the standard, raw by some servers: told apart as fetch does. */
const deflate: Decoder = (input) => {
  if (input.length === 0) return Promise.resolve(input);
  return ((input[0] as number) & 0x0f) === 0x08 ? inflate(input) : inflateRaw(input);
};

/** The body with its content codings undone, as fetch undoes them (unknown coding: as sent). */
async function decodeBody(body: Buffer, headers: Headers, method: string, status: number): Promise<Buffer> {
  const encoding = headers.get('content-encoding');
  if (!encoding || method === 'HEAD' || method === 'CONNECT' || NULL_BODY_STATUSES.has(status)) return body;
  const codings = encoding.toLowerCase().split(',');
  if (codings.length > MAX_CONTENT_ENCODINGS) {
    throw networkError(
      `too many content-encodings in response: ${codings.length}, maximum allowed is ${MAX_CONTENT_ENCODINGS}`,
    );
  }
  const decoders: Decoder[] = [];
  for (let i = codings.length - 1; i >= 0; i--) {
    const coding = (codings[i] as string).trim();
    const decoder =
      coding === 'gzip' || coding === 'x-gzip'
        ? gunzip
        : coding === 'deflate'
          ? deflate
          : coding === 'br'
            ? brotli
            : coding === 'zstd'
              ? zstd
              : undefined;
    if (!decoder) return body;
    decoders.push(decoder);
  }
  let decoded = body;
  try {
    for (const decoder of decoders) decoded = await decoder(decoded);
  } catch (error) {
    throw new TypeError('terminated', { cause: error });
  }
  return decoded;
}

/** fetch's network error: `TypeError: fetch failed` with the reason as its cause. */
function networkError(reason: unknown): TypeError {
  return new TypeError('fetch failed', { cause: reason instanceof Error ? reason : new Error(String(reason)) });
}
