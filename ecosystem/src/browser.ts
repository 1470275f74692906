/**
 * The scenario in a browser page (bundled once by esbuild and once by Vite). The mock URLs come
 * in the page's hash; the results, or the error that stopped the page, are posted back to the
 * server that served it. The page's origin is not the mocks', so every call is a CORS request.
 */
import { type MockUrls, runScenario } from './scenario.js';

/** Posts to `result` beside the page, so the server knows which bundle it came from. */
function report(body: unknown): void {
  void fetch('result', { method: 'POST', body: JSON.stringify(body) });
}

addEventListener('error', (event) => report({ error: `page error: ${event.message}` }));
addEventListener('unhandledrejection', (event) => report({ error: `unhandled rejection: ${String(event.reason)}` }));

const urls = JSON.parse(decodeURIComponent(location.hash.slice(1))) as MockUrls;
runScenario(urls).then(
  (results) => report({ results, userAgent: navigator.userAgent }),
  (error: unknown) => report({ error: String(error) }),
);
