import { configDefaults, defineConfig } from 'vitest/config';

/**
 * `@mediaspec/source` points package.json's `#platform` import at src/ (the built package
 * points it at dist/), so the tests run the code under test; the other conditions are Vite's
 * defaults for server code, `node` included, so the Node transport is the one tested.
 */
const conditions = ['@mediaspec/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['test/**/*.test.ts'],
    // A bound for a hung test, not a speed check: on a machine whose CPU is shared many times
    // over, a 1 MiB exchange alone has taken over 20 s.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The client suites run on both transports: the default one (on Node, straight to the
    // dispatcher under Node's fetch) and fetch itself (browsers, edge runtimes, a `fetch` option).
    // Suites that send no request, or that compare the two transports, run once.
    projects: [
      { extends: true, test: { name: 'default transport' } },
      {
        extends: true,
        test: {
          name: 'fetch transport',
          env: { MEDIASPEC_TEST_TRANSPORT: 'fetch' },
          exclude: [
            ...configDefaults.exclude,
            'test/transport-parity.test.ts',
            'test/bundle.test.ts',
            'test/webhooks.test.ts',
          ],
        },
      },
    ],
  },
});
