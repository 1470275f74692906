/**
 * Webhook signature primitives: HMAC over the raw body with Web Crypto (works in Node, browsers
 * and edge runtimes), compared in constant time by `crypto.subtle.verify`.
 */
import { WebhookVerificationError } from './errors.js';

/** A raw request body, in any form a framework hands it over in (a Node Buffer is a Uint8Array). */
export type RawBody = string | Uint8Array | ArrayBuffer;

export interface HmacOptions {
  /**
   * The exact bytes that were signed (the raw request body, or what the provider signs). A
   * string stands for its UTF-8 bytes.
   */
  payload: RawBody;
  /**
   * The signature from the request header (missing is an error). Node hands a header that came
   * more than once as an array: that is reported as a malformed signature.
   */
  signature: string | readonly string[] | null | undefined;
  /** The shared secret. */
  secret: string;
  algorithm: 'SHA-1' | 'SHA-256';
  /** How the signature is written. */
  encoding: 'hex' | 'base64';
  /** The header's name, for error messages. */
  header?: string;
}

const encoder = new TextEncoder();

/**
 * Resolves when `signature` is the HMAC of `payload` under `secret`; otherwise rejects with a
 * WebhookVerificationError whose `reason` says what was wrong. The secret is never in a message.
 */
export async function verifyHmacSignature(options: HmacOptions): Promise<void> {
  const header = options.header ?? 'signature header';
  const data = rawBodyBytes(options.payload, 'The webhook payload');
  const given = options.signature as unknown;
  if (Array.isArray(given)) {
    throw new WebhookVerificationError(
      'malformed-signature',
      `The ${header} was sent ${given.length} times: expected exactly one signature`,
    );
  }
  if (given !== undefined && given !== null && typeof given !== 'string') {
    throw new TypeError(`The ${header} must be a string (the header's value), got ${typeof given}`);
  }
  const signature = given?.trim();
  if (!signature) throw new WebhookVerificationError('missing-signature', `The ${header} is missing`);
  if (typeof options.secret !== 'string' || options.secret === '') {
    throw new TypeError('The webhook secret must be a non-empty string');
  }
  const bytes = decodeSignature(signature, options.encoding);
  const expectedLength = options.algorithm === 'SHA-1' ? 20 : 32;
  if (!bytes || bytes.length !== expectedLength) {
    throw new WebhookVerificationError(
      'malformed-signature',
      `The ${header} is not a ${options.encoding} ${options.algorithm} HMAC (${expectedLength} bytes)`,
    );
  }
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(options.secret),
    { name: 'HMAC', hash: options.algorithm },
    false,
    ['verify'],
  );
  const valid = await crypto.subtle.verify('HMAC', key, bytes, data);
  if (!valid) throw new WebhookVerificationError('mismatch', `The ${header} does not match the payload`);
}

function decodeSignature(signature: string, encoding: 'hex' | 'base64'): Uint8Array<ArrayBuffer> | undefined {
  if (encoding === 'hex') {
    if (!/^(?:[0-9a-fA-F]{2})+$/.test(signature)) return undefined;
    const out = new Uint8Array(signature.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(signature.slice(i * 2, i * 2 + 2), 16);
    return out;
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature) || signature.length % 4 !== 0) return undefined;
  const binary = atob(signature);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * The bytes of a raw body: a string's UTF-8 bytes, or a copy of the bytes of a Uint8Array (a
 * Node Buffer included), another ArrayBuffer view or an ArrayBuffer. Any other shape (a parsed
 * JSON object, an array) is a TypeError: a signature covers the exact bytes received, which a
 * parsed object no longer holds. `what` names the value in the message.
 */
export function rawBodyBytes(body: unknown, what = 'The webhook body'): Uint8Array<ArrayBuffer> {
  if (typeof body === 'string') return encoder.encode(body) as Uint8Array<ArrayBuffer>;
  // Copied into a fresh ArrayBuffer: Web Crypto does not take views of shared memory.
  if (body instanceof ArrayBuffer) return new Uint8Array(body.slice(0));
  if (ArrayBuffer.isView(body)) {
    return new Uint8Array(body.buffer, body.byteOffset, body.byteLength).slice() as Uint8Array<ArrayBuffer>;
  }
  const shape =
    body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body === 'object' ? 'an object' : typeof body;
  throw new TypeError(
    `${what} must be the raw body as received (a string, Uint8Array, Buffer or ArrayBuffer), got ${shape}: verify before parsing it`,
  );
}

/** The raw body as text (UTF-8, a leading byte order mark dropped), after the same shape check. */
export function rawBodyText(body: unknown, what?: string): string {
  return typeof body === 'string' ? body : new TextDecoder().decode(rawBodyBytes(body, what));
}
