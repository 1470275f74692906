// @ts-check
/**
 * The vitest configuration of a provider package: its tests, plus a Prism mock of its spec
 * started for the run and the operation-coverage check after it.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const globalSetup = fileURLToPath(new URL('./mock-global-setup.js', import.meta.url));

export function providerTestConfig() {
  return defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      globalSetup: [globalSetup],
      // Bounds for a hung test, not speed checks: on a machine whose CPU is shared many times
      // over, one contract test has taken over 15 s.
      testTimeout: 60_000,
      hookTimeout: 60_000,
      // One Prism mock per package serves every test file; files still run in parallel.
      pool: 'threads',
    },
  });
}
