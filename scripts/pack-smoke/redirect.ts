/**
 * Preloaded (`node --import`) before a README quick start runs: sends the requests it makes to
 * the documented servers to the Prism mocks instead, and refuses any other destination, so a
 * quick start can run exactly as pasted without reaching a real API. The last argument of the
 * command line holds the redirects, `[[serverUrl, mockUrl], ...]`, as JSON.
 */
const redirects = JSON.parse(process.argv.at(-1) ?? '[]') as [string, string][];
const send = globalThis.fetch;

globalThis.fetch = async (input, init) => {
  const request = new Request(input, init);
  const match = redirects.find(([server]) => request.url === server || request.url.startsWith(`${server}/`));
  if (!match) throw new TypeError(`the quick start sent a request to ${request.url}, which is no mocked server`);
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  const { method, headers, signal } = request;
  return send(
    new Request(match[1] + request.url.slice(match[0].length), { method, headers, signal, ...(body ? { body } : {}) }),
  );
};
