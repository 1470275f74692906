// @ts-check
/**
 * Builds a webhook delivery the way the provider would (an event from the spec's examples or
 * generated from its schema, overridden field by field, signed, as JSON or as a form), checks it
 * with the provider package's own verification helper, and posts it to a receiver.
 */
import { existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from './registry.js';
import { signerFor } from './webhook-signers.js';
import { dereferencedSchema, eventValidator, FORM_TYPE, JSON_TYPE } from './webhook-spec.js';

/** @typedef {import('./webhook-spec.js').WebhookEvent} WebhookEvent */
/** @typedef {import('./webhook-signers.js').Signer} Signer */

/**
 * The key deliveries are signed with when none is given. It is public, so printing it is fine;
 * a key given with --secret or WEBHOOK_SECRET is never printed.
 */
export const DEFAULT_SECRET = 'mediaspec-local-secret';

/**
 * @typedef {object} DeliveryOptions
 * @property {string} url           where to send it
 * @property {string} [signedUrl]   the URL as configured at the provider (Pipe signs it); `url` by default
 * @property {string} [secret]      the signing key; DEFAULT_SECRET by default
 * @property {boolean} [form]       send as a form with the JSON in `payload` (where the spec allows it)
 * @property {string} [example]     the name of the spec example to start from (its first one by default)
 * @property {boolean} [dynamic]    generate the event from its schema instead of an example
 * @property {string} [seed]        makes a generated event repeatable
 * @property {string[]} [sets]      `field.path=value` overrides, each checked against the schema
 */

/**
 * @typedef {object} Delivery
 * @property {WebhookEvent} event
 * @property {unknown} payload        the event as an object
 * @property {string} json            its JSON text
 * @property {string} body            the request body
 * @property {string} contentType
 * @property {Record<string, string>} headers  every header to send, the signature included
 * @property {Signer} signer
 * @property {string} url
 * @property {string} signedUrl
 * @property {string} secret
 * @property {string} source          where the event came from, e.g. `example "videoRecorded"`
 */

/**
 * Builds the delivery of `event` as the provider would send it: the event (an example of the
 * spec, or generated from its schema) with the `--set` overrides, checked against the schema,
 * then its body and signed headers. Throws a UsageError for a bad option or override.
 * @param {WebhookEvent} event
 * @param {DeliveryOptions} options
 * @returns {Promise<Delivery>}
 */
export async function buildDelivery(event, options) {
  const { provider } = event;
  const url = checkUrl(options.url, '--url');
  const signedUrl = options.signedUrl === undefined ? url : checkUrl(options.signedUrl, '--signed-url');
  const secret = options.secret ?? DEFAULT_SECRET;
  if (secret === '') throw new UsageError('The secret is empty.');
  const signer = signerFor(event.headers.map((h) => h.name));
  if (!signer) {
    throw new Error(
      `${provider.spec}: the ${event.name} delivery names no signature header this tool knows how to compute ` +
        `(its headers: ${event.headers.map((h) => h.name).join(', ') || 'none'}); add its rule to scripts/lib/webhook-signers.js`,
    );
  }
  const contentType = options.form ? FORM_TYPE : JSON_TYPE;
  if (!event.mediaTypes.includes(contentType)) {
    throw new UsageError(
      `${provider.name} delivers ${event.name} as ${event.mediaTypes.join(' or ')} only: ${provider.spec} has no ${contentType} body for it.`,
    );
  }
  const validate = await eventValidator(event);

  /** @type {unknown} */
  let payload;
  let source;
  if (options.dynamic) {
    if (options.example !== undefined) throw new UsageError('--example and --dynamic cannot be used together.');
    payload = await generateEvent(event, options.seed);
    source = `generated from its schema${options.seed === undefined ? '' : ` (seed ${options.seed})`}`;
  } else {
    const names = [...event.examples.keys()];
    const name = options.example ?? names[0];
    if (name === undefined) {
      throw new UsageError(`${provider.spec} has no example for ${event.name}; use --dynamic to generate one.`);
    }
    if (!event.examples.has(name)) {
      throw new UsageError(`${event.name} has no example "${name}". Its examples: ${names.join(', ')}.`);
    }
    payload = structuredClone(event.examples.get(name));
    source = `example "${name}"`;
  }
  const before = validate(payload);
  if (before.length > 0) {
    throw new Error(
      `The ${source} of ${event.name} does not match its schema in ${provider.spec}: ${describe(before)}`,
    );
  }
  for (const assignment of options.sets ?? []) payload = applySet(event, validate, payload, assignment);

  const json = JSON.stringify(payload);
  const body = options.form ? new URLSearchParams({ payload: json }).toString() : json;
  /** @type {Record<string, string>} */
  const headers = { 'Content-Type': contentType };
  for (const header of event.headers) {
    if (header.name.toLowerCase() === signer.header.toLowerCase()) continue;
    if (header.required && header.example !== undefined) headers[header.name] = String(header.example);
  }
  const signature = signer.sign({ json, body, secret, signedUrl });
  const declared = event.headers.find((h) => h.name.toLowerCase() === signer.header.toLowerCase());
  const pattern = declared?.schema.pattern;
  if (typeof pattern === 'string' && !new RegExp(pattern, 'u').test(signature)) {
    throw new Error(
      `The ${signer.header} computed here does not have the shape ${provider.spec} gives it (${pattern}): ` +
        'the spec and scripts/lib/webhook-signers.js disagree',
    );
  }
  headers[declared?.name ?? signer.header] = signature;
  return { event, payload, json, body, contentType, headers, signer, url, signedUrl, secret, source };
}

/**
 * @param {string | undefined} value
 * @param {string} option
 */
function checkUrl(value, option) {
  if (!value) throw new UsageError(`${option} is required: the URL of your webhook receiver.`);
  let parsed;
  try {
    parsed = new URL(value);
  } catch {
    throw new UsageError(`${option} ${value} is not a URL (for example http://localhost:3000/webhooks).`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`${option} must be an http or https URL, not ${parsed.protocol}`);
  }
  // Exactly as given: Pipe signs the URL as typed in its dashboard, so it must not be normalised.
  return value;
}

/** @param {import('./webhook-spec.js').SchemaProblem[]} problems */
function describe(problems) {
  return problems.map((p) => `${p.field} ${p.message}`).join('; ');
}

/**
 * Applies one `--set field.path=value`. The value is read as JSON when it parses (`123`, `true`,
 * `null`, `{"a":1}`) and as a string otherwise; when the JSON reading breaks the schema and the
 * string reading does not (`width=640` where the spec wants `"640"`), the string wins.
 * @param {WebhookEvent} event
 * @param {(value: unknown) => import('./webhook-spec.js').SchemaProblem[]} validate
 * @param {unknown} payload
 * @param {string} assignment
 */
function applySet(event, validate, payload, assignment) {
  const at = assignment.indexOf('=');
  if (at <= 0) throw new UsageError(`--set ${assignment}: expected field.path=value, e.g. --set data.id=123`);
  const field = assignment.slice(0, at);
  const raw = assignment.slice(at + 1);
  const path = field.split('.');
  if (path.some((segment) => segment === ''))
    throw new UsageError(`--set ${assignment}: "${field}" is not a field path`);
  /** @type {unknown[]} */
  const candidates = [];
  try {
    candidates.push(JSON.parse(raw));
  } catch {
    // not JSON: a string
  }
  candidates.push(raw);
  /** @type {import('./webhook-spec.js').SchemaProblem[] | undefined} */
  let firstProblems;
  for (const value of candidates) {
    const next = setPath(structuredClone(payload), path, value, assignment);
    const problems = validate(next);
    if (problems.length === 0) return next;
    firstProblems ??= problems;
  }
  const problems = /** @type {import('./webhook-spec.js').SchemaProblem[]} */ (firstProblems);
  const own = problems.filter((p) => p.field === field || p.field.startsWith(`${field}.`));
  throw new UsageError(
    `--set ${assignment} is refused: ${describe(own.length > 0 ? own : problems)} ` +
      `(the schema of ${event.name} in ${event.provider.spec}).`,
  );
}

/**
 * @param {any} target
 * @param {string[]} path
 * @param {unknown} value
 * @param {string} assignment
 */
function setPath(target, path, value, assignment) {
  if (target === null || typeof target !== 'object') {
    throw new UsageError(`--set ${assignment}: the event is not an object`);
  }
  let node = target;
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (Array.isArray(node) && !/^\d+$/.test(segment)) {
      throw new UsageError(`--set ${assignment}: ${path.slice(0, index).join('.')} is a list; use a number after it`);
    }
    if (last) {
      node[segment] = value;
    } else {
      if (node[segment] === undefined) node[segment] = {};
      if (node[segment] === null || typeof node[segment] !== 'object') {
        throw new UsageError(`--set ${assignment}: ${path.slice(0, index + 1).join('.')} is not an object`);
      }
      node = node[segment];
    }
  }
  return target;
}

