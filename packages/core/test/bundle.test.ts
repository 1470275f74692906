/**
 * What a bundler takes from this package: the same code on every platform, with no Node
 * built-in and no undici, since the transport is the platform's fetch everywhere.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

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
    conditions,
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
    ['Node', 'node' as const, []],
  ])('for %s hold no Node built-in and no undici', async (_what, platform, conditions) => {
    const { inputs, code } = await bundle(platform, conditions);

    expect(inputs).toContain('src/transport.ts');
    expect(inputs.filter((path) => path.includes('undici'))).toEqual([]);
    expect(code).not.toMatch(/from ["']node:|globalDispatcher|zlib|Symbol\.for\(["']undici/);
  });
});
