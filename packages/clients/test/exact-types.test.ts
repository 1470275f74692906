/**
 * Exact calls as a user's editor and compiler see them: TypeScript's own language service over a
 * consumer file that imports the built packages, the way `tsc` and an editor load them. It checks
 * that each kind of mistake gets a message naming the wrong key, path or method, and that
 * completions and hover (the spec's JSDoc) still work on the exact types.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

/** A consumer module, served from memory next to this test so `@mediaspec/*` resolve from here. */
const file = fileURLToPath(new URL('./exact-consumer.virtual.ts', import.meta.url));

/** Each mistake on a line of its own, after the marker comment that names it. */
const source = `
import { createApiVideoClient, createNodeumClient, createPipeClient, createValtClient } from '@mediaspec/clients';
declare const chunk: Blob;
const pipe = createPipeClient({ apiKey: 'k' });
const apivideo = createApiVideoClient({ apiKey: 'k' });
const valt = createValtClient({ baseUrl: 'https://valt.example.com/api/v3', accessToken: 't' });
const nodeum = createNodeumClient({ baseUrl: 'https://nodeum.example.com/api/v2', apiKey: 'k' });
export async function mistakes() {
  // optional-body-field
  await pipe.PUT('/webhook/{id}', { params: { path: { id: 3 } }, body: { webhook: 'x', webhok_converted: '1' } });
  // field-next-to-required
  await apivideo.POST('/webhooks', { body: { events: ['video.source.recorded'], url: 'https://e.com/h', secret: 's' } });
  // nested-body-key
  await valt.POST('/records/create-upload', { body: { name: 'Room 3', share: { userz: [1] } } });
  // query-parameter
  await nodeum.GET('/cloud_connectors', { params: { query: { limit: 10, colour: 'red' } } });
  // query-on-operation-without-query
  await pipe.GET('/video/all', { params: { query: { limitz: 1 } } });
  // path-parameter
  await pipe.GET('/video/{id}', { params: { path: { id: 1, videoIdz: 2 } } });
  // header-parameter
  await valt.POST('/records/{recordID}/videos/{videoID}', { params: { path: { recordID: 'r', videoID: 'v' }, header: { 'Content-Range': 'bytes 0-1/2', 'X-Chunkz': '1' } }, body: { file: chunk } });
  // params-group
  await pipe.GET('/video/{id}', { params: { pathz: { id: 1 } } });
  // init-option
  await pipe.GET('/video/all', { cachez: 'no-store' });
  // wrong-path
  await pipe.GET('/videoz/all');
  // wrong-path-with-init
  await nodeum.GET('/cloud_connectorz', { params: { query: { limit: 1 } } });
  // wrong-method
  await pipe.DELETE('/account');
  // missing-init
  await pipe.GET('/video/{id}');
  // parameter-type
  await pipe.GET('/video/{id}', { params: { path: { id: '13360' } } });
}
export async function editing() {
  await pipe.GET('/');
  await pipe.PUT('/webhook/{id}', { params: { path: { id: 3 } }, body: { webhook_recorded: '1',  } });
  await pipe.GET('/video/{id}', { params: {  } });
  await nodeum.GET('/cloud_connectors', { params: { query: { limit: 1,  } } });
  await pipe.GET('/video/all', { cache: 'no-store',  });
  await apivideo.POST('/auth/refresh', { body: { refreshToken: 'r' } });
  await nodeum.GET('/cloud_connectors', { params: { query: { limit: 1 } } });
}
`;

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  types: [],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
};

let service: ts.LanguageService;

beforeAll(() => {
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [file],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) =>
      name === file
        ? ts.ScriptSnapshot.fromString(source)
        : ts.sys.fileExists(name)
          ? ts.ScriptSnapshot.fromString(readFileSync(name, 'utf8'))
          : undefined,
    getCurrentDirectory: () => fileURLToPath(new URL('..', import.meta.url)),
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (name) => name === file || ts.sys.fileExists(name),
    readFile: (name) => (name === file ? source : ts.sys.readFile(name)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
    // pnpm links packages: resolving through the links is how tsc finds openapi-fetch's own deps.
    realpath: ts.sys.realpath,
  };
  service = ts.createLanguageService(host, ts.createDocumentRegistry());
});

/** The offset just after `marker` (its `at`-th character when given) in the consumer source. */
function offsetOf(marker: string, at = marker.length): number {
  const index = source.indexOf(marker);
  if (index < 0 || source.indexOf(marker, index + 1) >= 0) throw new Error(`marker not unique: ${marker}`);
  return index + at;
}

/** Every diagnostic of the consumer, with its full text and the source line it is on. */
function diagnostics(): { line: number; text: string; at: string }[] {
  const sourceFile = service.getProgram()?.getSourceFile(file);
  if (!sourceFile) throw new Error('the consumer file is not in the program');
  return service.getSemanticDiagnostics(file).map((d) => {
    const start = d.start ?? 0;
    return {
      line: sourceFile.getLineAndCharacterOfPosition(start).line,
      text: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      at: source.slice(start, start + (d.length ?? 0)),
    };
  });
}

