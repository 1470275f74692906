// What the contract-test global setup hands to test files through `inject()`.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the Prism mock of the package's spec, started for this test run. */
    mockUrl: string;
  }
}
