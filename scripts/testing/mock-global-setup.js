// @ts-check
/**
 * vitest global setup for a provider package's contract tests: starts the Prism mock of the
 * package's spec on a free port, hands its URL to the tests (`inject('mockUrl')`), and after the
 * run enforces the operation-coverage check: every operation of the spec must have been
 * answered with a success, and no served response may contradict the spec.
 */

import { startMockServer } from '../lib/mock-server.js';
import { formatCoverage, operationCoverage } from '../lib/operation-coverage.js';
import { providerForPackageDir } from '../lib/registry.js';

/**
 * A run limited to some files or test names cannot be expected to cover every operation.
 * @param {import('vitest/node').TestProject} project
 */
function isPartialRun(project) {
  if (project.vitest.config.testNamePattern) return true;
  const args = process.argv.slice(2);
  const positional = args.filter((arg, i) => !arg.startsWith('-') && !args[i - 1]?.startsWith('--') && arg !== 'run');
  return positional.length > 0;
}

/** @param {import('vitest/node').TestProject} project */
export default async function setup(project) {
  const provider = providerForPackageDir(project.config.root);
  if (!provider) {
    throw new Error(`${project.config.root} is not the package of any provider in scripts/providers.json`);
  }
  /** @type {import('../lib/mock-server.js').MockExchange[]} */
  const exchanges = [];
  const mock = await startMockServer({ spec: provider.specPath, onExchange: (e) => exchanges.push(e) });
  project.provide('mockUrl', mock.url);

  return async () => {
    await mock.close();
    const coverage = operationCoverage(mock.operations, exchanges);
    console.log(`\n${formatCoverage(provider.name, coverage)}\n`);
    const problems = [];
    if (coverage.violations.length > 0) {
      problems.push(
        `the mock served ${coverage.violations.length} response(s) that contradict ${provider.spec}:`,
        ...coverage.violations.map(
          (v) => `  ${v.operation.method} ${v.operation.path} -> ${v.status}: ${v.violations.join('; ')}`,
        ),
      );
    }
    if (coverage.missing.length > 0) {
      if (isPartialRun(project)) {
        console.log('operation coverage not enforced: this run was limited to some files or tests');
      } else {
        problems.push(
          `${coverage.missing.length} operation(s) of ${provider.spec} were never answered with a success:`,
          ...coverage.missing.map((o) => `  ${o.method} ${o.path} (${o.id})`),
        );
      }
    }
    if (problems.length > 0) {
      // vitest only logs an error thrown by a global teardown; the exit code must be set here.
      console.error(`\nContract check FAILED for ${provider.name}:\n${problems.join('\n')}\n`);
      process.exitCode = 1;
    }
  };
}
