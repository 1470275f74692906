// @ts-check
/**
 * The TypeScript samples the docs portal shows: every one is type-checked against the built
 * client packages, and the first GET sample of each API is run against a Prism mock of its spec.
 * The samples are made exactly as for the portal (portalDocument, with this run's mock URLs).
 *
 *   node --test scripts/test/docs/*.test.js     (after `pnpm turbo run build`)
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { transform } from 'esbuild';
import { parse } from 'yaml';
import { portalDocument } from '../../lib/docs-portal.js';
import { startMockServer } from '../../lib/mock-server.js';
import { providers, root } from '../../lib/registry.js';
import { binPath, mapLimit, runNode } from '../../lib/run.js';

/** @type {Record<string, import('../../lib/mock-server.js').MockServer>} */
const mocks = {};

/** @param {import('../../lib/registry.js').Provider} provider */
function portalJson(provider) {
  const spec = parse(readFileSync(provider.specPath, 'utf8'));
  return portalDocument(provider, spec, { mockUrl: mocks[provider.id].url }).document;
}

before(async () => {
  for (const provider of providers) mocks[provider.id] = await startMockServer({ spec: provider.specPath });
});

after(async () => {
  await Promise.all(Object.values(mocks).map((mock) => mock.close()));
});

describe('the TypeScript samples', () => {
  test('every sample type-checks against the built packages, and one per API runs against its mock', async () => {
    for (const provider of providers) {
      assert.ok(
        existsSync(join(provider.packageDir, 'dist', 'index.d.ts')),
        `${provider.package} is not built: run pnpm turbo run build`,
      );
    }
    // Inside the repository, so the samples resolve @mediaspec/* as a user's project would.
    await mkdir(join(root, '.cache'), { recursive: true });
    const dir = await mkdtemp(join(root, '.cache', 'docs-samples-'));
    try {
      /** @type {{ provider: import('../../lib/registry.js').Provider, file: string, method: string }[]} */
      const files = [];
      for (const provider of providers) {
        const document = portalJson(provider);
        for (const [path, item] of Object.entries(document.paths)) {
          for (const [method, operation] of Object.entries(/** @type {Record<string, any>} */ (item))) {
            const sample = operation?.['x-codeSamples']?.find((/** @type {any} */ s) => s.lang === 'typescript');
            if (!operation?.operationId) continue;
            assert.ok(sample, `${provider.id} ${method.toUpperCase()} ${path} has a TypeScript sample`);
            const file = join(dir, `${provider.id}-${operation.operationId}.ts`);
            await writeFile(file, sample.source);
            files.push({ provider, file, method });
          }
        }
      }
      await writeFile(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
      await writeFile(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            types: ['node'],
            lib: ['ES2022'],
          },
          include: ['*.ts'],
        }),
      );
      // Each sample is a module of its own (it imports), so they can all be checked in one run.
      await runNode(binPath('typescript', 'tsc'), ['-p', dir]).catch((error) => {
        assert.fail(`the samples do not type-check:\n${error.message}`);
      });

      await mapLimit(providers, 2, async (provider) => {
        const first = files.find((f) => f.provider === provider && f.method === 'get');
        assert.ok(first, `${provider.id} has a GET sample`);
        const { code } = await transform(await readFile(first.file, 'utf8'), { loader: 'ts', format: 'esm' });
        const script = first.file.replace(/\.ts$/, '.mjs');
        await writeFile(script, code);
        const credentials = Object.fromEntries(Object.values(provider.client.credentials).map((env) => [env, 'mock']));
        const output = await runNode(script, [], { env: credentials, cwd: dir });
        assert.match(output, /\S/, `${first.file} printed the data`);
        assert.doesNotMatch(output, /Error/, `${first.file} ran without an error:\n${output}`);
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
