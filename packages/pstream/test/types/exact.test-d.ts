/**
 * Exact calls, compiled by `typecheck` and never run: each `@ts-expect-error` follows a correct
 * twin of the same call, so the directive proves that one mistake is rejected. PStream's only
 * request body is the upload form, `{ file1 }`: it has no optional or nested field to misspell.
 */
import { createPStreamClient, type PStreamClient } from '../../src/index.js';

declare const file: Blob;

export async function bodies(client: PStreamClient): Promise<void> {
  await client.POST('/ul/{uploadId}', { params: { path: { uploadId: 'u1' } }, body: { file1: file } });
  // @ts-expect-error an unknown body field next to the required one
  await client.POST('/ul/{uploadId}', { params: { path: { uploadId: 'u1' } }, body: { file1: file, file2: file } });
  // @ts-expect-error a misspelled required body field
  await client.POST('/ul/{uploadId}', { params: { path: { uploadId: 'u1' } }, body: { file: file } });
}

export async function params(client: PStreamClient): Promise<void> {
  await client.GET('/remotedl/add', { params: { query: { url: 'https://example.com/a.mp4', folder: 3 } } });
  // @ts-expect-error a misspelled optional query parameter next to valid ones
  await client.GET('/remotedl/add', { params: { query: { url: 'https://example.com/a.mp4', foldr: 3 } } });
  // @ts-expect-error an unknown query parameter next to all the required ones
  await client.GET('/file/info', { params: { query: { file: ['a'], files: ['b'] } } });
  await client.POST('/ul/{uploadId}', { params: { path: { uploadId: 'u1' } }, body: { file1: file } });
  // @ts-expect-error an unknown path parameter next to a valid one
  await client.POST('/ul/{uploadId}', { params: { path: { uploadId: 'u1', uploadID: 'u1' } }, body: { file1: file } });
  // @ts-expect-error an unknown header parameter (the operation has none)
  await client.GET('/account/info', { params: { header: { 'X-Login': 'l' } } });
  // @ts-expect-error a misspelled parameter group
  await client.GET('/file/listfolder', { params: { querry: { folder: 0 } } });
  await client.GET('/file/listfolder', { params: { query: { folder: 0 } } });
  // @ts-expect-error a query parameter of the wrong type (a number)
  await client.GET('/file/listfolder', { params: { query: { folder: '0' } } });
}

export async function options(client: PStreamClient): Promise<void> {
  await client.GET('/account/info', { signal: AbortSignal.timeout(1000) });
  // @ts-expect-error a misspelled init option
  await client.GET('/account/info', { signl: AbortSignal.timeout(1000) });
}

export async function pathsAndMethods(): Promise<void> {
  const client = createPStreamClient({ login: 'l', key: 'k' });
  await client.GET('/account/info');
  // @ts-expect-error a path the spec does not have
  await client.GET('/account');
  // @ts-expect-error a method the path does not have
  await client.POST('/account/info');
}
