// @ts-check
/**
 * Every mock answers an invalid request with an error body that names what was wrong: one
 * invalid request per operation of every spec, each breaking one rule (a missing or malformed
 * parameter, a wrong body property, no credentials where the operation takes nothing else),
 * and the answer must name that field while staying valid against the spec.
 *
 * The five APIs below have a request written for each operation. An API added since (pnpm
 * new-api) is checked from its spec: every operation that needs credentials is sent without
 * them, and the answer must name the credential. An operation that needs none fails the
 * coverage check until a request is written for it here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { deref, listOperations, sampleValue } from '../lib/docs-samples.js';
import { startMockServer } from '../lib/mock-server.js';
import { providers } from '../lib/registry.js';

/**
 * @typedef {object} InvalidRequest
 * @property {string} method
 * @property {string} path          path and query, as sent
 * @property {Record<string, string>} [headers]
 * @property {unknown} [json]       a JSON body
 * @property {FormData} [form]      a multipart body
 * @property {boolean} [anonymous]  send no credentials
 * @property {string} field         what the error body must name
 */

const basic = `Basic ${btoa('user:secret')}`;

/** Valid credentials per provider, so that only the broken rule is wrong. */
const credentials = {
  pipe: { headers: { 'X-PIPE-AUTH': 'mock-key' }, query: '' },
  pstream: { headers: {}, query: 'login=mock-login&key=mock-key' },
  apivideo: { headers: { Authorization: basic }, query: '' },
  valt: { headers: {}, query: 'access_token=mock-token' },
  nodeum: { headers: { Authorization: basic }, query: '' },
};

/**
 * fetch, sent again once when the connection was closed under it: the mock closes a kept-alive
 * connection after 5 s idle, and on a busy machine the next request can race that close.
 * @param {string} url
 * @param {RequestInit} init
 */
async function send(url, init) {
  try {
    return await fetch(url, init);
  } catch (error) {
    const code = /** @type {{ cause?: { code?: string } }} */ (error).cause?.code;
    if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') throw error;
    return fetch(url, init);
  }
}

/** A multipart form whose only part is not the one the operation needs. */
function formWithout() {
  const form = new FormData();
  form.append('other', new Blob(['x'], { type: 'text/plain' }), 'other.txt');
  return form;
}

/** A multipart form with the file part VALT's chunk upload needs. */
function chunkForm() {
  const form = new FormData();
  form.append('file', new Blob(['abc'], { type: 'video/mp4' }), 'chunk.mp4');
  return form;
}

