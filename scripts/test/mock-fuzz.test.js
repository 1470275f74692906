// @ts-check
/**
 * Malformed requests against the mock of every provider, all in one process as `pnpm mock` and
 * `pnpm start` run them: whatever arrives (multipart without part headers, broken JSON, invalid
 * UTF-8, huge headers, bodies cut short, wrong content types, unknown paths and methods), each
 * mock answers or drops that one request, logs it, and keeps serving; the process survives.
 * Requests are written byte by byte over a socket, since fetch refuses to send most of them.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startMockServer } from '../lib/mock-server.js';
import { providers } from '../lib/registry.js';

/**
 * @typedef {object} Mock
 * @property {import('../lib/registry.js').Provider} provider
 * @property {import('../lib/mock-server.js').MockServer} server
 * @property {import('../lib/mock-server.js').MockRequest[]} log  every request it reported
 * @property {() => Promise<import('../lib/mock-server.js').MockRequest>} nextLog  the next report
 */

/** @type {Mock[]} */
const mocks = [];

before(async () => {
  for (const provider of providers) {
    /** @type {Array<(entry: import('../lib/mock-server.js').MockRequest) => void>} */
    const waiting = [];
    /** @type {import('../lib/mock-server.js').MockRequest[]} */
    const log = [];
    const server = await startMockServer({
      spec: provider.specPath,
      onRequest: (entry) => {
        log.push(entry);
        for (const resolve of waiting.splice(0)) resolve(entry);
      },
    });
    mocks.push({ provider, server, log, nextLog: () => new Promise((resolve) => waiting.push(resolve)) });
  }
});

after(async () => {
  await Promise.all(mocks.map(({ server }) => server.close()));
});

/**
 * Writes `bytes` to the server, then (unless `hold`) half-closes; resolves with everything the
 * server sent until it closed the connection.
 * @param {number} port
 * @param {Buffer} bytes
 */
function exchange(port, bytes) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    /** @type {Buffer[]} */
    const received = [];
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('error', (error) => {
      // A reset after the server answered and closed is a normal end here.
      if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ECONNRESET') resolve(Buffer.concat(received));
      else reject(error);
    });
    socket.on('close', () => resolve(Buffer.concat(received)));
    socket.on('connect', () => socket.end(bytes));
  });
}

/**
 * An HTTP/1.1 request as raw bytes; `Content-Length` is the body's length unless given.
 * @param {string} method
 * @param {string} path
 * @param {Record<string, string>} headers
 * @param {Buffer | string} [body]
 */
