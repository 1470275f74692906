// @ts-check
/**
 * The webhook events a provider's spec describes (its `webhooks:` section), read at run time so
 * that a change to a spec is a change to `pnpm webhooks`: the event names, their examples, the
 * schema of each delivery, the headers that come with it and what the provider does with an
 * answer outside 2xx. Also validates an event against its schema (Ajv, JSON Schema 2020-12, the
 * dialect of OpenAPI 3.1).
 */
import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { UsageError } from './registry.js';

/** @typedef {import('./registry.js').Provider} Provider */

/** The media type of a JSON delivery. */
export const JSON_TYPE = 'application/json';
/** The media type of a form delivery (Pipe's, with the event's JSON in `payload`). */
export const FORM_TYPE = 'application/x-www-form-urlencoded';

/**
 * @typedef {object} WebhookHeader
 * @property {string} name
 * @property {boolean} required
 * @property {string} description
 * @property {Record<string, unknown>} schema
 * @property {unknown} example  the spec's example value, if it gives one
 */

/**
 * @typedef {object} WebhookEvent
 * @property {Provider} provider
 * @property {string} name         the key under `webhooks:` (the event name)
 * @property {string} summary
 * @property {string} description
 * @property {string[]} mediaTypes the delivery formats the spec lists (JSON, form)
 * @property {Map<string, unknown>} examples  the spec's example events by name (parsed JSON)
 * @property {string} schemaPointer  JSON pointer to the event's schema in the spec
 * @property {WebhookHeader[]} headers
 * @property {{ status: string, description: string }[]} rejections  the non-2xx responses the spec describes
 * @property {string[]} retryNotes  what the spec says of retries for this event: the sentences about
 *   them in its description, its tags' and its responses' descriptions
 */

/**
 * @typedef {object} WebhookSpec
 * @property {Provider} provider
 * @property {Record<string, any>} document  the parsed spec
 * @property {WebhookEvent[]} events
 */

/** @type {Map<string, Promise<WebhookSpec>>} */
const cache = new Map();

/**
 * Reads the webhook events of `provider` from its spec (an empty list when it has none).
 * @param {Provider} provider
 * @returns {Promise<WebhookSpec>}
 */
export function loadWebhookSpec(provider) {
  let loaded = cache.get(provider.id);
  if (!loaded) {
    loaded = readFile(provider.specPath, 'utf8').then((text) => readWebhooks(provider, parse(text)));
    cache.set(provider.id, loaded);
  }
  return loaded;
}

/**
 * @param {Provider} provider
 * @param {Record<string, any>} document
 * @returns {WebhookSpec}
 */
function readWebhooks(provider, document) {
  const resolve = (/** @type {any} */ node) => resolveRef(document, node, provider);
  /** @type {WebhookEvent[]} */
  const events = [];
  for (const [name, pathItem] of Object.entries(document.webhooks ?? {})) {
    const operation = resolve(pathItem)?.post;
    if (!operation) continue; // every documented delivery is a POST; anything else is not sent
    const content = resolve(operation.requestBody)?.content ?? {};
    const mediaTypes = Object.keys(content).filter((type) => type === JSON_TYPE || type === FORM_TYPE);
    if (mediaTypes.length === 0) {
      throw new Error(`${provider.spec}: webhook ${name} has neither a JSON nor a form request body`);
    }
    const at = `/webhooks/${escapePointer(name)}/post/requestBody/content`;
    const schemaPointer = content[JSON_TYPE]?.schema
      ? `${at}/${escapePointer(JSON_TYPE)}/schema`
      : `${at}/${escapePointer(FORM_TYPE)}/schema/properties/payload/contentSchema`;
    /** @type {Map<string, unknown>} */
    const examples = new Map();
    for (const type of [JSON_TYPE, FORM_TYPE]) {
      const media = content[type];
      if (!media) continue;
      const named = media.examples ? Object.entries(media.examples) : [];
      if (media.example !== undefined) named.unshift(['default', { value: media.example }]);
      for (const [exampleName, exampleRef] of named) {
        if (examples.has(exampleName)) continue;
        const example = resolve(exampleRef);
        if (!example || !('value' in example)) continue; // externalValue: not in the spec file
        // A form example holds the event as JSON text in `payload`.
        const value = type === FORM_TYPE ? parseFormExample(example.value) : example.value;
        if (value !== undefined) examples.set(exampleName, value);
      }
    }
    const headers = (operation.parameters ?? [])
      .map(resolve)
      .filter((/** @type {any} */ p) => p?.in === 'header')
      .map((/** @type {any} */ p) => ({
        name: String(p.name),
        required: p.required === true,
        description: String(p.description ?? '').trim(),
        schema: resolve(p.schema) ?? {},
        example: p.example ?? resolve(p.schema)?.examples?.[0] ?? resolve(p.schema)?.example,
      }));
    const rejections = Object.entries(operation.responses ?? {})
      .filter(([status]) => !/^2/.test(status))
      .map(([status, response]) => ({ status, description: String(resolve(response)?.description ?? '').trim() }));
    const tagTexts = (operation.tags ?? []).map(
      (/** @type {string} */ tag) => document.tags?.find((/** @type {any} */ t) => t.name === tag)?.description,
    );
    const retryNotes = [operation.description, ...tagTexts, ...rejections.map((r) => r.description)]
      .flatMap((text) => sentences(String(text ?? '')))
      .filter((sentence, index, all) => /\bretr(y|ies|ied|ying)\b/i.test(sentence) && all.indexOf(sentence) === index);
    events.push({
      provider,
      name,
      retryNotes,
      summary: String(operation.summary ?? '').trim(),
      description: String(operation.description ?? '').trim(),
      mediaTypes,
      examples,
      schemaPointer,
      headers,
      rejections,
    });
  }
  return { provider, document, events };
}

