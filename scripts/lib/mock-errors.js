// @ts-check
/**
 * Mock error bodies that say what was wrong with the request.
 *
 * Left alone, Prism answers an invalid request with the example of the operation's 422 or 400
 * (or 401) response: the same static body whatever was wrong (api.video's always names `url`),
 * with the truth only in the `sl-violations` header. This module rewrites that body so it names
 * each violation, in the API's own error format: it keeps the example's shape and fills the
 * fields that carry a message (`detail`, `message`, `msg`, `error.message`, `title` of each
 * api.video problem, Nodeum's `messages` and `details`), so the body stays valid against the
 * response schema the example was valid against. A request the spec has no 4xx response for
 * gets an RFC 9457 problem (`application/problem+json`, status 422) that lists the violations,
 * instead of Prism's generic text.
 */
/**
 * One request violation, as Prism's validators report it.
 * @typedef {object} Violation
 * @property {(string | number)[]} [path]  e.g. ['query', 'pagesize'] or ['body', 'events', '0']
 * @property {string | number} [code]      JSON Schema keyword, or 401 for a security failure
 * @property {string} message
 * @property {number} severity             0 is an error
 */

/**
 * What a violation is about, in the words a client understands.
 * @typedef {object} Offence
 * @property {string} name      the offending field: a parameter's name as the spec spells it, a
 *                              body property path (`events[0]`), or the credential's name
 * @property {string} in        `query`, `path`, `header`, `body` or `credentials`
 * @property {string} message   one sentence naming the field
 * @property {boolean} [sent]  whether the field was in the request
 * @property {unknown} [value]  the value received, when it was sent and is not a secret
 */

/**
 * The parts of Prism's operation (`IHttpOperation`) this module reads.
 * @typedef {object} OperationLike
 * @property {{ query?: { name: string }[], path?: { name: string }[], headers?: { name: string }[] }} [request]
 * @property {{ type: string, in?: string, name?: string, scheme?: string }[][]} [security]
 */

/**
 * The parameter of `location` whose name matches `raw`, spelled as the spec spells it: Prism
 * lower-cases parameter names in its messages (`pagesize` for `pageSize`).
 * @param {OperationLike} operation
 * @param {string} location
 * @param {string} raw
 */
function specName(operation, location, raw) {
  const list =
    location === 'header'
      ? operation.request?.headers
      : operation.request?.[/** @type {'query' | 'path'} */ (location)];
  return list?.find((p) => p.name.toLowerCase() === raw.toLowerCase())?.name ?? raw;
}

/**
 * The credentials an operation takes, named as they travel (`X-PIPE-AUTH header`, `login and key
 * query parameters`, `Authorization header (Basic)`).
 * @param {OperationLike} operation
 */
function credentialNames(operation) {
  const alternatives = (operation.security ?? []).map((schemes) =>
    schemes
      .map((s) => {
        if (s.type === 'apiKey') return `${s.name} ${s.in === 'query' ? 'query parameter' : s.in}`;
        if (s.type === 'http') return `Authorization header (${s.scheme === 'basic' ? 'Basic' : 'Bearer'})`;
        return s.type;
      })
      .join(' and '),
  );
  return alternatives.length > 0 ? alternatives.join(' or ') : 'credentials';
}

/**
 * Turns Prism's violations into offences that name the field.
 * @param {readonly Violation[]} violations
 * @param {OperationLike} operation
 * @param {{ body?: unknown, url?: { query?: Record<string, unknown> } }} [request]  the request, for the values received
 * @returns {Offence[]}
 */
export function describeViolations(violations, operation, request) {
  return violations.map((violation) => {
    if (violation.code === 401) {
      const name = credentialNames(operation);
      return { name, in: 'credentials', message: `Missing or invalid credentials: send the ${name}.` };
    }
    const [location = 'request', ...rest] = (violation.path ?? []).map(String);
    // `required` and `additionalProperties` point at the parent; the message names the property.
    const named = /required property '([^']+)'/.exec(violation.message)?.[1];
    if (location === 'body') {
      const parts = named ? [...rest, named] : rest;
      if (parts.length === 0) return { name: 'body', in: 'body', message: violation.message };
      const name = parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i ? `.${p}` : p)).join('');
      /** @type {unknown} */
      let value = request?.body;
      for (const part of parts)
        value = typeof value === 'object' && value !== null ? /** @type {any} */ (value)[part] : undefined;
      return { name, in: 'body', message: `${name}: ${violation.message}`, ...received(name, value) };
    }
    if (['query', 'path', 'header'].includes(location) && (rest.length > 0 || named)) {
      const raw = rest[0] ?? /** @type {string} */ (named);
      const name = specName(operation, location, raw);
      const message =
        rest.length > 0
          ? violation.message.replace(new RegExp(`\\b${escapeRegExp(raw)}\\b`), name)
          : `${name}: ${violation.message}`;
      const value = location === 'query' && rest.length > 0 ? request?.url?.query?.[name] : undefined;
      return { name, in: location, message, ...received(name, value) };
    }
    return { name: location, in: location, message: violation.message };
  });
}