function raw(method, path, headers, body = Buffer.alloc(0)) {
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const all = { host: '127.0.0.1', connection: 'close', 'content-length': String(payload.length), ...headers };
  const head = `${method} ${path} HTTP/1.1\r\n${Object.entries(all)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), payload]);
}

/** The status code of a raw HTTP response, if it has one. @param {Buffer} response */
const statusOf = (response) => {
  const match = /^HTTP\/1\.1 (\d{3}) /.exec(response.toString('latin1'));
  return match ? Number(match[1]) : undefined;
};

/** A concrete path for an operation's template. @param {string} template */
const concrete = (template) => template.replace(/\{[^}]+\}/g, 'x1');

/**
 * The POST operation malformed bodies go to: one that takes multipart if the spec has one (the
 * path through Prism's multipart parser), else the first POST, else the first operation.
 * @param {Mock} mock
 */
function target(mock) {
  if (mock.provider.id === 'pstream') return '/ul/x1';
  const post = mock.server.operations.find((o) => o.method === 'POST') ?? mock.server.operations[0];
  return concrete(/** @type {import('../lib/mock-server.js').MockOperation} */ (post).path);
}

const boundary = 'mediaspec-fuzz';
const multipart = (/** @type {string} */ parts) => ({
  'content-type': `multipart/form-data; boundary=${boundary}`,
  body: `${parts}--${boundary}--\r\n`,
});

/**
 * Every malformed request, by name: what to send to a mock, given its target path.
 * @type {Record<string, (path: string) => Buffer>}
 */
const MALFORMED = {
  'multipart whose file part has no Content-Type': (path) => {
    const { body, ...headers } = multipart(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"\r\n\r\nbytes\r\n`,
    );
    return raw('POST', path, headers, body);
  },
  'multipart whose part has no headers at all': (path) => {
    const { body, ...headers } = multipart(`--${boundary}\r\n\r\nbytes\r\n`);
    return raw('POST', path, headers, body);
  },
  'multipart with no boundary parameter': (path) =>
    raw('POST', path, { 'content-type': 'multipart/form-data' }, `--x\r\n\r\nbytes\r\n--x--\r\n`),
  'multipart that never closes': (path) =>
    raw('POST', path, { 'content-type': `multipart/form-data; boundary=${boundary}` }, `--${boundary}\r\nContent-Disp`),
  'JSON that does not parse': (path) => raw('POST', path, { 'content-type': 'application/json' }, '{"name": "x",'),
  'JSON that is not UTF-8': (path) =>
    raw('POST', path, { 'content-type': 'application/json' }, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])),
  'a form body that is not UTF-8': (path) =>
    raw('POST', path, { 'content-type': 'application/x-www-form-urlencoded' }, Buffer.from([0x61, 0x3d, 0xc3, 0x28])),
  'a path that is not UTF-8': (path) => raw('GET', `${path}/%FF%FE`, {}),
  'a header value that is not UTF-8': (path) =>
    Buffer.concat([
      raw('GET', path, {}).subarray(0, -2),
      Buffer.from([0x78, 0x2d, 0x62, 0x3a, 0x20, 0xff, 0xfe, 0x0d, 0x0a, 0x0d, 0x0a]),
    ]),
  'headers of 64 KB': (path) => raw('GET', path, { 'x-huge': 'a'.repeat(64 * 1024) }),
  'a body shorter than its Content-Length': (path) =>
    raw('POST', path, { 'content-type': 'application/json', 'content-length': '1000' }, '{"name":'),
  'a chunked body cut off mid-chunk': (path) =>
    Buffer.concat([
      Buffer.from(
        `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n40\r\n{"na`,
      ),
    ]),
  'XML where JSON is expected': (path) => raw('POST', path, { 'content-type': 'application/xml' }, '<name>x</name>'),
  'a content type that is not a media type': (path) => raw('POST', path, { 'content-type': ';;;/' }, '{}'),
  'JSON declared as multipart': (path) =>
    raw('POST', path, { 'content-type': `multipart/form-data; boundary=${boundary}` }, '{"name":"x"}'),
  'not HTTP at all': () => Buffer.from('\x00\x01\x02 hello\r\n\r\n'),
  'a path the spec does not have': () => raw('GET', '/no/such/path', {}),
  'a method the path does not allow': (path) => raw('TRACE', path, {}),
};

describe('every mock survives malformed requests, answers or drops each, and logs each', () => {
  for (const [name, build] of Object.entries(MALFORMED)) {
    test(name, async () => {
      await Promise.all(
        mocks.map(async (mock) => {
          const logged = mock.nextLog();
          const before = mock.log.length;
          const response = await exchange(mock.server.port, build(target(mock)));
          const entry = await logged;
          assert.equal(mock.log.length, before + 1, `${mock.provider.id}: one request, one log entry`);
          const status = statusOf(response);
          // Whatever the mock answered is what it logged; a dropped connection is logged as such.
          assert.equal(entry.status, status, `${mock.provider.id}: logged ${entry.status}, answered ${status}`);
          if (status === undefined) assert.ok(entry.problem, `${mock.provider.id}: a dropped request says why`);
          else assert.ok(status >= 400 && status < 500, `${mock.provider.id}: ${name} was answered ${status}`);

          // ... and it still serves: a well-formed request is routed by Prism as before.
          const next = mock.nextLog();
          const check = await fetch(`${mock.server.url}/no/such/path`);
          assert.equal(check.status, 404);
          assert.equal(
            /** @type {{ type?: string }} */ (await check.json()).type,
            'https://stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR',
          );
          assert.equal((await next).status, 404);
        }),
      );
    });
  }
});
