// @ts-check
/**
 * The operation-coverage check: which operations of a spec a test run exercised, from the
 * responses its Prism mock served. An operation counts as covered once it was answered with a
 * success (2xx) status; error paths are listed too, for the report.
 */

/**
 * @param {readonly import('./mock-server.js').MockOperation[]} operations  every operation of the spec
 * @param {readonly import('./mock-server.js').MockExchange[]} exchanges    every response served
 */
export function operationCoverage(operations, exchanges) {
  const rows = operations.map((operation) => {
    const statuses = [...new Set(exchanges.filter((e) => e.operation.id === operation.id).map((e) => e.status))].sort(
      (a, b) => a - b,
    );
    return { operation, statuses, covered: statuses.some((s) => s >= 200 && s < 300) };
  });
  const violations = exchanges.filter((e) => e.violations.length > 0);
  return {
    rows,
    covered: rows.filter((r) => r.covered).length,
    total: rows.length,
    missing: rows.filter((r) => !r.covered).map((r) => r.operation),
    violations,
  };
}

/**
 * A plain-text report: one line per operation with the statuses it was answered with.
 * @param {string} providerName
 * @param {ReturnType<typeof operationCoverage>} coverage
 */
export function formatCoverage(providerName, coverage) {
  const width = Math.max(...coverage.rows.map((r) => `${r.operation.method} ${r.operation.path}`.length));
  const lines = coverage.rows.map(
    (r) =>
      `  ${r.covered ? 'ok  ' : 'MISS'} ${`${r.operation.method} ${r.operation.path}`.padEnd(width)}  ${r.operation.id}` +
      `  ${r.statuses.length ? r.statuses.join(' ') : '(never called)'}`,
  );
  return [`operation coverage: ${providerName} ${coverage.covered}/${coverage.total}`, ...lines].join('\n');
}
