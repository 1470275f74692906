import { defineConfig } from 'vitest/config';

// The time limit bounds a hung test; it is no speed check (a busy machine is slow).
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 } });
