// @ts-check
/**
 * Checks a real server against its spec: runs the provider's read-only contract scenario through
 * Prism's validating proxy and reports every request and response that contradicts the spec,
 * grouped by operation.
 *
 *   pnpm verify <provider> --base-url <url>
 *
 * Credentials come from the environment variables the provider's example reads (PIPE_API_KEY,
 * PSTREAM_LOGIN and PSTREAM_KEY, APIVIDEO_API_KEY, VALT_USER and VALT_PASSWORD, NODEUM_USER and
 * NODEUM_PASSWORD). Exit code 0: no drift; 1: drift, or the server could not be checked; 2: usage.
 */
import { createRequire } from 'node:module';
import { runMain } from './lib/cli.js';
import { providers, selectProviders, UsageError } from './lib/registry.js';
import { scenarios } from './lib/verify-scenarios.js';

const require = createRequire(import.meta.url);

/** How long one call may take before it counts as failed. */
const CALL_TIMEOUT_MS = 30_000;

/**
 * What happened to one call of the scenario.
 * @typedef {object} Observation
 * @property {string} operationId
 * @property {string} method
 * @property {string} path            the spec's path template, or the path called when none matched
 * @property {number} [status]        status the real server answered
 * @property {string[]} request       where the request contradicts the spec
 * @property {string[]} response      where the response contradicts the spec
 * @property {string} [failure]       why the call could not be checked
 */

/**
 * @typedef {object} VerifyResult
 * @property {Observation[]} observations   one per call, in order
 * @property {Map<string, Observation[]>} drift  the calls with a contradiction or failure, by operation
 * @property {number} exitCode
 */

/** @param {{ path?: (string | number)[], message: string }} d @param {string} side */
const describe = (d, side) => `${[side, ...(d.path ?? [])].join('.')}: ${d.message}`;

/**
 * Whether the spec lists `status` for an operation: as itself, as its range (`5XX`) or `default`.
 * @param {{ code: string }[]} responses
 * @param {number} status
 */
function declaresStatus(responses, status) {
  const codes = responses.map((r) => String(r.code).toUpperCase());
  return codes.includes(String(status)) || codes.includes(`${String(status)[0]}XX`) || codes.includes('DEFAULT');
}

/**
 * Starts Prism as a validating proxy in front of `baseUrl`, observing what it validates.
 * @param {string} specPath
 * @param {string} baseUrl
 * @param {() => Observation | undefined} current  the call in progress (calls are sequential)
 */
async function startValidatingProxy(specPath, baseUrl, current) {
  /** @type {typeof import('@stoplight/prism-http')} */
  const prismHttp = require('@stoplight/prism-http');
  /** @type {typeof import('@stoplight/prism-http-server')} */
  const prismServer = require('@stoplight/prism-http-server');
  /** @type {typeof import('@stoplight/prism-core')} */
  const prismCore = require('@stoplight/prism-core');
  const validator = require('@stoplight/prism-http/dist/validator');
  const operations = await prismHttp.getHttpOperationsFromSpec(specPath);

  /**
   * @template {(input: any) => any} F
   * @param {F} validate
   * @param {'request' | 'response'} side
   * @returns {F}
   */
  const observe = (validate, side) =>
    /** @type {F} */ (
      (input) => {
        const result = validate(input);
        const observation = current();
        if (observation) {
          observation.path = input.resource.path;
          observation.method = input.resource.method.toUpperCase();
          if (side === 'response') {
            const status = /** @type {number} */ (input.element.statusCode);
            observation.status = status;
            // Prism only warns about a status the spec does not list; for a drift check it is an error.
            if (!declaresStatus(input.resource.responses, status)) {
              observation.response.push(`response.status: ${status} is not a status the spec lists for this operation`);
            }
          }
          if (result._tag === 'Left') {
            for (const d of result.left) if (d.severity === 0) observation[side].push(describe(d, side));
          }
        }
        return result;
      }
    );

  const server = prismServer.createServer(operations, {
    cors: false,
    components: {
      logger: prismCore.createLogger('verify', { level: 'silent' }),
      // Prism types its security validator narrower than the components slot it fills itself.
      validateSecurity: /** @type {any} */ (observe(validator.validateSecurity, 'request')),
      validateInput: observe(validator.validateInput, 'request'),
      validateOutput: observe(validator.validateOutput, 'response'),
    },
    config: {
      mock: { dynamic: false },
      checkSecurity: true,
      validateRequest: true,
      validateResponse: true,
      // Forward every request, even one that contradicts the spec: the point is to see both sides.
      errors: false,
      isProxy: true,
      upstream: new URL(baseUrl),
      upstreamProxy: undefined,
    },
  });
  const address = await server.listen(0, '127.0.0.1');
  return { url: address.replace(/\/$/, ''), close: () => server.close() };
}

/**
 * Runs `provider`'s read-only scenario against `baseUrl` through the validating proxy.
 * @param {object} options
 * @param {import('./lib/registry.js').Provider} options.provider
 * @param {string} options.baseUrl                the real server, e.g. https://api.addpipe.com
 * @param {NodeJS.ProcessEnv} [options.env]       where the credentials are read from
 * @param {(line: string) => void} [options.log]  progress, one line per call
 * @returns {Promise<VerifyResult>}
 */
