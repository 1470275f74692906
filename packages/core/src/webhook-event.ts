/** Reading a webhook event once its signature is checked: JSON, and a known event name. */
import { WebhookVerificationError } from './errors.js';

/** How {@link parseWebhookEvent} recognizes a provider's events. */
export interface WebhookEventShape<Name extends string> {
  /** The field that names the event: `event`, `type`. */
  field: string;
  /** Every event name the spec knows. */
  known: readonly Name[];
  /** How errors name the events: `Pipe event`, `api.video event type`. */
  what: string;
}

/**
 * Parses a webhook payload and checks that its `shape.field` is a known event name. Throws a
 * WebhookVerificationError (`malformed-payload`) when the text is not JSON or the event unknown.
 */
export function parseWebhookEvent<Event, Name extends string = string>(
  json: string,
  shape: WebhookEventShape<Name>,
): Event {
  let event: unknown;
  try {
    event = JSON.parse(json);
  } catch {
    throw new WebhookVerificationError('malformed-payload', 'The webhook payload is not JSON');
  }
  const name = (event as Record<string, unknown> | null)?.[shape.field];
  if (!shape.known.includes(name as Name)) {
    throw new WebhookVerificationError(
      'malformed-payload',
      `Unknown ${shape.what} ${JSON.stringify(name)}; known: ${shape.known.join(', ')}`,
    );
  }
  return event as Event;
}
