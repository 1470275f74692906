/**
 * The local HTTP test server, shared by every package's tests: see @mediaspec/test-support.
 * Kept under this path so core's tests import it as before.
 */
export * from '@mediaspec/test-support/server';
