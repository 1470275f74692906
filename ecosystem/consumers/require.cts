/**
 * A CommonJS consumer: `require()` of the ESM-only packages, which Node supports from 20.19
 * (and TypeScript types from 5.8 under `module: nodenext`). Calls the Pipe mock through the
 * provider package and through the facade; the mock URLs are the last argument, as JSON.
 */
import pipePackage = require('@mediaspec/pipe');
import clients = require('@mediaspec/clients');

async function main(): Promise<void> {
  const urls = JSON.parse(process.argv.at(-1) ?? '{}') as { pipe: string };
  const pipe = pipePackage.createPipeClient({ apiKey: 'cjs-key', baseUrl: urls.pipe, retry: false });
  const { videos } = await pipePackage.unwrap(pipe.GET('/video/all'));
  const facade = clients.createPipeClient({ apiKey: 'cjs-key', baseUrl: urls.pipe, retry: false });
  const missing = await clients
    .unwrap(facade.GET('/video/{id}', { params: { path: { id: 1 } }, headers: { Prefer: 'code=404' } }))
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  if (!(missing instanceof pipePackage.NotFoundError))
    throw new Error(`expected a NotFoundError, got ${String(missing)}`);
  console.log(`require(): GET /video/all -> ${videos.length} video(s); 404 -> ${missing.name}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
