// @ts-check
/**
 * The copy of a spec the docs portal renders. The published spec (site/<id>/openapi.yaml and
 * .json) stays exactly as written; this copy adds what only the portal needs: the local mock as
 * the first server, the generated code samples, the maintainers' notes moved into an appendix,
 * and explicit types where a schema gives only `const` or `enum` (renderers show "any" otherwise).
 */
import { deref, HTTP_METHODS, specSamples } from './docs-samples.js';

/**
 * Headings of the maintainers' notes on how this spec differs from the provider's own page.
 * They matter to maintainers, not to someone calling the API, so the portal moves them to the end.
 */
const NOTES_HEADING = /correction|differences from|beyond the published|repaired or inferred/i;

/**
 * The format of #19's webhook trigger command; the portal shows it beside every webhook event.
 * @param {string} providerId
 * @param {string} eventName
 */
export const webhookTriggerCommand = (providerId, eventName) =>
  `pnpm webhooks trigger ${providerId} ${eventName} --url http://localhost:3000/webhooks`;

/**
 * Splits a Markdown description into the part for readers and the maintainers' notes. A note
 * starts at a `## heading` or a paragraph opening with a bold lead (`**Differences ...**`) that
 * matches NOTES_HEADING, and runs to the next heading or bold-led paragraph.
 * @param {string} markdown
 * @returns {{ body: string, notes: { title: string, text: string }[] }}
 */
export function splitNotes(markdown) {
  const blocks = markdown.split(/\n(?=## |\*\*[^*\n]+\*\*)/);
  /** @type {string[]} */
  const body = [];
  /** @type {{ title: string, text: string }[]} */
  const notes = [];
  for (const block of blocks) {
    const heading = /^## (.+)\n?/.exec(block) ?? /^\*\*([^*\n]+?)\.?\*\*\s*/.exec(block);
    if (heading && NOTES_HEADING.test(heading[1])) {
      notes.push({ title: heading[1].trim(), text: block.slice(heading[0].length).trim() });
    } else body.push(block);
  }
  return { body: body.join('\n').trim(), notes };
}

/**
 * Adds `type` to schemas that give only `const` or `enum`, everywhere in `node`.
 * @param {unknown} node
 * @param {Set<unknown>} [seen]
 */
function typeConstants(node, seen = new Set()) {
  if (!node || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  const schema = /** @type {Record<string, unknown>} */ (node);
  if (schema.type === undefined && schema.$ref === undefined) {
    const values = schema.const !== undefined ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : [];
    const types = [...new Set(values.map((v) => (v === null ? 'null' : Number.isInteger(v) ? 'integer' : typeof v)))];
    if (values.length > 0 && types.every((t) => ['string', 'number', 'integer', 'boolean', 'null'].includes(t))) {
      schema.type = types.length === 1 ? types[0] : types;
    }
  }
  for (const value of Object.values(schema)) typeConstants(value, seen);
}

/** @typedef {{ api: string, title: string, method: string, path: string, summary: string, href: string }} SearchEntry */

/**
 * The route of an operation in the rendered page (Elements' hash router): operations by their
 * operationId, webhooks by their name.
 * @param {'operations' | 'webhooks'} kind
 * @param {string} id
 */
export const operationRoute = (kind, id) => `#/${kind}/${encodeURIComponent(id)}`;

/**
 * Builds the portal's copy of a spec, and the search entries of its operations.
 * @param {import('./registry.js').Provider} provider
 * @param {Record<string, any>} spec  the parsed spec (not modified)
 * @param {{ mockUrl: string }} options
 * @returns {{ document: Record<string, any>, search: SearchEntry[], notes: { title: string, text: string }[], mockAuth: Record<string, string> }}
 */
export function portalDocument(provider, spec, { mockUrl }) {
  /** @type {Record<string, any>} */
  const document = structuredClone(spec);
  document.servers = [{ url: mockUrl, description: `Local mock (pnpm mock ${provider.id})` }, ...(spec.servers ?? [])];

  const { body, notes } = splitNotes(document.info?.description ?? '');
  if (notes.length > 0) {
    document.info.description = [
      body,
      "## Appendix: notes on the provider's reference page",
      'How this spec differs from the page the provider publishes, and why.',
      ...notes.map((note) => `### ${note.title}\n\n${note.text}`),
    ].join('\n\n');
  }

  const samples = specSamples(provider, spec, { baseUrl: mockUrl });
  /** @type {SearchEntry[]} */
  const search = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const sample = samples.get(`${method.toUpperCase()} ${path}`);
      if (sample) {
        operation['x-codeSamples'] = [
          { lang: 'typescript', label: `TypeScript`, source: sample.typescript },
          { lang: 'shell', lib: 'curl', label: 'curl', source: sample.curl },
        ];
      }
      search.push({
        api: provider.id,
        title: provider.name,
        method: method.toUpperCase(),
        path,
        summary: operation.summary ?? '',
        href: `${provider.id}/${operationRoute('operations', operation.operationId ?? `${method}-${path}`)}`,
      });
    }
  }
  for (const [name, item] of Object.entries(document.webhooks ?? {})) {
    const webhook = deref(document, item);
    for (const method of HTTP_METHODS) {
      const operation = webhook?.[method];
      if (!operation) continue;
      const command = webhookTriggerCommand(provider.id, name);
      operation.description =
        `${operation.description ?? ''}\n\nSend this event to a local receiver:\n\n\`\`\`sh\n${command}\n\`\`\``.trim();
      operation['x-codeSamples'] = [{ lang: 'shell', lib: 'curl', label: 'Trigger', source: command }];
      search.push({
        api: provider.id,
        title: provider.name,
        method: 'WEBHOOK',
        path: name,
        summary: operation.summary ?? '',
        href: `${provider.id}/${operationRoute('webhooks', operation.operationId ?? name)}`,
      });
    }
  }
  typeConstants(document);
  return { document, search, notes, mockAuth: mockCredentials(document) };
}

/**
 * Credentials the mock accepts for each security scheme, in the form Elements' try-it stores
 * them (Basic as base64 `user:pass`). Prism checks their presence and shape only.
 * @param {Record<string, any>} document
 * @returns {Record<string, string>}
 */
function mockCredentials(document) {
  /** @type {Record<string, string>} */
  const values = {};
  for (const [key, raw] of Object.entries(document.components?.securitySchemes ?? {})) {
    const scheme = deref(document, raw);
    if (scheme.type === 'apiKey') values[key] = 'mock-key';
    else if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'basic') {
      values[key] = Buffer.from('mock-user:mock-password').toString('base64');
    } else if (scheme.type === 'http') values[key] = 'mock-token';
  }
  return values;
}
