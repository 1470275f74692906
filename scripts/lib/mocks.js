// @ts-check
/** Starting the registered providers' mocks on their fixed ports, for `pnpm mock` and `pnpm start`. */
import { startMockServer } from './mock-server.js';

/**
 * Starts one mock per provider on its registry port. If any port cannot be taken, the mocks
 * already started are closed and the error names the port and the provider.
 * @param {readonly import('./registry.js').Provider[]} providers
 * @param {{ host?: string, log?: (line: string) => void, freePorts?: boolean }} [options]
 *   freePorts: each mock on a free port instead of its registry port (a second copy, a test)
 * @returns {Promise<{ provider: import('./registry.js').Provider, server: import('./mock-server.js').MockServer }[]>}
 */
export async function startProviderMocks(providers, { host = '127.0.0.1', log, freePorts = false } = {}) {
  const settled = await Promise.allSettled(
    providers.map((provider) =>
      startMockServer({
        spec: provider.specPath,
        port: freePorts ? 0 : provider.mockPort,
        host,
        onRequest: log ? (request) => log(`${provider.id.padEnd(9)} ${describeRequest(request)}`) : undefined,
      }).then((server) => ({ provider, server })),
    ),
  );
  const started = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failures = settled.flatMap((s, i) =>
    s.status === 'rejected' ? [{ provider: providers[i], error: s.reason }] : [],
  );
  if (failures.length > 0) {
    await Promise.all(started.map(({ server }) => server.close()));
    const lines = failures.map(({ provider, error }) =>
      error?.code === 'EADDRINUSE'
        ? `port ${provider.mockPort} (${provider.name} mock) is already in use; stop what listens there (\`lsof -i :${provider.mockPort}\`), or start only other mocks with \`pnpm mock <provider...>\``
        : `${provider.name} mock: ${error instanceof Error ? error.message : String(error)}`,
    );
    throw new Error(lines.join('\n       '));
  }
  return started;
}

/**
 * Runs `stop` once on the first SIGINT or SIGTERM, then exits. A second signal exits at once.
 * @param {() => Promise<unknown>} stop
 */
export function stopOnSignal(stop) {
  let stopping = false;
  /** @param {NodeJS.Signals} signal */
  const onSignal = (signal) => {
    if (stopping) process.exit(130);
    stopping = true;
    console.log(`\n${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping...`);
    stop().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/**
 * One log line for a request: the operation's path template when it matched one, else the path
 * without its query (query strings can carry credentials), the status, and what went wrong.
 * @param {import('./mock-server.js').MockRequest} request
 */
export function describeRequest({ method, url, status, operation, violations, problem }) {
  const target = operation ? `${operation.method} ${operation.path}` : `${method || '?'} ${url.split('?')[0] || '?'}`;
  const notes = [problem, violations.length > 0 ? `differs from spec: ${violations.join('; ')}` : undefined];
  const detail = notes.filter(Boolean).join('; ');
  return `${target} -> ${status ?? 'no response'}${detail ? ` (${detail})` : ''}`;
}
