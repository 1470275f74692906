/**
 * Compile-time checks of the published types, as a strict consumer sees them: type-checked, never
 * run. Each `@ts-expect-error` follows a correct twin of the same call, so the directive proves
 * the one defect it names is rejected (an unused directive is itself an error).
 */
import { type ApiVideoClient, createApiVideoClient } from '@mediaspec/apivideo';
import { unwrap as clientsUnwrap, createPStreamClient, type pipe as pipeNamespace } from '@mediaspec/clients';
import { createApiClient, type FetchResult } from '@mediaspec/core';
import { createNodeumClient, type NodeumClient, sortBy } from '@mediaspec/nodeum';
import { createPipeClient, type PipeClient, type Video } from '@mediaspec/pipe';
import { createValtClient, type ValtClient } from '@mediaspec/valt';

/** True when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<_T extends true>(): void {}

export async function pipeTypes(pipe: PipeClient): Promise<void> {
  const { data } = await pipe.GET('/video/{id}', { params: { path: { id: 13360 } } });
  // Pipe sends numbers as decimal strings: the type says so.
  const length: string | undefined = data?.videos[0]?.length;
  void length;
  // @ts-expect-error a Pipe number is a string, not a number
  const wrong: number | undefined = data?.videos[0]?.length;
  void wrong;
  assertType<Equal<NonNullable<typeof data>['videos'][number], Video>>();
  // The facade's namespace names the same types.
  assertType<Equal<pipeNamespace.Video, Video>>();

  await pipe.GET('/video/all');
  // @ts-expect-error a path that is not in the spec
  await pipe.GET('/videos/all');

  await pipe.DELETE('/video/{id}', { params: { path: { id: 1 } } });
  // @ts-expect-error the path parameter `id` is missing
  await pipe.DELETE('/video/{id}', { params: { path: {} } });
  // @ts-expect-error no init at all: the path parameters are required
  await pipe.DELETE('/video/{id}');
}

export async function apivideoTypes(client: ApiVideoClient): Promise<void> {
  const { data, error } = await client.GET('/webhooks', { params: { query: { pageSize: 25, currentPage: 2 } } });
  if (data) {
    const url: string = data.data[0]?.url ?? '';
    void url;
  }
  if (error) void error;
  // @ts-expect-error pageSize is a number
  await client.GET('/webhooks', { params: { query: { pageSize: '25' } } });

  await client.GET('/webhooks/{webhookId}', { params: { path: { webhookId: 'abc' } } });
  // @ts-expect-error the path parameter `webhookId` is missing
  await client.GET('/webhooks/{webhookId}', { params: { path: {} } });
  // @ts-expect-error a method the path does not have
  await client.PUT('/webhooks/{webhookId}', { params: { path: { webhookId: 'abc' } } });
}

export async function nodeumTypes(client: NodeumClient): Promise<void> {
  const connectors = await clientsUnwrap(client.GET('/cloud_connectors', { params: { query: { limit: 10 } } }));
  const count: number = connectors.count;
  void count;
  // @ts-expect-error limit is a number
  await client.GET('/cloud_connectors', { params: { query: { limit: 'ten' } } });
  // @ts-expect-error a query parameter that is not in the spec
  await client.GET('/cloud_connectors', { params: { query: { color: 'red' } } });

  await client.GET('/cloud_connectors', { params: { query: { sort_by: sortBy('name') } } });
  // @ts-expect-error not an attribute of a cloud connector
  sortBy('colour');

  await client.GET('/cloud_connectors/{cloud_connector_id}', { params: { path: { cloud_connector_id: 'archive' } } });
  // @ts-expect-error the path parameter is a string (an id or a name)
  await client.GET('/cloud_connectors/{cloud_connector_id}', { params: { path: { cloud_connector_id: 3 } } });
}

export async function pstreamTypes(): Promise<void> {
  const client = createPStreamClient({ login: 'l', key: 'k' });
  const { data } = await client.GET('/file/listfolder', { params: { query: { folder: 0 } } });
  if (data) {
    const name: string = data.result.files[0]?.name ?? '';
    void name;
  }
  // @ts-expect-error folder is an integer id
  await client.GET('/file/listfolder', { params: { query: { folder: 'root' } } });
  // @ts-expect-error `file` is required
  await client.GET('/file/getsplash', { params: { query: {} } });
}

export async function valtTypes(client: ValtClient): Promise<void> {
  const path = { recordID: 'r', videoID: 'v' };
  const { data } = await client.GET('/records/download/{recordID}/{videoID}', { params: { path } });
  const url: string | undefined = data?.url;
  void url;
  // @ts-expect-error the path parameter `videoID` is missing
  await client.GET('/records/download/{recordID}/{videoID}', { params: { path: { recordID: 'r' } } });
}

export function optionTypes(): void {
  createPipeClient({ apiKey: 'k', timeoutMs: 5_000, retry: { retries: 1 } });
  // @ts-expect-error apiKey is required
  createPipeClient({ baseUrl: 'http://127.0.0.1:4010' });
  createApiVideoClient({ apiKey: 'k', auth: 'token' });
  // @ts-expect-error auth is 'basic' or 'token'
  createApiVideoClient({ apiKey: 'k', auth: 'oauth' });
  createNodeumClient({ baseUrl: 'https://n.example/api/v2', apiKey: 'k' });
  // @ts-expect-error username and password, or apiKey: not both
  createNodeumClient({ baseUrl: 'https://n.example/api/v2', apiKey: 'k', username: 'u', password: 'p' });
  createValtClient({ baseUrl: 'https://v.example/api/v3', accessToken: 't' });
  // @ts-expect-error baseUrl is required: VALT is self-hosted
  createValtClient({ accessToken: 't' });
}

export async function coreTypes(): Promise<void> {
  interface Paths {
    '/items/{id}': {
      get: {
        parameters: { path: { id: string }; query?: never; header?: never; cookie?: never };
        requestBody?: never;
        responses: { 200: { headers: Record<string, unknown>; content: { 'application/json': { id: string } } } };
      };
    };
  }
  const client = createApiClient<Paths>({ baseUrl: 'https://api.example.com' });
  const result: FetchResult = await client.GET('/items/{id}', { params: { path: { id: '1' } } });
  void result;
  const item = await clientsUnwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } }));
  assertType<Equal<typeof item, { id: string }>>();
}

export async function exactCalls(pipe: PipeClient, nodeum: NodeumClient, valt: ValtClient): Promise<void> {
  await pipe.PUT('/webhook/{id}', { params: { path: { id: 3 } }, body: { webhook: 'x', webhook_converted: '1' } });
  // @ts-expect-error a misspelled optional body field
  await pipe.PUT('/webhook/{id}', { params: { path: { id: 3 } }, body: { webhook: 'x', webhok_converted: '1' } });
  // @ts-expect-error an unknown path parameter next to a valid one
  await pipe.GET('/video/{id}', { params: { path: { id: 1, ids: 2 } } });
  // @ts-expect-error a misspelled init option
  await pipe.GET('/video/all', { cach: 'no-store' });
  // @ts-expect-error a method the path does not have
  await pipe.DELETE('/account');
  await nodeum.POST('/cloud_connectors', { body: { name: 'a', provider: 'generic_s3' } });
  // @ts-expect-error a misspelled optional body field of a Nodeum connector
  await nodeum.POST('/cloud_connectors', { body: { name: 'a', provider: 'generic_s3', regoin: 'x' } });
  // @ts-expect-error a key of a nested body object
  await valt.POST('/records/create-upload', { body: { name: 'n', share: { user: [1] } } });
}
