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
  /** `text` with every known secret (raw, or percent-encoded in any case and any mix) replaced. */
  text(text: string): string;
  /** `url` with credential query parameters, user info and known secrets replaced. */
  url(url: string | URL): string;
  /**
   * A deep copy of `value` in which every string and object key went through
   * {@link Redactor.text}, and every number that spells a secret is replaced.
   */
  value<T>(value: T): T;
}

const encoder = new TextEncoder();
const hex = (byte: number) => byte.toString(16).toUpperCase().padStart(2, '0');
const anyCase = (char: string) => (/[A-F]/.test(char) ? `[${char}${char.toLowerCase()}]` : char);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/**
 * A pattern matching `secret` however a URL or form encoder wrote it: each character as itself
 * or as its percent-encoded UTF-8 bytes (hex digits in either case), a space also as `+`.
 * Encoders differ on which characters they escape and in which case, so one fixed encoded form
 * would let the others through.
 */
function secretPattern(secret: string): string {
  let pattern = '';
  for (const char of secret) {
    const encoded = [...encoder.encode(char)].map((byte) => `%${[...hex(byte)].map(anyCase).join('')}`).join('');
    const alternatives = [escapeRegExp(char), encoded];
    if (char === ' ') alternatives.push('\\+');
    pattern += `(?:${alternatives.join('|')})`;
  }
  return pattern;
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

  // The pattern is rebuilt only when the list of secrets changed (a token was renewed).
  let cachedKey: string | undefined;
  let cachedPattern: RegExp | undefined;
  let cachedSet: ReadonlySet<string> = new Set();
  const current = (): { pattern: RegExp | undefined; set: ReadonlySet<string> } => {
    const list = secrets().filter((secret) => typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH);
    const key = list.join('\u0000');
    if (key !== cachedKey) {
      cachedKey = key;
      cachedSet = new Set(list);
      // Longest first, so a secret that contains another is replaced whole.
      const sorted = [...cachedSet].sort((a, b) => b.length - a.length);
      cachedPattern = sorted.length > 0 ? new RegExp(sorted.map(secretPattern).join('|'), 'g') : undefined;
    }
    return { pattern: cachedPattern, set: cachedSet };
  };

  const text = (input: string): string => {
    const { pattern } = current();
    return pattern ? input.replace(pattern, REDACTED) : input;
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
    // An API may echo a numeric key or password as a JSON number.
    if ((typeof input === 'number' || typeof input === 'bigint') && current().set.has(String(input))) {
      return REDACTED as T;
    }
    if (Array.isArray(input)) return input.map(value) as T;
    if (input && typeof input === 'object' && Object.getPrototypeOf(input) === Object.prototype) {
      return Object.fromEntries(Object.entries(input).map(([k, v]) => [text(k), value(v)])) as T;
    }
    return input;
  };

  return { text, url, value };
}

/** Base64 of a string's UTF-8 bytes, without Node's Buffer (runs in browsers and edge runtimes). */
export function base64(text: string): string {
  let binary = '';
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
