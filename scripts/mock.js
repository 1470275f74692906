// @ts-check
/**
 * Serves the Prism mock of every provider (or of the named ones) on its registry port.
 *
 *   pnpm mock [provider...] [--quiet] [--free-ports]
 *
 * Logs one line per request unless --quiet, and says how to send sample webhook events
 * (`pnpm webhooks`). --free-ports puts each mock on a free port (shown in the table) instead of
 * its registry port. Ctrl-C or SIGTERM stops every mock.
 */
import { printTable, runMain } from './lib/cli.js';
import { startProviderMocks, stopOnSignal } from './lib/mocks.js';
import { selectProviders, UsageError } from './lib/registry.js';
import { triggerHints } from './lib/webhook-spec.js';

runMain(import.meta.url, async (args) => {
  const quiet = args.includes('--quiet');
  const freePorts = args.includes('--free-ports');
  const unknown = args.find((a) => a.startsWith('-') && a !== '--quiet' && a !== '--free-ports');
  if (unknown) {
    throw new UsageError(`Unknown option ${unknown}. Usage: pnpm mock [provider...] [--quiet] [--free-ports]`);
  }
  const providers = selectProviders(args.filter((a) => !a.startsWith('-')));
  const mocks = await startProviderMocks(providers, { log: quiet ? undefined : console.log, freePorts });
  stopOnSignal(() => Promise.all(mocks.map(({ server }) => server.close())));
  printTable([
    ['API', 'Mock URL', 'Spec'],
    ...mocks.map(({ provider, server }) => [provider.name, server.url, provider.spec]),
  ]);
  const hints = await triggerHints(providers);
  if (hints.length > 0) console.log(`\n${hints.join('\n')}`);
  console.log('\nMocks are running. Press Ctrl-C to stop.');
});