/** @type {Record<string, Record<string, InvalidRequest>>} one invalid request per operationId */
const invalid = {
  pipe: {
    listVideos: { method: 'GET', path: '/video/all', anonymous: true, field: 'X-PIPE-AUTH' },
    listVideosShort: { method: 'GET', path: '/video', anonymous: true, field: 'X-PIPE-AUTH' },
    getVideo: { method: 'GET', path: '/video/latest', field: 'id' },
    deleteVideo: { method: 'DELETE', path: '/video/-1', field: 'id' },
    getAccount: { method: 'GET', path: '/account', anonymous: true, field: 'X-PIPE-AUTH' },
    listEnvironments: { method: 'GET', path: '/environment', anonymous: true, field: 'X-PIPE-AUTH' },
    getEnvironment: { method: 'GET', path: '/environment/prod', field: 'id' },
    listWebhooks: { method: 'GET', path: '/webhook', anonymous: true, field: 'X-PIPE-AUTH' },
    updateWebhook: { method: 'PUT', path: '/webhook/69', json: { active: 'yes' }, field: 'active' },
    listAmazonCredentials: { method: 'GET', path: '/amazon', anonymous: true, field: 'X-PIPE-AUTH' },
    updateAmazonCredentials: { method: 'PUT', path: '/amazon/69', json: { amz_bucket: 7 }, field: 'amz_bucket' },
    listFtpCredentials: { method: 'GET', path: '/ftp', anonymous: true, field: 'X-PIPE-AUTH' },
    updateFtpCredentials: { method: 'PUT', path: '/ftp/69', json: { ftp_port: 'twenty-one' }, field: 'ftp_port' },
    listDropboxCredentials: { method: 'GET', path: '/dropbox', anonymous: true, field: 'X-PIPE-AUTH' },
    updateDropboxCredentials: { method: 'PUT', path: '/dropbox/69', json: { dbox_folder: 1 }, field: 'dbox_folder' },
  },
  pstream: {
    getAccountInfo: { method: 'GET', path: '/account/info', anonymous: true, field: 'login' },
    getFileInfo: { method: 'GET', path: '/file/info', field: 'file' },
    getFileSplash: { method: 'GET', path: '/file/getsplash', field: 'file' },
    getUploadUrl: { method: 'GET', path: '/file/ul?sha1=not-a-sha1', field: 'sha1' },
    uploadFile: { method: 'POST', path: '/ul/fCgaPthr_ys', form: formWithout(), field: 'file1' },
    addRemoteUpload: { method: 'GET', path: '/remotedl/add?folder=1234', field: 'url' },
    getRemoteUploadStatus: { method: 'GET', path: '/remotedl/status?id=latest', field: 'id' },
    listFolder: { method: 'GET', path: '/file/listfolder?folder=root', field: 'folder' },
    createFolder: { method: 'GET', path: '/file/createfolder?pid=12345', field: 'name' },
    renameFolder: { method: 'GET', path: '/file/renamefolder?name=New', field: 'folder' },
    deleteFolder: { method: 'GET', path: '/file/deletefolder?folder=-5', field: 'folder' },
    renameFile: { method: 'GET', path: '/file/rename?name=New', field: 'file' },
    moveFile: { method: 'GET', path: '/file/move?file=Ckfoe4_g8e1v5', field: 'folder' },
    deleteFile: { method: 'GET', path: '/file/delete', field: 'file' },
    listConversions: { method: 'GET', path: '/file/converts?limit=500', field: 'limit' },
  },
  apivideo: {
    listWebhooks: { method: 'GET', path: '/webhooks?pageSize=500', field: 'pageSize' },
    createWebhook: {
      method: 'POST',
      path: '/webhooks',
      json: { events: [], url: 'https://example.com/h' },
      field: 'events',
    },
    getWebhook: { method: 'GET', path: '/webhooks/webhook_1', anonymous: true, field: 'Authorization' },
    deleteWebhook: { method: 'DELETE', path: '/webhooks/webhook_1', anonymous: true, field: 'Authorization' },
    authenticate: { method: 'POST', path: '/auth/api-key', json: {}, field: 'apiKey' },
    refreshToken: { method: 'POST', path: '/auth/refresh', json: { refreshToken: '' }, field: 'refreshToken' },
  },
  valt: {
    login: { method: 'POST', path: '/login', json: { username: 'admin' }, field: 'password' },
    createUploadRecord: { method: 'POST', path: '/records/create-upload', json: { share: {} }, field: 'name' },
    uploadVideoChunk: { method: 'POST', path: '/records/1/videos/2', form: chunkForm(), field: 'Content-Range' },
    getVideoDownloadUrl: { method: 'GET', path: '/records/download/1/2', anonymous: true, field: 'access_token' },
  },
  nodeum: {
    listCloudConnectors: { method: 'GET', path: '/cloud_connectors?limit=-1', field: 'limit' },
    createCloudConnector: { method: 'POST', path: '/cloud_connectors', json: { provider: 'minio' }, field: 'provider' },
    getCloudConnectorTestResult: { method: 'GET', path: '/cloud_connectors/-/test', field: 'job_id' },
    testCloudConnector: { method: 'PUT', path: '/cloud_connectors/-/test', json: { region: 5 }, field: 'region' },
    getCloudConnector: { method: 'GET', path: '/cloud_connectors/3', anonymous: true, field: 'Authorization' },
    updateCloudConnector: { method: 'PUT', path: '/cloud_connectors/3', json: { url: 9 }, field: 'url' },
    deleteCloudConnector: { method: 'DELETE', path: '/cloud_connectors/3', anonymous: true, field: 'Authorization' },
  },
};

/**
 * Valid credentials for an API not in the table above, from its spec's security schemes (every
 * scheme an operation may use is sent, so any of them is satisfied).
 * @param {any} spec
 * @returns {{ headers: Record<string, string>, query: string }}
 */
function credentialsFromSpec(spec) {
  /** @type {Record<string, string>} */
  const headers = {};
  const query = new URLSearchParams();
  for (const scheme of Object.values(spec.components?.securitySchemes ?? {})) {
    if (scheme.type === 'apiKey' && scheme.in === 'header') headers[scheme.name] = 'mock-key';
    else if (scheme.type === 'apiKey' && scheme.in === 'query') query.set(scheme.name, 'mock-key');
    else if (scheme.type === 'http' && /^basic$/i.test(scheme.scheme)) headers.Authorization = basic;
    else if (scheme.type === 'http' && /^bearer$/i.test(scheme.scheme)) headers.Authorization = 'Bearer mock-token';
  }
  return { headers, query: query.toString() };
}

