// A client in a process of its own, so its peak memory is measured alone (the test server and
// the test runner live in the parent). Run by memory.test.ts as:
//   node memory-child.mjs <bundled core> <base url> <bomb|stream> <platform|option>
// It reports to the parent over IPC: { first } when a stream's first bytes arrive, then
// { done, error?, bytes?, maxRssBytes }.
const [corePath, baseUrl, mode, transport] = process.argv.slice(2);
const { createApiClient } = await import(corePath);
const send = (message) => new Promise((resolve) => process.send(message, resolve));

const client = createApiClient({
  baseUrl,
  ...(transport === 'option' ? { fetch: (input, init) => fetch(input, init) } : {}),
});
let result;
try {
  if (mode === 'bomb') {
    await client.GET('/bomb');
    result = { error: 'none' };
  } else {
    const { data } = await client.GET('/stream', { parseAs: 'stream' });
    let bytes = 0;
    for await (const chunk of data) {
      if (bytes === 0) await send({ first: true });
      bytes += chunk.byteLength;
    }
    result = { bytes };
  }
} catch (error) {
  result = { error: error?.name ?? String(error), message: error?.message };
}
await send({ done: true, ...result, maxRssBytes: process.resourceUsage().maxRSS * 1024 });
process.exit(0);
