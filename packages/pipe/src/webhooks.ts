import { parseWebhookEvent, rawBodyBytes, verifyHmacSignature, WebhookVerificationError } from '@mediaspec/core';
import { type WebhookEvents, webhookNames } from './generated/spec.js';

/** Any event Pipe posts to a webhook, told apart by `event`. */
export type PipeWebhookEvent = WebhookEvents[keyof WebhookEvents];

/** The event named `E`, e.g. `PipeWebhookEventOf<'video_converted'>`. */
export type PipeWebhookEventOf<E extends PipeWebhookEvent['event']> = Extract<PipeWebhookEvent, { event: E }>;

/** The event names, as `PipeWebhookEvent['event']` (the spec's webhooks). */
export const PIPE_WEBHOOK_EVENTS = webhookNames satisfies readonly PipeWebhookEvent['event'][];

/** A raw request body, in any of the forms frameworks hand it over in. */
export type PipeWebhookBody = string | Uint8Array | ArrayBuffer;

export interface VerifyPipeWebhookOptions {
  /**
   * The raw request body, exactly as received: the JSON text of a JSON delivery, or the
   * `payload=<JSON>` form body of a form delivery (the value of `payload` alone works too).
   * Not a parsed object: the signature covers the exact text.
   */
  body: PipeWebhookBody;
  /** The `X-Pipe-Signature` header (an array, a header sent twice, is a malformed signature). */
  signature: string | readonly string[] | null | undefined;
  /** The account's webhook key, from the Webhooks tab of your Pipe account. */
  webhookKey: string;
  /**
   * The webhook URL exactly as configured in Pipe. Pipe signs this string, not the URL the
   * request arrived at, which a proxy or load balancer may have rewritten.
   */
  url: string;
}

/**
 * Checks `X-Pipe-Signature` (base64 HMAC-SHA1 keyed with the webhook key, over the configured
 * webhook URL followed by the event's JSON text, compared in constant time) and returns the
 * typed event. Accepts JSON and form deliveries. Throws a WebhookVerificationError when the
 * signature is missing, malformed or wrong, or the body is not a Pipe event.
 */
export async function verifyPipeWebhook(options: VerifyPipeWebhookOptions): Promise<PipeWebhookEvent> {
  const { body, signature, webhookKey, url } = options;
  if (typeof webhookKey !== 'string' || webhookKey === '') {
    throw new TypeError('verifyPipeWebhook: webhookKey is required (the webhook key of your Pipe account)');
  }
  if (typeof url !== 'string' || url === '') {
    throw new TypeError('verifyPipeWebhook: url is required (the webhook URL exactly as configured in Pipe)');
  }
  const event = eventPayload(body);
  await verifyHmacSignature({
    payload: event.signed(url),
    signature,
    secret: webhookKey,
    algorithm: 'SHA-1',
    encoding: 'base64',
    header: 'X-Pipe-Signature header',
  });
  return parseEvent(event.json);
}

/**
 * Parses a JSON or form delivery without verifying it: only for callers who verified the
 * signature elsewhere. Throws a WebhookVerificationError when the body is not a Pipe event.
 */
export function parsePipeWebhook(body: PipeWebhookBody): PipeWebhookEvent {
  return parseEvent(eventPayload(body).json);
}

const encoder = new TextEncoder();
/** UTF-8 as Response.text() reads it: a leading byte order mark dropped, bad bytes replaced. */
const decoder = new TextDecoder();

/**
 * What Pipe signed and the event's JSON text. A JSON delivery is signed over its raw bytes, so
 * those are verified as they came (a byte order mark or bytes that are not UTF-8 included); a
 * form delivery is signed over the decoded `payload` field.
 */
function eventPayload(body: PipeWebhookBody): { signed(url: string): Uint8Array; json: string } {
  const bytes = rawBodyBytes(body, 'The Pipe webhook body');
  const text = decoder.decode(bytes);
  if (text.trimStart().startsWith('{')) {
    return {
      json: text,
      signed: (url) => {
        const prefix = encoder.encode(url);
        const signed = new Uint8Array(prefix.length + bytes.length);
        signed.set(prefix);
        signed.set(bytes, prefix.length);
        return signed;
      },
    };
  }
  const payload = new URLSearchParams(text).get('payload');
  if (payload === null) {
    throw new WebhookVerificationError(
      'malformed-payload',
      'The webhook body is neither JSON nor a form with a `payload` field',
    );
  }
  return { json: payload, signed: (url) => encoder.encode(url + payload) };
}

function parseEvent(json: string): PipeWebhookEvent {
  const event = parseWebhookEvent<PipeWebhookEvent>(json, {
    field: 'event',
    known: PIPE_WEBHOOK_EVENTS,
    what: 'Pipe event',
  });
  const data = (event as { data?: unknown }).data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new WebhookVerificationError(
      'malformed-payload',
      `The \`data\` of the Pipe ${String(event.event)} event is not an object`,
    );
  }
  return event;
}