/**
 * An event generated from the schema by the generator the mocks use for `Prefer: dynamic=true`
 * (Prism's, on json-schema-faker), loaded only when asked for: it takes a second to load.
 * @param {WebhookEvent} event
 * @param {string | undefined} seed
 */
async function generateEvent(event, seed) {
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  /** @type {{ generate: (resource: unknown, bundle: unknown, schema: unknown, seed?: string) => { _tag: 'Left', left: Error } | { _tag: 'Right', right: unknown } }} */
  const generator = require('@stoplight/prism-http/dist/mocker/generator/JSONSchema');
  const schema = await dereferencedSchema(event);
  const result = generator.generate({}, undefined, schema, seed);
  if (result._tag === 'Left')
    throw new Error(`Could not generate ${event.name} from its schema: ${result.left.message}`);
  return result.right;
}

/**
 * Hands the delivery to the verification helper of the provider's built package
 * (packages/<id>/dist), so nothing is sent that the package would reject.
 * @param {Delivery} delivery
 * @returns {Promise<{ checked: true, by: string } | { checked: false, why: string }>}
 */
export async function checkWithPackage(delivery) {
  const { provider } = delivery.event;
  const entry = join(provider.packageDir, 'dist', 'index.js');
  if (!existsSync(entry)) {
    return {
      checked: false,
      why: `${provider.package} is not built (pnpm turbo run build --filter=${provider.package})`,
    };
  }
  const pkg = await import(pathToFileURL(entry).href);
  const by = `${provider.package}'s ${delivery.signer.verifier}`;
  if (typeof pkg[delivery.signer.verifier] !== 'function')
    throw new Error(`${provider.package} has no ${delivery.signer.verifier}`);
  try {
    await delivery.signer.verify(pkg, delivery);
  } catch (error) {
    throw new Error(
      `${by} rejects the delivery built here (${error instanceof Error ? error.message : String(error)}): ` +
        'scripts/lib/webhook-signers.js and the package disagree',
    );
  }
  return { checked: true, by };
}