describe('exact calls: what tsc says about each mistake', () => {
  const lineOf = (kind: string) => source.slice(0, source.indexOf(`// ${kind}\n`)).split('\n').length;
  const messagesFor = (kind: string) => {
    const found = diagnostics().filter((d) => d.line === lineOf(kind));
    expect(found, `one diagnostic for ${kind}`).toHaveLength(1);
    return found[0] as { text: string; at: string };
  };

  it('reports exactly one error per mistake and none elsewhere', { timeout: 180_000 }, () => {
    // The lines after `editing()` are unfinished on purpose, for the completion tests.
    const end = source.slice(0, source.indexOf('export async function editing')).split('\n').length;
    const all = diagnostics().filter((d) => d.line < end);
    const kinds = [...source.matchAll(/^ {2}\/\/ ([a-z-]+)$/gm)].map((m) => m[1] as string);
    expect(kinds).toHaveLength(14);
    expect(all.map((d) => d.line).sort((a, b) => a - b)).toEqual(kinds.map(lineOf).sort((a, b) => a - b));
  });

  it.each([
    ['optional-body-field', 'webhok_converted'],
    ['field-next-to-required', 'secret'],
    ['nested-body-key', 'userz'],
    ['query-parameter', 'colour'],
    ['path-parameter', 'videoIdz'],
    ['header-parameter', 'X-Chunkz'],
    ['params-group', 'pathz'],
    ['init-option', 'cachez'],
  ])('%s: names the unknown key %s', (kind, key) => {
    const { text, at } = messagesFor(kind);
    expect(text).toMatch(/^Object literal may only specify known properties/);
    expect(text).toContain(`'${key}'`);
    expect(at).toContain(key);
  });

  it('a query parameter where the operation has none: names the key and says there are none', () => {
    const { text } = messagesFor('query-on-operation-without-query');
    expect(text).toContain("'limitz'");
    expect(text).toContain('NoParams<"query">');
  });

  it('a wrong path: names the path and says it is not one of the API', () => {
    expect(messagesFor('wrong-path').text).toContain(`'"/videoz/all"'`);
    expect(messagesFor('wrong-path').text).toContain('not a path of this API');
    const withInit = messagesFor('wrong-path-with-init').text;
    expect(withInit).toContain(`'"/cloud_connectorz"'`);
    expect(withInit).toContain('PathsWith<paths, "get">');
  });

  it('a method the path lacks: names the method, the path and the methods it has', () => {
    const { text } = messagesFor('wrong-method');
    expect(text).toContain(`'"/account"'`);
    expect(text).toContain('DELETE is not a method of this path');
    expect(text).toContain(`'methods it has': "GET"`);
  });

  it('a missing second argument: names what it must hold', () => {
    const { text } = messagesFor('missing-init');
    expect(text).toContain(`'this call needs a second argument, with': "params"`);
  });

  it('a parameter of the wrong type: the error sits on that key', () => {
    const { text, at } = messagesFor('parameter-type');
    expect(text).toBe("Type 'string' is not assignable to type 'number'.");
    expect(at).toBe('id');
  });
});

describe('exact calls: completions and hover still work', () => {
  const completions = (marker: string, at?: number) =>
    (service.getCompletionsAtPosition(file, offsetOf(marker, at), {})?.entries ?? []).map((e) => e.name);

  it('completes the paths that have the method', { timeout: 180_000 }, () => {
    const paths = completions("pipe.GET('/')", "pipe.GET('/".length);
    expect(paths).toEqual(expect.arrayContaining(['/video/all', '/video/{id}', '/account', '/webhook']));
    // PUT-only paths are not offered for GET.
    expect(paths).not.toContain('/webhook/{id}');
  });

  it('completes body keys, params groups, query parameters and init options', () => {
    expect(completions("webhook_recorded: '1',  ", "webhook_recorded: '1', ".length)).toEqual(
      expect.arrayContaining(['webhook', 'webhook_converted', 'active']),
    );
    expect(completions("'/video/{id}', { params: {  }", "'/video/{id}', { params: { ".length).sort()).toEqual([
      'cookie',
      'header',
      'path',
      'query',
    ]);
    expect(completions('limit: 1,  ', 'limit: 1, '.length)).toEqual(
      expect.arrayContaining(['offset', 'sort_by', 'name', 'provider']),
    );
    expect(completions("cache: 'no-store',  ", "cache: 'no-store', ".length)).toEqual(
      expect.arrayContaining(['params', 'parseAs', 'headers', 'signal']),
    );
  });

  it("hovering a body key or a parameter shows the spec's description", () => {
    const hover = (marker: string) => {
      const info = service.getQuickInfoAtPosition(file, offsetOf(marker, 1));
      // openapi-typescript writes the description as an @description tag: editors show both.
      const tags = (info?.tags ?? []).map((tag) => `@${tag.name} ${ts.displayPartsToString(tag.text)}`);
      return [ts.displayPartsToString(info?.documentation), ...tags].join('\n');
    };
    expect(hover("refreshToken: 'r' } });")).toContain('The `refresh_token` of an earlier token response.');
    expect(hover('limit: 1 } } });\n}')).toContain('The number of items to display for pagination.');
  });
});
