// @ts-check
/**
 * Serves the rendered docs (site/) and every provider's mock, until Ctrl-C.
 *
 *   pnpm start     (builds what is stale and renders the docs first, then runs this)
 *   node scripts/start.js [--docs-port N] [--free-ports]   (--free-ports: every mock on a free port)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { printTable, runMain } from './lib/cli.js';
import { startProviderMocks, stopOnSignal } from './lib/mocks.js';
import { docsPort, providers, root, UsageError } from './lib/registry.js';
import { serveStatic } from './lib/static-server.js';

runMain(import.meta.url, async (args) => {
  let port = docsPort;
  let freePorts = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--docs-port' && /^\d+$/.test(args[i + 1] ?? '')) port = Number(args[++i]);
    else if (args[i] === '--free-ports') freePorts = true;
    else {
      throw new UsageError(`Unknown argument ${args[i]}. Usage: node scripts/start.js [--docs-port N] [--free-ports]`);
    }
  }
  const siteDir = join(root, 'site');
  if (!existsSync(join(siteDir, 'index.html'))) {
    throw new Error('site/ has no docs yet: run `pnpm docs` (or `pnpm start`, which renders them first)');
  }
  const docs = await serveStatic({ dir: siteDir, port }).catch((error) => {
    throw error.code === 'EADDRINUSE'
      ? new Error(
          `port ${port} (docs) is already in use; stop what listens there (\`lsof -i :${port}\`) or pass --docs-port`,
        )
      : error;
  });
  let mocks;
  try {
    mocks = await startProviderMocks(providers, { log: console.log, freePorts });
  } catch (error) {
    await docs.close();
    throw error;
  }
  stopOnSignal(() => Promise.all([docs.close(), ...mocks.map(({ server }) => server.close())]));
  console.log(`\nDocs:  ${docs.url}/\n`);
  printTable([
    ['API', 'Docs', 'Mock', 'Spec'],
    ...mocks.map(({ provider, server }) => [provider.name, `${docs.url}/${provider.id}/`, server.url, provider.spec]),
  ]);
  console.log('\nEverything is running; mock requests are logged below. Press Ctrl-C to stop.\n');
});
