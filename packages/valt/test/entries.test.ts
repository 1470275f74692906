/**
 * The main entry must run in browsers and edge runtimes: nothing it loads may import a Node
 * built-in or use a Node global. Only `@mediaspec/valt/node` (src/node.ts) may.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';

const builtins = new Set(builtinModules);

/** Every module specifier a source file imports or re-exports. */
function specifiers(file: URL): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1] ?? '');
}

/** The source files `entry` loads, itself included, following relative imports. */
function moduleGraph(entry: URL): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: URL) => {
    if (graph.has(file.href)) return;
    const found = specifiers(file);
    graph.set(file.href, found);
    for (const specifier of found.filter((s) => s.startsWith('.'))) {
      visit(new URL(specifier.replace(/\.js$/, '.ts'), file));
    }
  };
  visit(entry);
  return graph;
}

const isNodeBuiltin = (specifier: string) =>
  specifier.startsWith('node:') || builtins.has(specifier.split('/')[0] ?? '');

describe('entries', () => {
  it('the main entry loads no Node built-in and not the Node entry', () => {
    const graph = moduleGraph(new URL('../src/index.ts', import.meta.url));
    expect([...graph.keys()].map((href) => href.replace(/.*\/src\//, 'src/')).sort()).toEqual([
      'src/client.ts',
      'src/download.ts',
      'src/generated/openapi.ts',
      'src/generated/schemas.ts',
      'src/generated/spec.ts',
      'src/generated/types.ts',
      'src/index.ts',
      'src/login-reply.ts',
      'src/upload.ts',
    ]);
    for (const [file, found] of graph) {
      expect(found.filter(isNodeBuiltin), file).toEqual([]);
      expect(readFileSync(new URL(file), 'utf8'), file).not.toMatch(/\b(Buffer|process|require|__dirname)\b/);
    }
  });

  it('the check sees the Node entry for what it is', () => {
    const graph = moduleGraph(new URL('../src/node.ts', import.meta.url));
    expect(graph.get(new URL('../src/node.ts', import.meta.url).href)?.filter(isNodeBuiltin)).toEqual([
      'node:fs',
      'node:fs/promises',
      'node:path',
      'node:stream',
    ]);
  });
});