/**
 * @typedef {object} Answer
 * @property {number} status
 * @property {string} statusText
 * @property {number} ms           from sending to the end of the answer's body
 * @property {string} contentType
 * @property {string} body
 */

/** Why a delivery failed: the receiver could not be reached, was too slow, or answered outside 2xx. */
export class DeliveryError extends Error {
  /** @override */
  name = 'DeliveryError';
  /**
   * @param {'unreachable' | 'timeout' | 'status'} reason
   * @param {string} message
   * @param {Answer} [answer]
   */
  constructor(reason, message, answer) {
    super(message);
    this.reason = reason;
    this.answer = answer;
  }
}

/**
 * Posts the delivery and reads the answer, all within `timeoutMs`. Resolves with a 2xx answer;
 * rejects with a DeliveryError otherwise. Redirects are not followed: they are not a 2xx.
 *
 * Each delivery gets a connection of its own, as a provider's would: a kept-alive connection
 * that the receiver closes while it sits idle (Node's servers do after 5 s) fails the next
 * request sent on it with ECONNRESET, which is not the receiver's fault.
 * @param {Delivery} delivery
 * @param {{ timeoutMs: number }} options
 * @returns {Promise<Answer>}
 */
export function sendDelivery(delivery, { timeoutMs }) {
  const url = new URL(delivery.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const body = Buffer.from(delivery.body);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = send(url, {
      method: 'POST',
      agent: false,
      headers: { 'User-Agent': 'mediaspec-webhooks', ...delivery.headers, 'Content-Length': String(body.length) },
    });
    const timer = setTimeout(() => {
      request.destroy();
      reject(new DeliveryError('timeout', `${delivery.url} did not answer within ${formatMs(timeoutMs)} (--timeout)`));
    }, timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      const code = /** @type {NodeJS.ErrnoException} */ (error).code;
      const detail = code === 'ECONNREFUSED' ? 'connection refused' : error.message;
      reject(new DeliveryError('unreachable', `Could not reach ${delivery.url}: ${detail}. Is the receiver running?`));
    });
    request.on('response', (response) => {
      /** @type {Buffer[]} */
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('error', (error) => request.emit('error', error));
      response.on('end', () => {
        clearTimeout(timer);
        const status = response.statusCode ?? 0;
        /** @type {Answer} */
        const answer = {
          status,
          statusText: response.statusMessage ?? '',
          ms: performance.now() - started,
          contentType: String(response.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
        };
        if (status < 200 || status > 299) {
          reject(new DeliveryError('status', `${delivery.url} answered ${status}, not a 2xx status`, answer));
        } else {
          resolve(answer);
        }
      });
    });
    request.end(body);
  });
}

/**
 * A duration for people: `12 ms`, `1.5 s`.
 * @param {number} ms
 */
export function formatMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}
