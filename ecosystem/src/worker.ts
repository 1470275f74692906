/**
 * The scenario as a workerd module worker. `workerd test` calls its `test` handler; the mock
 * URLs come from a text binding of the generated config, the results go to the log as one line
 * of JSON, and a failed package fails the test.
 */
import { type MockUrls, runScenario } from './scenario.js';

export default {
  async test(_controller: unknown, env: { MOCK_URLS: string }): Promise<void> {
    const results = await runScenario(JSON.parse(env.MOCK_URLS) as MockUrls);
    console.log(`ECOSYSTEM_RESULT ${JSON.stringify(results)}`);
    if (!results.every((result) => result.ok)) throw new Error('the scenario failed');
  },
};
