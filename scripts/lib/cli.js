// @ts-check
/** Small helpers shared by the command-line scripts. */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError } from './registry.js';

/**
 * Runs `main` when the calling module is the entry point (not when it is imported), and turns a
 * thrown error into a one-line message and exit code 1 (a UsageError gets exit code 2).
 * @param {string} moduleUrl  `import.meta.url` of the calling script
 * @param {(args: string[]) => Promise<unknown>} main
 */
export function runMain(moduleUrl, main) {
  const entry = process.argv[1];
  if (!entry || realpathSync(entry) !== realpathSync(fileURLToPath(moduleUrl))) return;
  main(process.argv.slice(2)).catch((error) => {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}`);
      process.exitCode = 2;
    } else {
      console.error(error instanceof Error && error.name === 'Error' ? `error: ${error.message}` : error);
      process.exitCode = 1;
    }
  });
}

/**
 * Prints rows as an aligned plain-text table.
 * @param {string[][]} rows  the first row is the header
 */
export function printTable(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows) {
    console.log(
      row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    );
  }
}