export async function verifyProvider({ provider, baseUrl, env = process.env, log = () => {} }) {
  const scenario = scenarios[provider.id];
  if (!scenario) throw new Error(`${provider.name} has no read-only scenario in scripts/lib/verify-scenarios.js`);
  const missing = scenario.env.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new UsageError(`set ${missing.join(' and ')} to the credentials of your ${provider.name} account`);
  }
  /** @type {string[]} */
  const secrets = [];
  for (const name of [...scenario.env, ...(scenario.optionalEnv ?? [])]) {
    const value = env[name];
    if (typeof value === 'string' && value.length >= 4) secrets.push(value);
  }
  /** Never print a credential, even inside a server's message. @param {string} text */
  const redact = (text) => secrets.reduce((out, secret) => out.split(secret).join('***'), text);

  /** @type {Observation[]} */
  const observations = [];
  /** @type {Observation | undefined} */
  let current;
  const proxy = await startValidatingProxy(provider.specPath, baseUrl, () => current);
  const auth = scenario.auth(env);
  try {
    await scenario.run(async (call) => {
      current = { operationId: call.operationId, method: call.method, path: call.path, request: [], response: [] };
      observations.push(current);
      const query = new URLSearchParams({ ...auth.query, ...call.query }).toString();
      const headers = new Headers({ accept: 'application/json', ...auth.headers });
      if (call.json !== undefined) headers.set('content-type', 'application/json');
      let status = 0;
      /** @type {any} */
      let body;
      try {
        const url = `${proxy.url}${call.path}${query ? `?${query}` : ''}`;
        /** @type {RequestInit} */
        const init = {
          method: call.method,
          headers,
          body: call.json === undefined ? undefined : JSON.stringify(call.json),
        };
        const response = await fetch(url, { ...init, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) }).catch((error) => {
          // The proxy closes a kept-alive connection after 5 s idle; a call can race that close.
          // Every call of a scenario reads without changing anything, so sending it again is safe.
          const code = error?.cause?.code;
          if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') throw error;
          return fetch(url, { ...init, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
        });
        status = response.status;
        const text = await response.text();
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        if (current.status === undefined) {
          // Prism answered itself: no operation matched, or the server could not be reached.
          const detail = typeof body?.detail === 'string' && body.detail ? body.detail : body?.title;
          current.failure =
            status >= 500 &&
            typeof body?.type === 'string' &&
            body.type.startsWith('https://stoplight.io/prism/errors#')
              ? `the server could not be reached or answered unreadably (${detail ?? status})`
              : `no operation of ${provider.spec} matches ${call.method} ${call.path}`;
        }
      } catch (error) {
        current.failure = `the call failed: ${error instanceof Error ? error.message : String(error)}`;
      }
      const problems = current.request.length + current.response.length + (current.failure ? 1 : 0);
      log(
        redact(
          `${call.method} ${current.path} (${call.operationId}) -> ${current.status ?? 'no answer'}` +
            (problems ? `: ${problems} problem(s)` : ''),
        ),
      );
      return { status, body };
    }, env);
  } finally {
    current = undefined;
    await proxy.close();
  }
  for (const o of observations) {
    o.request = o.request.map(redact);
    o.response = o.response.map(redact);
    if (o.failure) o.failure = redact(o.failure);
  }
  /** @type {Map<string, Observation[]>} */
  const drift = new Map();
  for (const o of observations) {
    if (o.request.length === 0 && o.response.length === 0 && !o.failure) continue;
    drift.set(o.operationId, [...(drift.get(o.operationId) ?? []), o]);
  }
  return { observations, drift, exitCode: drift.size > 0 ? 1 : 0 };
}

/**
 * The report: every contradiction, grouped by operation.
 * @param {import('./lib/registry.js').Provider} provider
 * @param {string} baseUrl
 * @param {VerifyResult} result
 */
export function formatReport(provider, baseUrl, result) {
  const lines = [];
  const operations = new Set(result.observations.map((o) => o.operationId));
  if (result.drift.size === 0) {
    lines.push(`${provider.name} at ${baseUrl} matches ${provider.spec}: ${operations.size} operation(s) checked.`);
    return lines.join('\n');
  }
  lines.push(
    `${provider.name} at ${baseUrl} contradicts ${provider.spec} in ${result.drift.size} of ${operations.size} operation(s):`,
  );
  for (const [operationId, calls] of result.drift) {
    lines.push('', `${calls[0].method} ${calls[0].path} (${operationId})`);
    for (const call of calls) {
      if (call.failure) lines.push(`  ${call.failure}`);
      for (const message of call.request) lines.push(`  ${message}`);
      for (const message of call.response) lines.push(`  ${call.status} ${message}`);
    }
  }
  return lines.join('\n');
}

runMain(import.meta.url, async (args) => {
  const usage = `Usage: pnpm verify <provider> --base-url <url>  (providers: ${providers.map((p) => p.id).join(', ')})`;
  const at = args.indexOf('--base-url');
  const baseUrl = at === -1 ? undefined : args[at + 1];
  if (!baseUrl || baseUrl.startsWith('-'))
    throw new UsageError(`--base-url needs the URL of the real server. ${usage}`);
  if (!/^https?:\/\//.test(baseUrl)) throw new UsageError(`--base-url must be an http(s) URL. ${usage}`);
  const rest = [...args.slice(0, at), ...args.slice(at + 2)];
  const unknown = rest.find((a) => a.startsWith('-'));
  if (unknown) throw new UsageError(`Unknown option ${unknown}. ${usage}`);
  if (rest.length !== 1) throw new UsageError(`Name one provider. ${usage}`);
  const [provider] = selectProviders(rest);
  console.log(`Checking ${provider.name} at ${baseUrl} against ${provider.spec}, through Prism's validating proxy...`);
  const result = await verifyProvider({ provider, baseUrl, log: (line) => console.log(`  ${line}`) });
  console.log(`\n${formatReport(provider, baseUrl, result)}`);
  process.exitCode = result.exitCode;
});
