// @ts-check
/**
 * Prism mock servers, started through Prism's libraries rather than its CLI: several specs share
 * one process (about 150 MB and a second less per spec than one CLI each), and the CLI's route
 * printing rewrites query parameter names that contain `[]`, so such parameters were never
 * validated. `pnpm mock`, `pnpm start` and the contract tests all start mocks through here.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
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
/**
 * Prism's own validators: the output one is wrapped below to observe every response it serves,
 * the input one so that a request body its parsers choke on is reported as a violation.
 */
const { validateInput, validateOutput } = require('@stoplight/prism-http/dist/validator');
/**
 * The HTTP framework Prism's server is built on. Its `default` export creates the `http.Server`;
 * it is swapped for a moment in startMockServer to reach that server and its request handler,
 * which Prism does not expose.
 * @type {{ default: (handler: RequestHandler) => import('node:http').Server }}
 */
const micri = require(require.resolve('micri', { paths: [dirname(require.resolve('@stoplight/prism-http-server'))] }));

/**
 * @typedef {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, options?: unknown) => unknown} RequestHandler
 */
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
 * One request the mock received, however it ended: served, refused by Prism (unknown path,
 * method not allowed, invalid request, missing credentials), malformed, or failed inside Prism.
 * @typedef {object} MockRequest
 * @property {string} method
 * @property {string} url                     path and query as received
 * @property {number | undefined} status      undefined when the connection ended before a response
 * @property {MockOperation | undefined} operation  the operation it matched, if Prism found one
 * @property {string[]} violations            where the request or the served response differs from the spec
 * @property {string | undefined} problem     why it was refused or failed, when it was
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
 * @param {(request: MockRequest) => void} [options.onRequest]  called for every request, once it has ended
 * @returns {Promise<MockServer>}
 */
