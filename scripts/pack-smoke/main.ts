/**
 * The Node consumer: runs the calls, then the Node-only entry `@mediaspec/valt/node`.
 * Its argument is the mock URL of each provider, as JSON.
 */
import { createValtClient, uploadRecording } from '@mediaspec/valt/node';
import { type ProviderId, smoke } from './calls.js';

const urls = JSON.parse(process.argv[2] ?? '{}') as Record<ProviderId, string>;
for (const line of await smoke(urls)) console.log(line);

const valt = createValtClient({ baseUrl: urls.valt, accessToken: 'smoke-token' });
const stream = (async function* () {
  yield new Uint8Array(1024);
})();
const { recordId, videoId } = await uploadRecording(valt, { name: 'smoke', file: stream, size: 1024 });
if (typeof recordId !== 'string' || typeof videoId !== 'string') throw new Error('check failed: valt/node upload');
console.log(`valt/node uploadRecording(stream) -> record ${recordId}`);
