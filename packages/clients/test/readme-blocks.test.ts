/**
 * Every TypeScript block of every package README compiles, as a user would paste it, against the
 * built packages (strict, NodeNext resolution). The quick starts are also run, packed, by the pack
 * smoke test; the other blocks are the README's guide to the rest of the API, and a call they
 * show that does not type-check (a typo, an option since renamed) fails here.
 *
 * A block is a module of its own. The ones further down a README go on from what the blocks
 * above set up (`pipe`, `unwrap`, a `recordID`): CONTEXT declares those names, as globals, for
 * the blocks of that README; what a block imports or declares itself takes precedence.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const packagesDir = fileURLToPath(new URL('../../', import.meta.url));

/** What the later blocks of each README take from the blocks above them. */
const CONTEXT: Record<string, string> = {
  core: `
type paths = import('../fixtures/items-api.js').paths;
declare const client: import('@mediaspec/core').ExactClient<paths>;
declare const pipe: import('@mediaspec/pipe').PipeClient;
declare const unwrap: typeof import('@mediaspec/core').unwrap;
declare const createApiClient: typeof import('@mediaspec/core').createApiClient;
declare const callOptions: typeof import('@mediaspec/core').callOptions;
declare const baseUrl: string;
declare const id: string;
declare const signal: AbortSignal;`,
  pipe: `
declare const pipe: import('@mediaspec/pipe').PipeClient;
declare const unwrap: typeof import('@mediaspec/pipe').unwrap;
declare const video: import('@mediaspec/pipe').Video | undefined;
/** The part of express the webhook example uses, typed as @types/express types it. */
declare module 'express' {
  interface Request { body: any; get(name: string): string | undefined }
  interface Response { sendStatus(code: number): Response; status(code: number): Response; send(body: string): Response }
  type Handler = (req: Request, res: Response, next: (error?: unknown) => void) => unknown;
  interface Application { post(path: string, ...handlers: Handler[]): Application }
  function express(): Application;
  namespace express { function text(options: { type: string | string[] }): Handler }
  export default express;
}`,
  pstream: `
declare const client: import('@mediaspec/pstream').PStreamClient;
declare const unwrap: typeof import('@mediaspec/pstream').unwrap;
declare const uploadFile: typeof import('@mediaspec/pstream').uploadFile;`,
  apivideo: `
declare const client: import('@mediaspec/apivideo').ApiVideoClient;
declare const body: import('@mediaspec/apivideo').paths['/webhooks']['post']['requestBody']['content']['application/json'];`,
  valt: `
declare const client: import('@mediaspec/valt').ValtClient;
declare const createValtClient: typeof import('@mediaspec/valt').createValtClient;
declare const token: string;
declare const username: string;
declare const password: string;
declare const file: Blob;
declare const recordId: string;
declare const videoId: string;
declare const recordID: string;
declare const videoID: string;`,
  nodeum: `
declare const client: import('@mediaspec/nodeum').NodeumClient;
declare const unwrap: typeof import('@mediaspec/nodeum').unwrap;
declare const sortBy: typeof import('@mediaspec/nodeum').sortBy;
declare const filter: typeof import('@mediaspec/nodeum').filter;
declare const access_key: string;
declare const secret_key: string;
declare const body: import('@mediaspec/nodeum').paths['/cloud_connectors']['post']['requestBody']['content']['application/json'];`,
};

/** Modules the blocks import by relative path: core's README imports what openapi-typescript made. */
const MODULES: Record<string, Record<string, string>> = {
  core: {
    'generated/openapi.ts': "export type { paths } from '../../fixtures/items-api.js';",
    'generated/spec.ts': "export { auth, provider, type ServerOptions } from '../../../../pipe/src/generated/spec.js';",
  },
};

interface Block {
  /** The README line the code starts on. */
  line: number;
  code: string;
  /** A block fenced as ```ts errors: a mistake per line, each followed by what tsc says of it. */
  errors: boolean;
}

/** The TypeScript blocks of a README. */
function blocksOf(readme: string): Block[] {
  return [...readme.matchAll(/^```ts( errors)?\n([\s\S]*?)^```$/gm)].map((match) => ({
    line: readme.slice(0, match.index).split('\n').length + 1,
    code: match[2] ?? '',
    errors: match[1] !== undefined,
  }));
}

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts', 'lib.dom.asynciterable.d.ts'],
  types: ['node'],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
};

interface Found {
  /** The README line of the diagnostic, or -1 outside the blocks. */
  line: number;
  block: Block | undefined;
  text: string;
}

