// @ts-check
/**
 * Generates the TypeScript types of each provider's client from its spec.
 *
 *   node scripts/generate.js [provider...]     (every provider when none is named)
 *
 * Writes packages/<id>/src/generated/openapi.ts. It uses openapi-typescript's Node API rather
 * than its CLI, because the CLI reads redocly.yaml, expects per-API output settings there and
 * aborts on lint findings; linting is a separate task.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { runMain } from './lib/cli.js';
import { root, selectProviders, UsageError } from './lib/registry.js';

const BLOB = ts.factory.createTypeReferenceNode('Blob');
const NULL = ts.factory.createLiteralTypeNode(ts.factory.createNull());

/**
 * Binary fields (`format: binary`) become `Blob`, which is what fetch and FormData accept;
 * openapi-typescript would otherwise type them as `string`.
 * @param {import('openapi-typescript').SchemaObject} schema
 * @returns {import('typescript').TypeNode | undefined}
 */
function transform(schema) {
  if (schema.format !== 'binary') return undefined;
  const nullable = Array.isArray(schema.type) && schema.type.includes('null');
  return nullable ? ts.factory.createUnionTypeNode([BLOB, NULL]) : BLOB;
}

/**
 * @param {import('./lib/registry.js').Provider} provider
 * @returns {Promise<string>} the written file, relative to the repository root
 */
export async function generateTypes(provider) {
  const ast = await openapiTS(pathToFileURL(provider.specPath), { transform });
  const banner = [
    `// Generated from ${provider.spec} by scripts/generate.js. Do not edit: change the spec and`,
    '// run `pnpm turbo run generate`. This file is git-ignored and rebuilt on every change.',
    '',
  ].join('\n');
  const outDir = join(provider.packageDir, 'src', 'generated');
  const outFile = join(outDir, 'openapi.ts');
  await mkdir(outDir, { recursive: true });
  const source = `${banner}${astToString(ast)}`;
  // Skip identical writes so file watchers and tsc incremental builds stay quiet.
  const previous = await readFile(outFile, 'utf8').catch(() => '');
  if (previous !== source) await writeFile(outFile, source);
  return relative(root, outFile);
}

runMain(import.meta.url, async (args) => {
  const unknownFlag = args.find((a) => a.startsWith('-'));
  if (unknownFlag) throw new UsageError(`Unknown option ${unknownFlag}. Usage: node scripts/generate.js [provider...]`);
  for (const provider of selectProviders(args)) {
    const file = await generateTypes(provider);
    console.log(`generated ${file}`);
  }
});
