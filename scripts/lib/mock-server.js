// @ts-check
/**
 * Prism mock servers, started through Prism's libraries rather than its CLI: several specs share
 * one process (about 150 MB and a second less per spec than one CLI each), and the CLI's route
 * printing rewrites query parameter names that contain `[]`, so such parameters were never
 * validated. `pnpm mock`, `pnpm start` and the contract tests all start mocks through here.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** @type {typeof import('@stoplight/prism-http')} */
const prismHttp = require('@stoplight/prism-http');
/** @type {typeof import('@stoplight/prism-http-server')} */
const prismServer = require('@stoplight/prism-http-server');
/** @type {typeof import('@stoplight/prism-core')} */
const prismCore = require('@stoplight/prism-core');
/** Prism's own output validator, wrapped below to observe every response it serves. */
const { validateOutput } = require('@stoplight/prism-http/dist/validator');

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
  const components = { logger: prismCore.createLogger('mock', { level: 'silent' }) };
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
