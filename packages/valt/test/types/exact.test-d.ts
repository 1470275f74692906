/**
 * Exact calls, compiled by `typecheck` and never run: each `@ts-expect-error` follows a correct
 * twin of the same call, so the directive proves that one mistake is rejected.
 */
import { createValtClient, type ValtClient } from '../../src/index.js';

declare const chunk: Blob;

export async function bodies(client: ValtClient): Promise<void> {
  await client.POST('/records/create-upload', { body: { name: 'Room 3', share: { users: [1], groups: [2] } } });
  // @ts-expect-error a misspelled optional body field next to valid ones
  await client.POST('/records/create-upload', { body: { name: 'Room 3', shared: { users: [1] } } });
  // @ts-expect-error a misspelled key of a nested object
  await client.POST('/records/create-upload', { body: { name: 'Room 3', share: { user: [1] } } });
  // @ts-expect-error a wrong item of a nested array
  await client.POST('/records/create-upload', { body: { name: 'Room 3', share: { users: ['1'] } } });
  // `template` is an open object in the spec: any key is allowed in it.
  await client.POST('/records/create-upload', { body: { name: 'Room 3', template: { anything: 1 } } });
  await client.POST('/login', { body: { username: 'u', password: 'p' } });
  // @ts-expect-error an unknown body field next to all the required ones
  await client.POST('/login', { body: { username: 'u', password: 'p', remember: true } });
}

export async function params(client: ValtClient): Promise<void> {
  const path = { recordID: 'r1', videoID: 'v1' };
  const header = { 'Content-Range': 'bytes 0-9/10' };
  await client.POST('/records/{recordID}/videos/{videoID}', { params: { path, header }, body: { file: chunk } });
  await client.POST('/records/{recordID}/videos/{videoID}', {
    // @ts-expect-error an unknown header parameter next to the valid one
    params: { path, header: { 'Content-Range': 'bytes 0-9/10', 'Content-Length': '10' } },
    body: { file: chunk },
  });
  // @ts-expect-error an unknown path parameter next to the valid ones
  await client.GET('/records/download/{recordID}/{videoID}', { params: { path: { ...path, chunkID: 'c' } } });
  // @ts-expect-error an unknown query parameter (the operation has none)
  await client.GET('/records/download/{recordID}/{videoID}', { params: { path, query: { access_token: 't' } } });
  // @ts-expect-error a misspelled parameter group
  await client.GET('/records/download/{recordID}/{videoID}', { params: { paths: path } });
  // @ts-expect-error a path parameter of the wrong type (a string)
  await client.GET('/records/download/{recordID}/{videoID}', { params: { path: { recordID: 1, videoID: 'v1' } } });
}

export async function options(client: ValtClient): Promise<void> {
  await client.POST('/login', { body: { username: 'u', password: 'p' }, credentials: 'omit' });
  // @ts-expect-error a misspelled init option
  await client.POST('/login', { body: { username: 'u', password: 'p' }, credential: 'omit' });
}

export async function pathsAndMethods(): Promise<void> {
  const client = createValtClient({ baseUrl: 'https://valt.example.com/api/v3', accessToken: 't' });
  await client.POST('/login', { body: { username: 'u', password: 'p' } });
  // @ts-expect-error a path the spec does not have
  await client.POST('/logout', { body: { username: 'u', password: 'p' } });
  // @ts-expect-error a method the path does not have
  await client.GET('/login');
}
