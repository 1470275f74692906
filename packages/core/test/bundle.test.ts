/**
 * What a bundler takes from this package for each platform: the Node transport (Node's zlib,
 * its fetch dispatcher) only for Node; browsers and edge runtimes get fetch alone.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as OtherPlatforms from '../src/platform.js';
import * as NodePlatform from '../src/platform.node.js';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

/** Bundles the package entry for `platform`, as an app importing it would be bundled. */
async function bundle(platform: 'browser' | 'node' | 'neutral', conditions: string[] = []) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform,
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    // Resolve `#platform` to the sources rather than dist/ (see package.json).
    conditions: ['@mediaspec/source', ...conditions],
    external: platform === 'node' ? [] : ['node:*'],
  });
  const inputs = Object.keys(result.metafile.inputs).map((path) => path.replace(/^.*\/src\//, 'src/'));
  const code = result.outputFiles.map((file) => file.text).join('\n');
  return { inputs, code };
}

describe('bundles', () => {
  it.each([
    ['a browser', 'browser' as const, []],
    ['an edge runtime (workerd)', 'neutral' as const, ['workerd', 'worker', 'browser']],
    ['Deno', 'neutral' as const, ['deno', 'node']],
  ])('for %s hold no Node transport and no Node built-in', async (_what, platform, conditions) => {
    const { inputs, code } = await bundle(platform, conditions);

    expect(inputs).toContain('src/platform.ts');
    expect(inputs).not.toContain('src/platform.node.ts');
    expect(inputs).not.toContain('src/node-send.ts');
    expect(inputs).not.toContain('src/tracked-request.ts');
    expect(inputs.filter((path) => path.includes('undici'))).toEqual([]);
    expect(code).not.toMatch(/from ["']node:|undici\.globalDispatcher|zlib/);
  });

  it('for Node hold the Node transport', async () => {
    const { inputs, code } = await bundle('node');

    expect(inputs).toContain('src/platform.node.ts');
    expect(inputs).toContain('src/node-send.ts');
    expect(inputs).toContain('src/tracked-request.ts');
    expect(code).toContain('undici.globalDispatcher.1');
  });
});

describe('package.json imports', () => {
  it('give both versions of #platform the same API', () => {
    // Checked by the type checker too: each module is assignable to the other's type.
    const apis: [typeof OtherPlatforms, typeof NodePlatform] = [NodePlatform, OtherPlatforms];
    expect(Object.keys(apis[0]).sort()).toEqual(Object.keys(apis[1]).sort());
  });

  it('map #platform to the same module in src/ (for the tests) and in dist/ (for users)', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const { '@mediaspec/source': source, ...built } = manifest.imports['#platform'];
    const asBuilt = Object.fromEntries(
      Object.entries(source as Record<string, string>).map(([condition, path]) => [
        condition,
        path.replace('./src/', './dist/').replace(/\.ts$/, '.js'),
      ]),
    );
    expect(built).toEqual(asBuilt);
  });
});
