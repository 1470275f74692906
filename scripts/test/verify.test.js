// @ts-check
/**
 * `pnpm verify` against a local stand-in for the Pipe API: first one that answers exactly as
 * the spec's examples (no drift), then one that deviates in known ways, each of which must be
 * reported under its operation, and nothing else.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { providers, root } from '../lib/registry.js';
import { formatReport, verifyProvider } from '../verify.js';

const pipe = /** @type {import('../lib/registry.js').Provider} */ (providers.find((p) => p.id === 'pipe'));
const examples = parse(readFileSync(pipe.specPath, 'utf8')).components.examples;
const apiKey = 'pipe-key-Zq81-do-not-print';
const env = { PIPE_API_KEY: apiKey };

/** @typedef {(path: string) => { status: number, body: unknown } | undefined} Deviation */

/**
 * A stand-in Pipe API on a free port: the spec's examples, unless `deviate` answers otherwise.
 * Records the X-PIPE-AUTH header of every request it gets.
 * @param {Deviation} [deviate]
 */
async function startStandIn(deviate = () => undefined) {
  /** @type {Record<string, unknown>} */
  const answers = {
    '/account': examples.Account.value,
    '/video/all': examples.VideoList.value,
    '/video': examples.VideoList.value,
    '/video/60372': examples.Video.value,
    '/environment': examples.EnvironmentList.value,
    '/environment/5167': examples.Environment.value,
    '/webhook': examples.WebhookList.value,
    '/amazon': examples.AmazonCredentialsList.value,
    '/ftp': examples.FtpCredentialsList.value,
    '/dropbox': examples.DropboxCredentialsList.value,
  };
  /** @type {(string | undefined)[]} */
  const keys = [];
  const server = createServer((request, response) => {
    keys.push(/** @type {string | undefined} */ (request.headers['x-pipe-auth']));
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const answer = deviate(path) ?? (path in answers ? { status: 200, body: answers[path] } : undefined);
    const { status, body } = answer ?? { status: 404, body: examples.NotFoundGet.value };
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: `http://127.0.0.1:${port}`, keys, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** The stand-in's known deviations from the spec. @type {Deviation} */
const deviations = (path) => {
  if (path === '/account') {
    // account_details as an object, not a one-item array
    return {
      status: 200,
      body: { ...examples.Account.value, account_details: examples.Account.value.account_details[0] },
    };
  }
  if (path === '/video/all') {
    // a flag sent as a number, and an id that is not a number (which the next call then sends)
    const [video, ...others] = examples.VideoList.value.videos;
    const first = { ...video, id: 'v60372', converted: 1 };
    return { status: 200, body: { ...examples.VideoList.value, videos: [first, ...others] } };
  }
  if (path === '/environment/5167') return { status: 503, body: { status: 'ERROR', message: 'Maintenance' } };
  return undefined;
};

describe('pnpm verify against a stand-in that matches the spec', () => {
  /** @type {Awaited<ReturnType<typeof startStandIn>>} */
  let standIn;
  before(async () => {
    standIn = await startStandIn();
  });
  after(() => standIn?.close());

  test('reports no drift and exits 0, after calling every read-only operation', async () => {
    const result = await verifyProvider({ provider: pipe, baseUrl: standIn.url, env });
    assert.equal(result.exitCode, 0, formatReport(pipe, standIn.url, result));
    assert.deepEqual(
      result.observations.map((o) => o.operationId),
      [
        'getAccount',
        'listVideos',
        'listVideosShort',
        'getVideo',
        'listEnvironments',
        'getEnvironment',
        'listWebhooks',
        'listAmazonCredentials',
        'listFtpCredentials',
        'listDropboxCredentials',
      ],
    );
    assert.ok(result.observations.every((o) => o.status === 200));
    // The proxy passed the credentials on to the server.
    assert.ok(standIn.keys.length >= 10 && standIn.keys.every((key) => key === apiKey));
    assert.match(
      formatReport(pipe, standIn.url, result),
      /matches specs\/pipe\/openapi\.yaml: 10 operation\(s\) checked/,
    );
  });
});

describe('pnpm verify against a stand-in that deviates from the spec', () => {
  /** @type {Awaited<ReturnType<typeof startStandIn>>} */
  let standIn;
  before(async () => {
    standIn = await startStandIn(deviations);
  });
  after(() => standIn?.close());

  test('reports each deviation under its operation, and only those', async () => {
    const result = await verifyProvider({ provider: pipe, baseUrl: standIn.url, env });
    assert.equal(result.exitCode, 1);
    assert.deepEqual([...result.drift.keys()], ['getAccount', 'listVideos', 'getVideo', 'getEnvironment']);
    const [account] = /** @type {import('../verify.js').Observation[]} */ (result.drift.get('getAccount'));
    assert.equal(account.path, '/account');
    assert.ok(
      account.response.some((m) => /^response\.body\.account_details: .*must be array/.test(m)),
      account.response.join('\n'),
    );
    const [list] = /** @type {import('../verify.js').Observation[]} */ (result.drift.get('listVideos'));
    assert.ok(
      list.response.some((m) => m.startsWith('response.body.videos.0.converted:')),
      list.response.join('\n'),
    );
    assert.ok(
      list.response.some((m) => m.startsWith('response.body.videos.0.id:')),
      list.response.join('\n'),
    );
    const [video] = /** @type {import('../verify.js').Observation[]} */ (result.drift.get('getVideo'));
    assert.equal(video.path, '/video/{id}');
    assert.ok(
      video.request.some((m) => /^request\.path\.id: .*must be integer/.test(m)),
      video.request.join('\n'),
    );
    assert.deepEqual(video.response, [], 'the 404 it got is in the spec');
    const [environment] = /** @type {import('../verify.js').Observation[]} */ (result.drift.get('getEnvironment'));
    assert.equal(environment.status, 503);
    assert.ok(environment.response.includes('response.status: 503 is not a status the spec lists for this operation'));
    assert.deepEqual(environment.request, []);
  });

  test('the command prints the report grouped by operation, exits 1 and never prints the key', async () => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'verify.js'), 'pipe', '--base-url', standIn.url], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 1, output);
    assert.match(output, /contradicts specs\/pipe\/openapi\.yaml in 4 of 10 operation\(s\)/);
    assert.match(output, /\nGET \/account \(getAccount\)\n {2}200 response\.body\.account_details: .*must be array/);
    assert.match(output, /\nGET \/video\/all \(listVideos\)\n {2}200 response\.body\.videos\.0\./);
    assert.match(output, /\nGET \/video\/\{id\} \(getVideo\)\n {2}request\.path\.id: /);
    assert.match(
      output,
      /\nGET \/environment\/\{id\} \(getEnvironment\)\n {2}503 response\.status: 503 is not a status/,
    );
    assert.doesNotMatch(output, /\(listWebhooks\)\n {2}/);
    assert.ok(!output.includes(apiKey), 'the API key was printed');
  });

  test('the command refuses to run without the credentials, naming the variable', async () => {
    const { PIPE_API_KEY: _, ...withoutKey } = process.env;
    const child = spawn(process.execPath, [join(root, 'scripts', 'verify.js'), 'pipe', '--base-url', standIn.url], {
      env: withoutKey,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 2);
    assert.match(output, /set PIPE_API_KEY/);
  });
});
