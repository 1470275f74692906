// @ts-check
/**
 * The mock server's own behaviour, beyond what the contract tests of each package cover: Prism
 * loads faker only when a dynamic response needs it, and such a response still uses it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { startMockServer } from '../lib/mock-server.js';

const require = createRequire(import.meta.url);
const fakerDir = dirname(
  require.resolve('@faker-js/faker/package.json', {
    paths: [dirname(require.resolve('@stoplight/prism-http/package.json'))],
  }),
);
/** Whether the real faker has been loaded (its files beyond the stand-in for its entry point). */
const fakerLoaded = () => Object.keys(require.cache).filter((path) => path.startsWith(fakerDir)).length > 1;

const spec = `openapi: 3.1.0
info: { title: Faker check, version: 1.0.0 }
paths:
  /person:
    get:
      operationId: getPerson
      responses:
        '200':
          description: A person
          content:
            application/json:
              schema:
                type: object
                required: [name, email]
                properties:
                  name: { type: string, x-faker: name.firstName }
                  email: { type: string, x-faker: internet.email }
              example: { name: Ada, email: ada@example.com }
`;

/** @type {string} */
let dir;
/** @type {import('../lib/mock-server.js').MockServer} */
let server;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mediaspec-mock-test-'));
  writeFileSync(join(dir, 'openapi.yaml'), spec);
  server = await startMockServer({ spec: join(dir, 'openapi.yaml') });
});

after(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('answers with the example, without loading faker', async () => {
  const response = await fetch(`${server.url}/person`);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { name: 'Ada', email: 'ada@example.com' });
  assert.equal(fakerLoaded(), false, 'faker was loaded for a static response');
});

test('generates a dynamic response with faker when asked', async () => {
  const response = await fetch(`${server.url}/person`, { headers: { Prefer: 'dynamic=true' } });
  assert.equal(response.status, 200);
  const body = /** @type {{ name: string, email: string }} */ (await response.json());
  assert.match(body.email, /^[^@\s]+@[^@\s]+\.[a-z]+$/i);
  assert.notEqual(body.email, 'ada@example.com');
  assert.match(body.name, /^[A-Z][a-z'-]+$/);
  assert.equal(fakerLoaded(), true, 'faker was not loaded for a dynamic response');
});
