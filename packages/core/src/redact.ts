/**
 * Redaction: the one place that decides what a credential looks like in text.
 * Every error message, error body, log event and URL the library shows passes through here.
 */

/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/**
 * Query parameter names that carry credentials in some API; their values are always redacted
 * from URLs shown to users, whatever the auth strategy.
 */
export const SENSITIVE_QUERY_PARAMS: ReadonlySet<string> = new Set([
  'key',
  'api_key',
  'apikey',
  'login',
  'password',
  'secret',
  'token',
  'access_token',
  'refresh_token',
  'signature',
  'sig',
]);

/** Secrets shorter than this are not searched for in text: replacing every "ab" would garble messages. */
const MIN_SECRET_LENGTH = 4;

/** Replaces secret values, in text, by {@link REDACTED}. Built from a live list of secrets. */
export interface Redactor {
  /** `text` with every known secret (raw, URL-encoded or base64 Basic form) replaced. */
  text(text: string): string;
  /** `url` with credential query parameters, user info and known secrets replaced. */
  url(url: string | URL): string;
  /** A deep copy of `value` in which every string went through {@link Redactor.text}. */
  value<T>(value: T): T;
}

/**
 * Creates a redactor over the secrets `secrets()` returns at the time of each call, so tokens
 * obtained later (refreshes, logins) are covered too.
 */
export function createRedactor(
  secrets: () => readonly string[] = () => [],
  sensitiveParams: Iterable<string> = [],
): Redactor {
  const params = new Set([...SENSITIVE_QUERY_PARAMS, ...[...sensitiveParams].map((p) => p.toLowerCase())]);

  const forms = (): string[] => {
    const out = new Set<string>();
    for (const secret of secrets()) {
      if (secret.length < MIN_SECRET_LENGTH) continue;
      out.add(secret);
      out.add(encodeURIComponent(secret));
      out.add(new URLSearchParams({ s: secret }).toString().slice(2));
    }
    // Longest first, so a secret that contains another is replaced whole.
    return [...out].sort((a, b) => b.length - a.length);
  };

  const text = (input: string): string => {
    let output = input;
    for (const form of forms()) {
      if (output.includes(form)) output = output.split(form).join(REDACTED);
    }
    return output;
  };

  const url = (input: string | URL): string => {
    let parsed: URL;
    try {
      parsed = new URL(String(input));
    } catch {
      return text(String(input));
    }
    if (parsed.username) parsed.username = REDACTED;
    if (parsed.password) parsed.password = REDACTED;
    const query = new URLSearchParams(parsed.search);
    let changed = false;
    for (const name of new Set(query.keys())) {
      const base = name.replace(/\[\]$/, '').toLowerCase();
      if (params.has(base)) {
        const count = query.getAll(name).length;
        query.delete(name);
        for (let i = 0; i < count; i++) query.append(name, REDACTED);
        changed = true;
      }
    }
    if (changed) parsed.search = query.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
    return text(parsed.toString());
  };

  const value = <T>(input: T): T => {
    if (typeof input === 'string') return text(input) as T;
    if (Array.isArray(input)) return input.map(value) as T;
    if (input && typeof input === 'object' && Object.getPrototypeOf(input) === Object.prototype) {
      return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, value(v)])) as T;
    }
    return input;
  };

  return { text, url, value };
}

/** Base64 of a string's UTF-8 bytes, without Node's Buffer (runs in browsers and edge runtimes). */
export function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