/**
 * The files every README's program reads from disk (the libraries, @types/node, the built
 * packages' .d.ts), parsed once for all of them: the compiler options are the same, and a
 * program does not change the files it is given (the editor's language service shares them the
 * same way).
 */
const fromDisk = new Map<string, ts.SourceFile>();

/**
 * The diagnostics of a README's blocks, compiled in one program from memory, next to this test
 * (so `@mediaspec/*` resolve as from a project that installed them).
 */
function compile(id: string, blocks: Block[]): Found[] {
  const dir = fileURLToPath(new URL(`./readme-${id}/`, import.meta.url));
  const files = new Map<string, string>();
  const byFile = new Map<string, Block>();
  files.set(`${dir}context.d.ts`, CONTEXT[id] ?? '');
  for (const [path, code] of Object.entries(MODULES[id] ?? {})) files.set(`${dir}${path}`, code);
  blocks.forEach((block, index) => {
    const name = `${dir}block-${index + 1}.ts`;
    files.set(name, `${block.code}\nexport {};\n`);
    byFile.set(name, block);
  });
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile, directoryExists } = host;
  host.fileExists = (name) => files.has(name) || fileExists(name);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  host.directoryExists = (name) =>
    [...files.keys()].some((file) => file.startsWith(`${name}/`)) || (directoryExists?.(name) ?? false);
  host.getSourceFile = (name, version, ...rest) => {
    const text = files.get(name);
    if (text !== undefined) return ts.createSourceFile(name, text, version);
    let file = fromDisk.get(name);
    if (!file) {
      file = getSourceFile(name, version, ...rest);
      if (file) fromDisk.set(name, file);
    }
    return file;
  };
  const program = ts.createProgram([...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const block = d.file ? byFile.get(d.file.fileName) : undefined;
    const at = d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line : 0;
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    return { line: block ? block.line + at : -1, block, text: d.file && !block ? `${d.file.fileName}: ${text}` : text };
  });
}

/** White space folded, so a message wrapped over comment lines still matches. */
const fold = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * What a ```ts errors block promises: each line of code is followed by comment lines quoting
 * what tsc says of it (`...` where the README leaves a part out). Returns the README line of
 * each mistake with the quoted fragments.
 */
function promisedErrors(block: Block): { line: number; fragments: string[] }[] {
  const promised: { line: number; fragments: string[] }[] = [];
  block.code.split('\n').forEach((text, index) => {
    if (text.trim() === '') return;
    if (!text.trimStart().startsWith('//')) promised.push({ line: block.line + index, fragments: [] });
    else promised.at(-1)?.fragments.push(text.trimStart().slice(2));
  });
  return promised.map(({ line, fragments }) => ({
    line,
    fragments: fold(fragments.join(' '))
      .split('...')
      .map((f) => f.trim())
      .filter(Boolean),
  }));
}

const readmes = readdirSync(packagesDir)
  .map((id) => ({ id, path: `${packagesDir}${id}/README.md` }))
  .filter(({ path }) => ts.sys.fileExists(path))
  .map(({ id, path }) => ({ id, blocks: blocksOf(readFileSync(path, 'utf8')) }))
  .filter(({ blocks }) => blocks.length > 0);

describe('README code blocks', () => {
  it('are found in the package READMEs', () => {
    expect(readmes.map((r) => r.id)).toEqual(expect.arrayContaining(['core', 'clients', 'pipe', 'nodeum']));
  });

  it.each(readmes)('packages/$id/README.md: every ts block type-checks', { timeout: 180_000 }, ({ id, blocks }) => {
    const found = compile(id, blocks);
    // Outside the blocks that show mistakes, none.
    expect(found.filter((f) => !f.block?.errors).map((f) => `README.md:${f.line} ${f.text}`)).toEqual([]);
    // In them, on each line of code one error, whose text holds what the README quotes of it.
    for (const block of blocks.filter((b) => b.errors)) {
      const promised = promisedErrors(block);
      const lines = found.filter((f) => f.block === block).map((f) => f.line);
      expect(lines, `README.md:${block.line}: one error per line of code`).toEqual(promised.map((p) => p.line));
      for (const { line, fragments } of promised) {
        const text = fold(found.find((f) => f.line === line)?.text ?? '');
        let from = 0;
        for (const fragment of fragments) {
          const at = text.indexOf(fragment, from);
          expect(at, `README.md:${line}: tsc says\n${text}\nnot: ${fragment}`).toBeGreaterThanOrEqual(0);
          from = at + fragment.length;
        }
        expect(fragments.length, `README.md:${line}: the README quotes what tsc says`).toBeGreaterThan(0);
      }
    }
  });
});
