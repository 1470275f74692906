import { parseWebhookEvent, rawBodyBytes, rawBodyText, verifyHmacSignature } from '@mediaspec/core';
import { type WebhookEvents, webhookNames } from './generated/spec.js';

/** Any event api.video delivers to a webhook, told apart by `type`. */
export type ApiVideoWebhookEvent = WebhookEvents[keyof WebhookEvents];

/** The event names, as `ApiVideoWebhookEvent['type']` (the spec's webhooks). */
export const API_VIDEO_WEBHOOK_EVENTS = webhookNames satisfies readonly ApiVideoWebhookEvent['type'][];

export interface VerifyApiVideoWebhookOptions {
  /**
   * The raw request body, exactly as received (verify before any JSON parsing): a string, a
   * Uint8Array (a Node Buffer) or an ArrayBuffer. A parsed object is a TypeError.
   */
  body: string | Uint8Array | ArrayBuffer;
  /** The `X-Api-Video-Signature` header (an array, a header sent twice, is a malformed signature). */
  signature: string | readonly string[] | null | undefined;
  /** The webhook's `signatureSecret`, as returned when it was created. */
  secret: string;
}

/**
 * Checks `X-Api-Video-Signature` (hex HMAC-SHA256 of the raw body, keyed with the webhook's
 * `signatureSecret`, compared in constant time) and returns the typed event. Throws a
 * WebhookVerificationError when the signature is missing, malformed or wrong, or the body is
 * not an api.video event.
 */
export async function verifyApiVideoWebhook(options: VerifyApiVideoWebhookOptions): Promise<ApiVideoWebhookEvent> {
  await verifyHmacSignature({
    payload: rawBodyBytes(options.body, 'verifyApiVideoWebhook: body'),
    signature: options.signature,
    secret: options.secret,
    algorithm: 'SHA-256',
    encoding: 'hex',
    header: 'X-Api-Video-Signature header',
  });
  return parseApiVideoWebhook(options.body);
}

/** Parses an event body without verifying it: only for callers who verified the signature elsewhere. */
export function parseApiVideoWebhook(body: string | Uint8Array | ArrayBuffer): ApiVideoWebhookEvent {
  const text = rawBodyText(body, 'parseApiVideoWebhook: body').replace(/^\ufeff/, '');
  return parseWebhookEvent<ApiVideoWebhookEvent>(text, {
    field: 'type',
    known: API_VIDEO_WEBHOOK_EVENTS,
    what: 'api.video event type',
  });
}
