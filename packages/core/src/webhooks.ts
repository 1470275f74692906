/**
 * Webhook signature primitives: HMAC over the raw body with Web Crypto (works in Node, browsers
 * and edge runtimes), compared in constant time by `crypto.subtle.verify`.
 */
import { WebhookVerificationError } from './errors.js';

export interface HmacOptions {
  /** The exact bytes that were signed (the raw request body, or what the provider signs). */
  payload: string | Uint8Array;
  /** The signature from the request header (missing is an error). */
  signature: string | null | undefined;
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
  const signature = options.signature?.trim();
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
  // Copy into a fresh ArrayBuffer-backed array: Web Crypto does not take views of shared memory.
  const data = typeof options.payload === 'string' ? encoder.encode(options.payload) : new Uint8Array(options.payload);
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

/** The raw body as text, whatever form a framework hands it over in. */
export function bodyText(body: string | Uint8Array | ArrayBuffer): string {
  if (typeof body === 'string') return body;
  return new TextDecoder().decode(body instanceof ArrayBuffer ? new Uint8Array(body) : body);
}
