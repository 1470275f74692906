// @ts-check
/**
 * The TypeScript consumers of the ecosystem suite (consumers/): the scenario type-checked as a
 * strict consumer under each module setting (nodenext, node16, bundler) with the workspace's
 * TypeScript, the bundler setting again with the oldest TypeScript the READMEs claim, and a
 * CommonJS consumer that require()s the packages, compiled and run on Node 20.19.0 (the first
 * Node with require() of ES modules on by default) against the Pipe mock.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { mapLimit } from '../scripts/lib/run.js';
import { fromPackage, run, seconds } from './lib/exec.js';
import { here, nodeBinary, versions } from './lib/runtimes.js';

const require = createRequire(import.meta.url);
const consumers = join(here, 'consumers');

/**
 * @param {(message: string) => void} step
 * @param {string} urls  the mock URLs, as JSON
 * @returns {Promise<string[]>}  the failures, each naming its consumer
 */
export async function runConsumers(step, urls) {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [here] });
  const workspaceTs = require('typescript/package.json').version;
  /** @type {{ name: string, check: () => Promise<string> }[]} */
  const checks = [
    ...['nodenext', 'node16', 'bundler'].map((setting) => ({
      name: `TypeScript ${workspaceTs}, ${setting}`,
      check: async () => {
        const result = await run(process.execPath, [tsc, '-p', `tsconfig.${setting}.json`], {
          cwd: consumers,
          timeoutMs: 900_000,
        });
        if (result.code !== 0) throw new Error(result.output.trim());
        return 'type-checks';
      },
    })),
    {
      name: `TypeScript ${versions.oldestTypeScript} (the oldest supported), bundler`,
      check: async () => {
        await fromPackage(
          `typescript@${versions.oldestTypeScript}`,
          ['tsc', '-p', join(consumers, 'tsconfig.bundler.json')],
          {
            timeoutMs: 900_000,
          },
        );
        return 'type-checks';
      },
    },
    {
      name: `CommonJS require() on Node ${versions.node['20']}`,
      check: async () => {
        const compiled = await run(process.execPath, [tsc, '-p', 'tsconfig.cjs.json'], {
          cwd: consumers,
          timeoutMs: 900_000,
        });
        if (compiled.code !== 0) throw new Error(compiled.output.trim());
        const node = await nodeBinary(String(versions.node['20']));
        const ran = await run(node, [join(here, '.out', 'cjs', 'require.cjs'), urls], {
          cwd: here,
          timeoutMs: 600_000,
        });
        if (ran.code !== 0) throw new Error(ran.output.trim());
        return ran.stdout.trim();
      },
    },
  ];
  /** @type {string[]} */
  const failures = [];
  await mapLimit(checks, 2, async ({ name, check }) => {
    const t = Date.now();
    try {
      step(`consumer: ${name}: ${await check()} (${seconds(t)})`);
    } catch (error) {
      step(`consumer: ${name}: FAILED (${seconds(t)})`);
      failures.push(`[consumer: ${name}] ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return failures;
}
