// @ts-check
/**
 * Prism mock servers, started through Prism's libraries rather than its CLI: several specs share
 * one process (about 150 MB and a second less per spec than one CLI each), and the CLI's route
 * printing rewrites query parameter names that contain `[]`, so such parameters were never
 * validated. `pnpm mock`, `pnpm start` and the contract tests all start mocks through here.
 */
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import { withViolationBodies } from './mock-errors.js';

const require = createRequire(import.meta.url);
deferFakerLoading();
/** @type {typeof import('@stoplight/prism-http')} */
const prismHttp = require('@stoplight/prism-http');
/** @type {typeof import('@stoplight/prism-http-server')} */
const prismServer = require('@stoplight/prism-http-server');
/** @type {typeof import('@stoplight/prism-core')} */
const prismCore = require('@stoplight/prism-core');
/** Prism's own output validator, wrapped below to observe every response it serves. */
const { validateOutput } = require('@stoplight/prism-http/dist/validator');
/** Prism's mocker, wrapped so that the answer to an invalid request names what was wrong. */
const { default: mock } = require('@stoplight/prism-http/dist/mocker');

/**
 * Makes Prism load faker when it first generates a dynamic response, not when it starts.
 *
 * prism-http requires `@faker-js/faker` (every locale of it) at load time, which is most of the
 * time Node takes to load Prism (about 1 s of 1.6 s here), although faker is only used for
 * responses generated from a schema on request (`Prefer: dynamic=true`); the mocks answer with
 * the specs' examples otherwise. prism-http hands `require('@faker-js/faker').default` to
 * json-schema-faker at load time and json-schema-faker only reads its properties when it
 * generates, so the module goes into the require cache as a stand-in whose `default` is a proxy
 * that loads the real faker on first use. A dynamic response is the same as before (the
 * contract tests of @mediaspec/apivideo ask for one).
 */
function deferFakerLoading() {
  const prismHttpDir = dirname(require.resolve('@stoplight/prism-http/package.json'));
  const fakerPath = require.resolve('@faker-js/faker', { paths: [prismHttpDir] });
  if (require.cache[fakerPath]) return; // already loaded: nothing to save
  /** @type {{ default: Record<PropertyKey, unknown> } | undefined} */
  let module;
  const load = () => {
    if (!module) {
      delete require.cache[fakerPath];
      module = require(fakerPath);
    }
    return /** @type {{ default: Record<PropertyKey, unknown> }} */ (module);
  };
  /** @param {() => Record<PropertyKey, unknown>} target */
  const deferred = (target) =>
    new Proxy(
      {},
      {
        get: (_, key) => {
          const object = target();
          const value = object[key];
          return typeof value === 'function' ? value.bind(object) : value;
        },
        has: (_, key) => key in target(),
        ownKeys: () => Reflect.ownKeys(target()),
        getOwnPropertyDescriptor: (_, key) => {
          const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
          return descriptor && { ...descriptor, configurable: true };
        },
      },
    );
  const fakerDefault = deferred(() => load().default);
  const standIn = new Module(fakerPath);
  standIn.filename = fakerPath;
  standIn.loaded = true;
  standIn.exports = new Proxy(
    {},
    {
      get: (_, key) => (key === 'default' ? fakerDefault : load()[/** @type {'default'} */ (key)]),
      has: (_, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
  require.cache[fakerPath] = standIn;
}

/**
 * @typedef {object} MockOperation
 * @property {string} id        operationId (Prism's `iid`), or `METHOD path` when there is none
 * @property {string} method    upper-case HTTP method
 * @property {string} path      path template, as in the spec
 */

/**
 * One response the mock served.
 * @typedef {object} MockExchange
 * @property {MockOperation} operation
 * @property {number} status
 * @property {string[]} violations  where the served response does not match the spec
 */

/**
 * @typedef {object} MockServer
 * @property {string} url                          base URL, e.g. http://127.0.0.1:4012
 * @property {number} port
 * @property {MockOperation[]} operations          every operation of the spec
 * @property {() => Promise<void>} close
 */

/** @param {{ iid?: string, method: string, path: string }} operation @returns {MockOperation} */
function describeOperation(operation) {
  const method = operation.method.toUpperCase();
  return { id: operation.iid ?? `${method} ${operation.path}`, method, path: operation.path };
}

/**
 * Starts a Prism mock of one spec.
 * @param {object} options
 * @param {string} options.spec           path of the OpenAPI document
 * @param {number} [options.port]         0 (the default) picks a free port
 * @param {string} [options.host]         defaults to 127.0.0.1: mocks are for this machine only
 * @param {(exchange: MockExchange) => void} [options.onExchange]  called for every served response
 * @returns {Promise<MockServer>}
 */
export async function startMockServer({ spec, port = 0, host = '127.0.0.1', onExchange }) {
  const operations = await prismHttp.getHttpOperationsFromSpec(spec);
  /** @type {Parameters<typeof prismServer.createServer>[1]['components']} */
  const components = {
    logger: prismCore.createLogger('mock', { level: 'silent' }),
    mock: withViolationBodies(mock),
  };
  if (onExchange) {
    /** @type {typeof validateOutput} */
    components.validateOutput = (input) => {
      const result = validateOutput(input);
      const violations =
        result._tag === 'Left'
          ? result.left
              .filter((d) => d.severity === 0)
              .map((d) => `${['response', ...(d.path ?? [])].join('.')}: ${d.message}`)
          : [];
      onExchange({ operation: describeOperation(input.resource), status: input.element.statusCode, violations });
      return result;
    };
  }
  const server = prismServer.createServer(operations, {
    cors: true,
    components,
    config: {
      mock: { dynamic: false },
      checkSecurity: true,
      validateRequest: true,
      validateResponse: true,
      errors: false,
      isProxy: false,
      upstreamProxy: undefined,
    },
  });
  let address;
  try {
    address = await server.listen(port, host);
  } catch (error) {
    // Prism rejects with the bare message string; give callers a real error with a code.
    const message = String(error);
    const inUse = message.includes('EADDRINUSE');
    throw Object.assign(
      new Error(inUse ? `port ${port} is already in use` : `could not listen on ${host}:${port}: ${message}`),
      { code: inUse ? 'EADDRINUSE' : 'ELISTEN', port },
    );
  }
  const url = address.replace(/\/$/, '');
  return {
    url,
    port: Number(new URL(url).port),
    operations: operations.map(describeOperation),
    close: () => server.close(),
  };
}
