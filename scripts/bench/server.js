// @ts-check
/**
 * The benchmark's HTTP server, run in a process of its own so that its work does not compete
 * with the client's event loop. Answers from prepared buffers:
 *
 *   GET  /items?...  200, the five-item list (about 0.5 KB)
 *   POST /items      201, the created item (the JSON body is read and parsed first)
 *   GET  /large      200, about 100 KB of JSON
 *
 * Sends `{ port }` to its parent over IPC once it listens, and exits when the parent goes.
 */
import { createServer } from 'node:http';
import { CREATED_JSON, LARGE_JSON, LIST_JSON } from './payloads.js';

/** @param {string} json */
function reply(json) {
  const body = Buffer.from(json);
  return { body, headers: { 'content-type': 'application/json', 'content-length': String(body.length) } };
}

const list = reply(LIST_JSON);
const created = reply(CREATED_JSON);
const large = reply(LARGE_JSON);

const server = createServer((req, res) => {
  if (req.method === 'POST') {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      try {
        JSON.parse(Buffer.concat(chunks).toString());
      } catch {
        res.writeHead(400).end();
        return;
      }
      res.writeHead(201, created.headers).end(created.body);
    });
    return;
  }
  const { body, headers } = req.url?.startsWith('/large') ? large : list;
  res.writeHead(200, headers).end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('disconnect', () => process.exit(0));
