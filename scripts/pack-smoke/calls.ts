/**
 * Real calls through the installed packages, one or more per provider, against Prism mocks of
 * the specs. Uses only what browsers and edge runtimes have (fetch, Web Crypto): it is also
 * type-checked without Node's types.
 */
import { NotFoundError as ClientsNotFoundError, createApiVideoClient, pipe as pipeNamespace } from '@mediaspec/clients';
import { MediaspecError } from '@mediaspec/core';
import { createNodeumClient, paginateCloudConnectors } from '@mediaspec/nodeum';
import { createPipeClient, NotFoundError, unwrap } from '@mediaspec/pipe';
import { createPStreamClient } from '@mediaspec/pstream';
import { createValtClient, getDownloadUrl } from '@mediaspec/valt';

export type ProviderId = 'apivideo' | 'nodeum' | 'pipe' | 'pstream' | 'valt';

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`check failed: ${message}`);
}

/** Runs the calls; returns one line per provider saying what it got. */
export async function smoke(urls: Readonly<Record<ProviderId, string>>): Promise<string[]> {
  const lines: string[] = [];

  // Pipe, from its own package: data, and an error thrown by unwrap().
  const pipe = createPipeClient({ apiKey: 'smoke-key', baseUrl: urls.pipe, retry: false });
  const { videos, total_videos } = await unwrap(pipe.GET('/video/all'));
  check(Array.isArray(videos) && videos.length > 0, 'pipe: GET /video/all returns videos');
  const count: number = total_videos;
  // Inside a recording, Pipe's numbers are decimal strings; the count of recordings is a number.
  const size: string | undefined = videos[0]?.size;
  check(typeof count === 'number' && typeof size === 'string', 'pipe: total_videos is a number, a size a string');
  const missing = await unwrap(
    pipe.GET('/video/{id}', { params: { path: { id: 1 } }, headers: { Prefer: 'code=404' } }),
  ).catch((error: unknown) => error);
  // One @mediaspec/core is installed: the facade's class is the provider's.
  check(missing instanceof NotFoundError && missing instanceof ClientsNotFoundError, 'pipe: a 404 is a NotFoundError');
  check(
    missing instanceof MediaspecError && !JSON.stringify(missing).includes('smoke-key'),
    'pipe: the error has no key',
  );
  check(pipeNamespace.PIPE_BASE_URL === 'https://api.addpipe.com', 'pipe: the facade namespace has the constants');
  lines.push(`pipe      GET /video/all -> ${videos.length} video(s) of ${count}, size "${size}"; 404 -> NotFoundError`);

  // api.video, through the facade.
  const apivideo = createApiVideoClient({ apiKey: 'smoke-key', baseUrl: urls.apivideo });
  const webhooks = await apivideo.GET('/webhooks', { params: { query: { pageSize: 25 } } });
  check(webhooks.data, `apivideo: GET /webhooks succeeds (HTTP ${webhooks.response.status})`);
  const total: number = webhooks.data.pagination.itemsTotal;
  check(typeof total === 'number' && Array.isArray(webhooks.data.data), 'apivideo: a page of webhooks');
  lines.push(`apivideo  GET /webhooks -> ${webhooks.data.data.length} webhook(s) of ${total}`);

  // PStream: credentials in the query, the envelope in the body.
  const pstream = createPStreamClient({ login: 'smoke-login', key: 'smoke-key', baseUrl: urls.pstream });
  const account = await unwrap(pstream.GET('/account/info'));
  const email: string = account.result.email;
  check(account.status === 200 && email.includes('@'), 'pstream: GET /account/info returns the account');
  lines.push(`pstream   GET /account/info -> ${email}`);

  // Nodeum: a helper that walks the pages.
  const nodeum = createNodeumClient({ baseUrl: urls.nodeum, username: 'smoke', password: 'smoke-password' });
  const connectors = await paginateCloudConnectors(nodeum, { limit: 50 }).toArray(5);
  check(connectors.length > 0 && typeof connectors[0]?.name === 'string', 'nodeum: connectors have names');
  lines.push(`nodeum    paginateCloudConnectors -> ${connectors.map((c) => c.name).join(', ')}`);

  // VALT: a login with username and password, then a helper.
  const valt = createValtClient({ baseUrl: urls.valt, username: 'smoke', password: 'smoke-password' });
  const url = await getDownloadUrl(
    valt,
    '6ecfe37c-a2e9-4f2d-b56e-847a4e730ed0',
    'd6799d1c-8e0f-4dc6-9483-8f3545fc5ce5',
  );
  check(new URL(url).protocol.startsWith('http'), 'valt: getDownloadUrl returns a URL');
  lines.push(`valt      login + getDownloadUrl -> ${new URL(url).origin}/...`);

  return lines;
}
