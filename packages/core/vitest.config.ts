import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A bound on hangs, not on speed: the machines running the suite may be heavily loaded.
    testTimeout: 30_000,
    // Worker threads rather than a process per file: the same isolation for these suites (each
    // file gets a fresh worker), for less CPU. The memory test measures in processes of its own.
    pool: 'threads',
    // The client suites run twice: on the platform's fetch (no `fetch` option), and on a fetch
    // passed as the `fetch` option. Suites that send no request run once.
    projects: [
      { extends: true, test: { name: 'platform fetch' } },
      {
        extends: true,
        test: {
          name: 'fetch option',
          env: { MEDIASPEC_TEST_TRANSPORT: 'fetch' },
          exclude: [...configDefaults.exclude, 'test/bundle.test.ts', 'test/webhooks.test.ts', 'test/memory.test.ts'],
        },
      },
    ],
  },
});