export async function startMockServer({ spec, port = 0, host = '127.0.0.1', onExchange, onRequest }) {
  const operations = await prismHttp.getHttpOperationsFromSpec(spec);
  /** What is known of the request being handled, found through the async context of its handler. */
  const current = new AsyncLocalStorage();
  /** @type {Parameters<typeof prismServer.createServer>[1]['components']} */
  const components = {
    logger: prismCore.createLogger('mock', { level: 'silent' }),
    mock: withViolationBodies(mock),
  };
  /**
   * Prism's body parsers throw on some bodies instead of reporting them (its multipart parser
   * reads a TypeError out of a file part without a Content-Type line): such a body is a
   * violation of the request like any other, answered with the operation's 422 or 400.
   * @type {typeof validateInput}
   */
  components.validateInput = (input) => {
    try {
      return validateInput(input);
    } catch (error) {
      const message = `Prism could not read this body (${describeError(error)})`;
      return { _tag: 'Left', left: [{ path: ['body'], code: 'unreadable', message, severity: 0 }] };
    }
  };
  /** @type {typeof validateOutput} */
  components.validateOutput = (input) => {
    const result = validateOutput(input);
    const operation = describeOperation(input.resource);
    const request = current.getStore();
    if (request) request.operation = operation;
    if (onExchange) {
      const violations =
        result._tag === 'Left'
          ? result.left
              .filter((d) => d.severity === 0)
              .map((d) => `${['response', ...(d.path ?? [])].join('.')}: ${d.message}`)
          : [];
      onExchange({ operation, status: input.element.statusCode, violations });
    }
    return result;
  };
  /** @type {import('node:http').Server | undefined} */
  let httpServer;
  const createHttpServer = micri.default;
  micri.default = (handler) => {
    httpServer = createHttpServer(guardedHandler(handler, current, onRequest));
    return httpServer;
  };
  let server;
  try {
    server = prismServer.createServer(operations, {
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
  } finally {
    micri.default = createHttpServer;
  }
  if (!httpServer) throw new Error('Prism did not create its HTTP server through micri: the mock cannot guard it');
  guardPrism(server.prism, current);
  httpServer.on('clientError', (error, socket) => answerClientError(error, socket, onRequest));
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
    close: () => {
      const closed = server.close();
      // Requests still in flight (a slow upload, a client that never reads) must not hold a stop.
      httpServer?.closeAllConnections();
      return closed;
    },
  };
}

/**
 * What a request handler knows of the request it serves.
 * @typedef {{ operation?: MockOperation, problem?: string }} RequestState
 */

/**
 * Wraps Prism's request handler: the request's state is kept in an async context (so Prism's
 * validator and router can record what they found), an error the handler throws becomes a 500
 * instead of a hung socket, and the request is reported once it has ended, whatever the outcome.
 * @param {RequestHandler} handler
 * @param {AsyncLocalStorage<RequestState>} current
 * @param {((request: MockRequest) => void) | undefined} onRequest
 * @returns {RequestHandler}
 */
function guardedHandler(handler, current, onRequest) {
  return (req, res, options) => {
    /** @type {RequestState} */
    const state = {};
    inRequest.add(req.socket);
    res.once('close', () => inRequest.delete(req.socket));
    res.once('close', () => {
      const answered = res.headersSent;
      onRequest?.({
        method: req.method ?? '',
        url: req.url ?? '',
        status: answered ? res.statusCode : undefined,
        operation: state.operation,
        violations: answered ? violationsOf(res.getHeader('sl-violations')) : [],
        problem: state.problem ?? (answered ? undefined : 'the connection ended before a response was sent'),
      });
    });
    return current.run(state, async () => {
      try {
        return await handler(req, res, options);
      } catch (error) {
        // What the handler awaits is reading the request (its body, its content type): a
        // failure there is the request's (malformed JSON, a body cut short or over the limit,
        // an unparsable media type), unless micri marks it as a server error.
        const marked = /** @type {{ statusCode?: unknown }} */ (error)?.statusCode;
        const status = typeof marked === 'number' && marked >= 400 && marked < 600 ? marked : 400;
        const reason = error instanceof Error ? error.message : String(error);
        state.problem ??= status < 500 ? `unreadable request: ${reason}` : `the mock failed: ${describeError(error)}`;
        sendProblem(res, status, status < 500 ? 'Bad Request' : 'Mock failure', state.problem);
      }
    });
  };
}

/**
 * The error boundary around Prism's request processing. Prism runs it as a task whose promise
 * nobody awaits, so an exception inside it (for example its multipart parser's TypeError on a
 * file part without a Content-Type line) was an unhandled rejection that ended the process, and
 * with it every mock it served. Here it becomes a 500 problem answer naming the error; Prism's
 * own refusals (no such path, method not allowed) are recorded for the request log.
 * @param {{ request: (...args: any[]) => () => Promise<any> }} prism
 * @param {AsyncLocalStorage<RequestState>} current
 */
function guardPrism(prism, current) {
  const request = prism.request.bind(prism);
  prism.request =
    (...args) =>
    async () => {
      const state = current.getStore();
      try {
        const result = await request(...args)();
        if (result._tag === 'Left' && state) state.problem ??= String(result.left?.message ?? result.left);
        return result;
      } catch (error) {
        const problem = `the mock failed: ${describeError(error)}`;
        if (state) state.problem ??= problem;
        // Prism answers a Left with its status and a problem+json body.
        const left = Object.assign(new Error('Mock failure'), { name: 'about:blank', status: 500, detail: problem });
        return { _tag: 'Left', left };
      }
    };
}

/** Sockets with a request in a handler, and sockets whose malformed request was reported. */
const inRequest = new WeakSet();
const reported = new WeakSet();

/**
 * A malformed HTTP message (headers too large, not HTTP at all, a broken chunked body) never
 * reaches a handler; Node answers it on its own unless it is listened for, as here, so that it
 * is reported too.
 * @param {Error & { code?: string }} error
 * @param {import('node:stream').Duplex} socket
 * @param {((request: MockRequest) => void) | undefined} onRequest
 */
function answerClientError(error, socket, onRequest) {
  // A body that breaks off mid-request is reported by the request's own handler.
  if (inRequest.has(socket) || reported.has(socket)) {
    socket.destroy();
    return;
  }
  reported.add(socket);
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ECONNRESET' ? undefined : 400;
  if (status && socket.writable) {
    const reason = status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  } else {
    socket.destroy();
  }
  onRequest?.({
    method: '',
    url: '',
    status,
    operation: undefined,
    violations: [],
    problem: `malformed HTTP request (${error.code ?? error.message})`,
  });
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {string} title @param {string} detail */
function sendProblem(res, status, title, detail) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ type: 'about:blank', title, status, detail });
  res.writeHead(status, { 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** @param {unknown} error */
function describeError(error) {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * The violations Prism lists in its `sl-violations` header, as `location: message` lines.
 * @param {unknown} header
 * @returns {string[]}
 */
function violationsOf(header) {
  if (typeof header !== 'string' || header === '') return [];
  try {
    /** @type {{ location?: string[], message?: string, severity?: string }[]} */
    const list = JSON.parse(header);
    return list.filter((v) => v.severity === 'Error').map((v) => `${(v.location ?? []).join('.')}: ${v.message}`);
  } catch {
    return [header.replace(/^Too many violations! /, '').slice(0, 200)];
  }
}
