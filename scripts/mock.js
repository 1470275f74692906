// @ts-check
/**
 * Serves the Prism mock of every provider (or of the named ones) on its registry port.
 *
 *   pnpm mock [provider...] [--quiet]
 *
 * Logs one line per request unless --quiet, and says how to send sample webhook events
 * (`pnpm webhooks`). Ctrl-C or SIGTERM stops every mock.
 */
import { printTable, runMain } from './lib/cli.js';
import { startProviderMocks, stopOnSignal } from './lib/mocks.js';
import { selectProviders, UsageError } from './lib/registry.js';
import { triggerHints } from './lib/webhook-spec.js';

runMain(import.meta.url, async (args) => {
  const quiet = args.includes('--quiet');
  const unknown = args.find((a) => a.startsWith('-') && a !== '--quiet');
  if (unknown) throw new UsageError(`Unknown option ${unknown}. Usage: pnpm mock [provider...] [--quiet]`);
  const providers = selectProviders(args.filter((a) => !a.startsWith('-')));
  const mocks = await startProviderMocks(providers, { log: quiet ? undefined : console.log });
  stopOnSignal(() => Promise.all(mocks.map(({ server }) => server.close())));
  printTable([
    ['API', 'Mock URL', 'Spec'],
    ...mocks.map(({ provider, server }) => [provider.name, server.url, provider.spec]),
  ]);
  const hints = await triggerHints(providers);
  if (hints.length > 0) console.log(`\n${hints.join('\n')}`);
  console.log('\nMocks are running. Press Ctrl-C to stop.');
});
