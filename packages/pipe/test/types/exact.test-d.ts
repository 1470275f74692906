/**
 * Exact calls, compiled by `typecheck` and never run: each `@ts-expect-error` follows a correct
 * twin of the same call, so the directive proves that one mistake is rejected (an unused
 * directive is itself an error). Pipe's request bodies are flat (no nested objects or arrays),
 * so there is no nested key to misspell.
 */
import { createPipeClient, type PipeClient } from '../../src/index.js';

export async function bodies(pipe: PipeClient): Promise<void> {
  await pipe.PUT('/webhook/{id}', { params: { path: { id: 3 } }, body: { webhook: 'x', webhook_converted: '1' } });
  // @ts-expect-error a misspelled optional body field next to valid ones
  await pipe.PUT('/webhook/{id}', { params: { path: { id: 3 } }, body: { webhook: 'x', webhok_converted: '1' } });

  // Every field of these bodies is optional: the unknown one sits next to all of them.
  const all = { amz_key: 'k', amz_secret: 's', amz_bucket: 'b', amz_bucket_region: 'us-east-1' } as const;
  await pipe.PUT('/amazon/{id}', { params: { path: { id: 1 } }, body: { ...all } });
  // @ts-expect-error an unknown body field next to all the others
  await pipe.PUT('/amazon/{id}', { params: { path: { id: 1 } }, body: { ...all, amz_acl: 'private' } });

  // @ts-expect-error a body on an operation that takes none
  await pipe.GET('/account', { body: { id: 1 } });
}

export async function params(pipe: PipeClient): Promise<void> {
  await pipe.GET('/video/{id}', { params: { path: { id: 13360 } } });
  // @ts-expect-error an unknown path parameter next to a valid one
  await pipe.GET('/video/{id}', { params: { path: { id: 13360, ids: 1 } } });
  // @ts-expect-error an unknown query parameter (the operation has none)
  await pipe.GET('/video/{id}', { params: { path: { id: 13360 }, query: { limit: 1 } } });
  // @ts-expect-error an unknown header parameter (the operation has none)
  await pipe.GET('/video/{id}', { params: { path: { id: 13360 }, header: { 'X-Trace': '1' } } });
  // @ts-expect-error a misspelled parameter group
  await pipe.GET('/video/{id}', { params: { paths: { id: 13360 } } });
  // @ts-expect-error a path parameter of the wrong type (a number)
  await pipe.GET('/video/{id}', { params: { path: { id: '13360' } } });
  // @ts-expect-error the required path parameters are missing
  await pipe.GET('/video/{id}');
}

export async function options(pipe: PipeClient): Promise<void> {
  await pipe.GET('/video/all', { cache: 'no-store', parseAs: 'text' });
  // @ts-expect-error a misspelled init option
  await pipe.GET('/video/all', { cach: 'no-store' });
  // @ts-expect-error a key of `params` on the init object itself
  await pipe.GET('/video/{id}', { path: { id: 13360 } });

  // The result type still follows parseAs.
  const { data } = await pipe.GET('/video/all', { parseAs: 'stream' });
  const stream: ReadableStream<Uint8Array> | null | undefined = data;
  void stream;
}

export async function pathsAndMethods(): Promise<void> {
  const pipe = createPipeClient({ apiKey: 'k' });
  await pipe.GET('/video/all');
  // @ts-expect-error a path the spec does not have
  await pipe.GET('/videos/all');
  await pipe.GET('/account');
  // @ts-expect-error a method the path does not have
  await pipe.DELETE('/account');
  await pipe.DELETE('/video/{id}', { params: { path: { id: 1 } } });
  // @ts-expect-error a method the path does not have, with an init
  await pipe.PUT('/video/{id}', { params: { path: { id: 1 } } });

  // The rest of openapi-fetch's client is still there.
  const middleware = { onRequest: () => undefined };
  pipe.use(middleware);
  pipe.eject(middleware);
}
