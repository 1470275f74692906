/**
 * The scenario's entry on the runtimes that run files (Node, Bun, Deno): the mock URLs come as
 * the last command-line argument, the results go to stdout as one line of JSON, and the exit
 * code says whether every package passed.
 */
import { type MockUrls, runScenario } from './scenario.js';

declare const process: { argv: string[]; exitCode?: number };

const urls = JSON.parse(process.argv.at(-1) ?? '{}') as MockUrls;
const results = await runScenario(urls);
console.log(`ECOSYSTEM_RESULT ${JSON.stringify(results)}`);
if (!results.every((result) => result.ok)) process.exitCode = 1;