/**
 * One invalid request per operation that needs credentials: sent without them, its answer must
 * name the credential (the header or query parameter of the operation's first scheme).
 * @param {any} spec
 * @returns {Record<string, InvalidRequest>}
 */
function anonymousRequests(spec) {
  /** @type {Record<string, InvalidRequest>} */
  const requests = {};
  for (const { method, path: template, pathItem, operation } of listOperations(spec)) {
    const [requirement] = operation.security ?? spec.security ?? [];
    const scheme = spec.components?.securitySchemes?.[Object.keys(requirement ?? {})[0] ?? ''];
    if (!operation.operationId || !scheme) continue;
    const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p) => deref(spec, p));
    // A valid value for each path parameter, so the missing credential is the only mistake.
    const path = template.replace(/\{(\w+)\}/g, (_, name) => {
      const parameter = parameters.find((p) => p.in === 'path' && p.name === name);
      return encodeURIComponent(String(parameter?.example ?? sampleValue(spec, parameter?.schema)));
    });
    const field = scheme.type === 'apiKey' ? scheme.name : 'Authorization';
    requests[operation.operationId] = { method: method.toUpperCase(), path, anonymous: true, field };
  }
  return requests;
}

for (const provider of providers) {
  describe(`${provider.name} mock`, () => {
    /** @type {import('../lib/mock-server.js').MockServer} */
    let server;
    /** @type {import('../lib/mock-server.js').MockExchange[]} */
    const exchanges = [];
    const known = provider.id in invalid;
    const spec = known ? undefined : parseYaml(readFileSync(provider.specPath, 'utf8'));
    const cases = invalid[provider.id] ?? anonymousRequests(spec);
    const auth = credentials[/** @type {keyof typeof credentials} */ (provider.id)] ?? credentialsFromSpec(spec);

    before(async () => {
      server = await startMockServer({ spec: provider.specPath, onExchange: (e) => exchanges.push(e) });
    });
    after(() => server?.close());

    test('has one invalid request for every operation of the spec', () => {
      assert.ok(auth, `no credentials for ${provider.id} in this test`);
      assert.deepEqual(Object.keys(cases).sort(), server.operations.map((o) => o.id).sort());
    });

    for (const [operationId, request] of Object.entries(cases)) {
      test(`${operationId}: the error body names ${request.field}`, async () => {
        const headers = new Headers(request.anonymous ? {} : auth.headers);
        for (const [name, value] of Object.entries(request.headers ?? {})) headers.set(name, value);
        let path = request.path;
        if (!request.anonymous && auth.query) path += `${path.includes('?') ? '&' : '?'}${auth.query}`;
        /** @type {BodyInit | undefined} */
        let body;
        if (request.json !== undefined) {
          headers.set('content-type', 'application/json');
          body = JSON.stringify(request.json);
        } else if (request.form) {
          body = request.form;
        }
        const served = exchanges.length;
        const response = await send(`${server.url}${path}`, { method: request.method, headers, body });
        const text = await response.text();
        assert.ok(response.status >= 400 && response.status < 500, `${response.status}: ${text}`);
        const errorBody = JSON.parse(text);
        assert.ok(text.includes(request.field), `the ${response.status} body does not name ${request.field}: ${text}`);
        // The body stays valid against the spec (Prism checks every response it serves from it).
        const answered = exchanges.slice(served);
        for (const exchange of answered) assert.deepEqual(exchange.violations, [], JSON.stringify(errorBody));
        if (answered.length === 0) {
          // No 4xx in the spec for this request: an RFC 9457 problem that lists the violations.
          assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
          assert.equal(errorBody.status, response.status);
          assert.ok(
            errorBody.errors.some((/** @type {{ name: string }} */ e) => e.name === request.field),
            text,
          );
        }
      });
    }
  });
}

describe('values in error bodies', () => {
  const nodeum = /** @type {import('../lib/registry.js').Provider} */ (providers.find((p) => p.id === 'nodeum'));
  /** @type {import('../lib/mock-server.js').MockServer} */
  let server;
  before(async () => {
    server = await startMockServer({ spec: nodeum.specPath });
  });
  after(() => server?.close());

  test('echo the value received, but never a secret', async () => {
    const response = await send(`${server.url}/cloud_connectors`, {
      method: 'POST',
      headers: { Authorization: basic, 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'minio', secret_key: 90210 }),
    });
    assert.equal(response.status, 422);
    const body = await response.json();
    assert.deepEqual(body.details.provider, [{ error: 'invalid', value: 'minio' }]);
    assert.deepEqual(body.details.secret_key, [{ error: 'invalid' }]);
    assert.ok(!JSON.stringify(body).includes('90210'), JSON.stringify(body));
  });
});