/**
 * The sentences of a description, with its line breaks folded.
 * @param {string} text
 */
function sentences(text) {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[A-Z`])/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

/** @param {unknown} value */
function parseFormExample(value) {
  const payload = /** @type {{ payload?: unknown }} */ (value)?.payload;
  if (typeof payload !== 'string') return undefined;
  try {
    return JSON.parse(payload);
  } catch {
    return undefined;
  }
}

/** @param {string} segment */
function escapePointer(segment) {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * Follows a local `$ref` (`#/components/...`) to the object it names.
 * @param {Record<string, any>} document
 * @param {any} node
 * @param {Provider} provider
 * @returns {any}
 */
function resolveRef(document, node, provider) {
  for (let hops = 0; node && typeof node.$ref === 'string'; hops++) {
    if (hops > 20 || !node.$ref.startsWith('#/')) {
      throw new Error(`${provider.spec}: cannot follow $ref ${node.$ref}`);
    }
    node = pointerGet(document, node.$ref.slice(1));
    if (node === undefined) throw new Error(`${provider.spec}: $ref target is missing`);
  }
  return node;
}

/**
 * The value at `pointer` in `document`, or undefined.
 * @param {any} document
 * @param {string} pointer  a JSON pointer, e.g. `/components/schemas/Event`
 */
export function pointerGet(document, pointer) {
  let node = document;
  for (const raw of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[raw.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return node;
}

/**
 * Finds the event `name` of `provider`, or throws a UsageError listing the known ones.
 * @param {Provider} provider
 * @param {string} name
 * @returns {Promise<WebhookEvent>}
 */
export async function findWebhookEvent(provider, name) {
  const { events } = await loadWebhookSpec(provider);
  if (events.length === 0) throw new UsageError(`${provider.name} sends no webhooks: ${provider.spec} has none.`);
  const event = events.find((e) => e.name === name);
  if (!event) {
    const near = events.find((e) => e.name.toLowerCase() === name.toLowerCase());
    throw new UsageError(
      `${provider.name} has no webhook event "${name}".${near ? ` Did you mean "${near.name}"?` : ''} ` +
        `Its events: ${events.map((e) => e.name).join(', ')}.`,
    );
  }
  return event;
}

/**
 * @typedef {object} SchemaProblem
 * @property {string} field    the dotted path of the field, e.g. `data.id` (`(event)` for the whole event)
 * @property {string} message  what is wrong with it
 */

/** @type {Map<string, Promise<(value: unknown) => SchemaProblem[]>>} */
const validators = new Map();

// ajv-formats is CommonJS; its default export is the plugin function.
const addFormats = /** @type {typeof addFormatsModule.default} */ (/** @type {unknown} */ (addFormatsModule));

/**
 * A validator of events against the schema the spec gives the delivery of `event`.
 * @param {WebhookEvent} event
 * @returns {Promise<(value: unknown) => SchemaProblem[]>}  no problem means valid
 */
export function eventValidator(event) {
  return schemaValidator(event.provider, event.schemaPointer);
}

/**
 * A validator against the schema at `pointer` in the spec of `provider`.
 * @param {Provider} provider
 * @param {string} pointer  a JSON pointer, e.g. `/components/schemas/VideoRecordedEvent`
 * @returns {Promise<(value: unknown) => SchemaProblem[]>}  no problem means valid
 */
export function schemaValidator(provider, pointer) {
  const key = `${provider.id}\0${pointer}`;
  let validator = validators.get(key);
  if (!validator) {
    validator = loadWebhookSpec(provider).then(({ document }) => {
      if (pointerGet(document, pointer) === undefined) throw new Error(`${provider.spec} has nothing at ${pointer}`);
      // The whole spec is one schema resource, so `#/components/schemas/...` refs resolve in it.
      // Not strict: OpenAPI adds keywords (`example`, `discriminator`, `xml`) Ajv does not know.
      const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
      addFormats(ajv);
      const id = `https://mediaspec.invalid/${provider.spec}`;
      ajv.addSchema({ ...document, $id: id });
      const validate = ajv.compile({ $ref: `${id}#${pointer}` });
      return (/** @type {unknown} */ value) => (validate(value) ? [] : problemsOf(validate.errors ?? []));
    });
    validators.set(key, validator);
  }
  return validator;
}

/**
 * One problem per field, named by its dotted path.
 * @param {import('ajv').ErrorObject[]} errors
 * @returns {SchemaProblem[]}
 */
function problemsOf(errors) {
  /** @type {Map<string, SchemaProblem>} */
  const problems = new Map();
  for (const error of errors) {
    let path = error.instancePath.split('/').slice(1).map(unescapePointer);
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'required') {
      path = [...path, String(error.params.missingProperty)];
      message = 'is required';
    } else if (error.keyword === 'const') {
      message = `must be ${JSON.stringify(error.params.allowedValue)}`;
    } else if (error.keyword === 'enum') {
      message = `must be one of ${error.params.allowedValues.map((/** @type {unknown} */ v) => JSON.stringify(v)).join(', ')}`;
    }
    const field = path.length > 0 ? path.join('.') : '(event)';
    // allOf and anyOf report one failure several times; the first message per field is kept.
    if (!problems.has(field) && error.keyword !== 'anyOf' && error.keyword !== 'oneOf') {
      problems.set(field, { field, message });
    }
  }
  if (problems.size === 0) problems.set('(event)', { field: '(event)', message: 'does not match its schema' });
  return [...problems.values()];
}

/** @param {string} segment */
function unescapePointer(segment) {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

/**
 * The event's schema with every local `$ref` replaced by its target (for generating data).
 * @param {WebhookEvent} event
 * @returns {Promise<Record<string, unknown>>}
 */
export async function dereferencedSchema(event) {
  const { document } = await loadWebhookSpec(event.provider);
  /** @type {(node: any, seen: string[]) => any} */
  const inline = (node, seen) => {
    if (Array.isArray(node)) return node.map((item) => inline(item, seen));
    if (node === null || typeof node !== 'object') return node;
    if (typeof node.$ref === 'string') {
      if (seen.includes(node.$ref)) return {}; // a cycle: generate nothing deeper
      const { $ref, ...siblings } = node;
      const target = inline(resolveRef(document, { $ref }, event.provider), [...seen, $ref]);
      return { ...target, ...inline(siblings, seen) };
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inline(v, seen)]));
  };
  return inline(pointerGet(document, event.schemaPointer), []);
}

/**
 * How to send a sample event of each of `selected` that has webhooks (for `pnpm mock`), or
 * nothing when none has.
 * @param {readonly Provider[]} selected
 * @returns {Promise<string[]>}
 */
export async function triggerHints(selected) {
  /** @type {string[]} */
  const lines = [];
  for (const provider of selected) {
    const [first] = (await loadWebhookSpec(provider)).events;
    if (first) lines.push(`  pnpm webhooks trigger ${provider.id} ${first.name} --url http://localhost:3000/webhooks`);
  }
  if (lines.length === 0) return [];
  return [
    'Webhooks: send a signed sample event to the receiver you are writing with',
    ...lines,
    '  (pnpm webhooks list shows every event)',
  ];
}