/** Field names whose values are never echoed back: an error body must not repeat a secret. */
const SECRET = /secret|password|passwd|token|key|auth/i;

/** `{ sent, value }`, without the value of a secret. @param {string} name @param {unknown} value */
function received(name, value) {
  if (value === undefined) return { sent: false };
  return SECRET.test(name) ? { sent: true } : { sent: true, value };
}

/** @param {string} text */
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** @param {unknown} value @returns {value is Record<string, any>} */
function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The example body with its message fields rewritten to name `offences`. Only fields the
 * example already has are filled (plus Nodeum's optional `details`, next to its `messages`), each
 * with a value of the type it had, so the body stays valid against its schema.
 * @param {unknown} body
 * @param {readonly Offence[]} offences
 * @returns {unknown}
 */
export function rewriteErrorBody(body, offences) {
  if (!isObject(body) || offences.length === 0) return body;
  const summary = offences.map((o) => o.message).join(' ');
  const out = structuredClone(body);
  let named = false;
  // api.video: `name` is the first invalid attribute, `problems` one problem per attribute.
  if (Array.isArray(out.problems)) {
    const template = isObject(out.problems[0]) ? out.problems[0] : {};
    out.problems = offences.map((o) => ({ ...template, name: o.name, title: o.message }));
    if (typeof out.name === 'string') out.name = offences[0].name;
    named = true;
  }
  // Nodeum: `messages` in English, `details` keyed by attribute.
  if (Array.isArray(out.messages)) {
    out.messages = offences.map((o) => o.message);
    const attributes = offences.filter((o) => o.in !== 'credentials');
    if (attributes.length > 0) {
      // Nodeum's codes: `blank` for a missing attribute, `invalid` (with the value) otherwise.
      out.details = Object.fromEntries(
        attributes.map((o) => [
          o.name,
          [
            o.sent === false
              ? { error: 'blank' }
              : { error: 'invalid', ...(o.value === undefined ? {} : { value: o.value }) },
          ],
        ]),
      );
    }
    named = true;
  }
  for (const key of ['detail', 'message', 'msg']) {
    if (typeof out[key] === 'string') {
      out[key] = summary;
      named = true;
    }
  }
  if (isObject(out.error) && typeof out.error.message === 'string') {
    out.error.message = summary;
    named = true;
  }
  if (!named && typeof out.data === 'string')
    out.data = summary; // VALT's login failure: `{"data": "<reason>"}`
  else if (!named && typeof out.title === 'string') out.title = summary;
  return out;
}

/**
 * An RFC 9457 problem listing the violations, for a request the spec has no 4xx response for.
 * @param {readonly Offence[]} offences
 */
export function violationsProblem(offences) {
  // The shape of Prism's ProblemJsonError, which its server turns into the response. Built here
  // rather than with Prism's class: loading Prism from this module would load it (and faker)
  // before mock-server.js defers faker.
  return Object.assign(new Error('Unprocessable Content'), {
    // `about:blank` with the status phrase as title: RFC 9457's type for "no more than the status".
    name: 'about:blank',
    status: 422,
    detail: offences.map((o) => o.message).join(' '),
    additional: { errors: offences.map(({ name, in: where, message }) => ({ name, in: where, detail: message })) },
  });
}

/**
 * Wraps Prism's mocker (`components.mock`) so that the answer to an invalid request names what
 * was wrong. Valid requests, and answers asked for with `Prefer: code=...` on a valid request,
 * are left as they are.
 * @template {(options: { resource: any, input: { data: any, validations: any[] }, config: any }) => (logger: any) => any} M
 * @param {M} mock
 * @returns {M}
 */
export function withViolationBodies(mock) {
  return /** @type {M} */ (
    (options) => (logger) => {
      const result = mock(options)(logger);
      /** @type {Violation[]} */
      const violations = (options.input.validations ?? []).filter((v) => v.severity === 0);
      if (violations.length === 0) return result;
      const offences = describeViolations(violations, options.resource, options.input.data);
      if (result._tag === 'Left') {
        // Prism's own 422 for an operation without a 400/422 in the spec; keep its other errors (404 etc.).
        return result.left?.status === 422 ? { _tag: 'Left', left: violationsProblem(offences) } : result;
      }
      const response = result.right;
      if (response.statusCode < 400) return result;
      return { _tag: 'Right', right: { ...response, body: rewriteErrorBody(response.body, offences) } };
    }
  );
}
