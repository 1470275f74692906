import { bodyText, parseWebhookEvent, verifyHmacSignature, WebhookVerificationError } from '@mediaspec/core';
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
  /** The `X-Pipe-Signature` header. */
  signature: string | null | undefined;
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
  const json = eventJson(body);
  await verifyHmacSignature({
    payload: url + json,
    signature,
    secret: webhookKey,
    algorithm: 'SHA-1',
    encoding: 'base64',
    header: 'X-Pipe-Signature header',
  });
  return parseEvent(json);
}

/**
 * Parses a JSON or form delivery without verifying it: only for callers who verified the
 * signature elsewhere. Throws a WebhookVerificationError when the body is not a Pipe event.
 */
export function parsePipeWebhook(body: PipeWebhookBody): PipeWebhookEvent {
  return parseEvent(eventJson(body));
}

/** The JSON text Pipe signed: the body of a JSON delivery, or the `payload` field of a form delivery. */
function eventJson(body: PipeWebhookBody): string {
  if (typeof body !== 'string' && !ArrayBuffer.isView(body) && !(body instanceof ArrayBuffer)) {
    throw new TypeError(
      'The Pipe webhook body must be the raw body (a string or bytes), not a parsed object: the signature covers its exact text',
    );
  }
  const text = bodyText(body);
  if (text.trimStart().startsWith('{')) return text;
  const payload = new URLSearchParams(text).get('payload');
  if (payload === null) {
    throw new WebhookVerificationError(
      'malformed-payload',
      'The webhook body is neither JSON nor a form with a `payload` field',
    );
  }
  return payload;
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
