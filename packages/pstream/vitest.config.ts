import { providerTestConfig } from '../../scripts/testing/vitest-config.js';

export default providerTestConfig();
