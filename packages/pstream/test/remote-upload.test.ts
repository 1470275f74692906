/**
 * waitForRemoteUpload() against a real server that plays `GET /remotedl/status`, with a test
 * clock: the delays and the timeout are asserted exactly, without waiting for them.
 */

import { type Reply, startServer } from '@mediaspec/test-support/server';
import { describe, expect, it } from 'vitest';
import {
  createPStreamClient,
  InvalidResponseError,
  NotFoundError,
  PollFailedError,
  PollTimeoutError,
  type RemoteUpload,
  type RemoteUploadProgress,
  waitForRemoteUpload,
} from '../src/index.js';
import { TestClock } from './support/clock.js';
import { ok } from './support/envelope.js';

function remoteUpload(fields: Partial<RemoteUpload>): RemoteUpload {
  return {
    id: 12,
    remoteurl: 'https://download.blender.org/peach/bigbuckbunny_movies/big_buck_bunny_720p_h264.mov',
    status: 'new',
    progress_percent: null,
    folderid: '4248',
    added: '2018-02-21 09:20:26',
    last_update: '2018-02-21 09:20:26',
    errormsg: false,
    extid: false,
    url: false,
    ...fields,
  };
}

const finished = remoteUpload({
  status: 'finished',
  progress_percent: '100',
  extid: 'ANAaeBZus-Q',
  url: 'https://www.pstream.net/v/ANAaeBZus-Q',
});

/** A status reply holding one remote upload, keyed by its id as PStream does. */
const status = (upload: RemoteUpload): Reply => ok({ [String(upload.id)]: upload });

async function setup(replies: Reply[], fallback: Reply = status(remoteUpload({ status: 'downloading' }))) {
  const server = await startServer(() => replies.shift() ?? fallback);
  const client = createPStreamClient({ login: 'ef48eg456bpfkcn', key: 'gkNivz4f8d9v_-CI', baseUrl: server.url });
  return { server, client, clock: new TestClock() };
}

describe('waitForRemoteUpload()', () => {
  it('reports each check’s progress until the upload finishes, then resolves with its link', async () => {
    const { server, client, clock } = await setup([
      status(remoteUpload({ status: 'new' })),
      status(remoteUpload({ status: 'downloading', progress_percent: '10' })),
      status(remoteUpload({ status: 'downloading', progress_percent: '78.41' })),
      status(finished),
    ]);
    const progress: RemoteUploadProgress[] = [];

    // addRemoteUpload returns the id as a string: it is accepted as it is.
    const done = await waitForRemoteUpload(client, '12', { clock, onProgress: (p) => progress.push(p) });

    expect(done.url).toBe('https://www.pstream.net/v/ANAaeBZus-Q');
    expect(done).toEqual(finished);
    expect(progress).toEqual([
      { status: 'new', percent: undefined },
      { status: 'downloading', percent: 10 },
      { status: 'downloading', percent: 78.41 },
    ]);
    expect(clock.sleeps).toEqual([1000, 1500, 2250]);
    expect(server.requests.map((r) => [r.path, r.query.get('id')])).toEqual(Array(4).fill(['/remotedl/status', '12']));
  });

  it('finds the upload when the map key and its id differ in type', async () => {
    const { client, clock } = await setup([ok({ 'rd-12': { ...finished, id: '12' } })]);

    await expect(waitForRemoteUpload(client, 12, { clock })).resolves.toMatchObject({ extid: 'ANAaeBZus-Q' });
  });

  it('keeps checking while a finished upload has no link yet', async () => {
    const { server, client, clock } = await setup([
      status({ ...finished, url: false, extid: false }),
      status(finished),
    ]);
    const progress: RemoteUploadProgress[] = [];

    await waitForRemoteUpload(client, 12, { clock, onProgress: (p) => progress.push(p) });

    expect(progress).toEqual([{ status: 'finished', percent: 100 }]);
    expect(server.requests).toHaveLength(2);
  });

  it('rejects with PStream’s errormsg when the upload failed', async () => {
    const failed = remoteUpload({ status: 'error', progress_percent: '100', errormsg: 'Invalid URL' });
    const { client, clock } = await setup([status(remoteUpload({ status: 'downloading' })), status(failed)]);

    const error = await waitForRemoteUpload(client, 12, { clock }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PollFailedError);
    expect((error as Error).message).toBe('Remote upload 12 failed: Invalid URL');
    expect((error as PollFailedError<RemoteUpload>).state).toEqual(failed);
  });

  it('rejects with a PollTimeoutError once timeoutMs has passed on its clock', async () => {
    const { server, client, clock } = await setup([]);

    const error = await waitForRemoteUpload(client, 12, { clock, intervalMs: 1000, timeoutMs: 5000 }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(PollTimeoutError);
    expect((error as Error).message).toMatch(/remote upload 12 did not finish within 5000 ms/);
    expect(clock.sleeps).toEqual([1000, 1500, 2250, 250]);
    expect(clock.time).toBe(5000);
    expect(server.requests).toHaveLength(5);
  });

  it('rejects with the ApiError of a failed check, including one reported in an HTTP 200 body', async () => {
    const { client, clock } = await setup([{ body: { status: 404, msg: 'Remote upload not found' } }]);

    await expect(waitForRemoteUpload(client, 12, { clock })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('rejects with InvalidResponseError when the reply has no entry for the id', async () => {
    const { client, clock } = await setup([ok({ '24': remoteUpload({ id: 24 }) })]);

    await expect(waitForRemoteUpload(client, 12, { clock })).rejects.toBeInstanceOf(InvalidResponseError);
  });

  it('stops when its signal aborts', async () => {
    const { client, clock } = await setup([]);
    const controller = new AbortController();

    const waiting = waitForRemoteUpload(client, 12, {
      clock,
      signal: controller.signal,
      onProgress: () => controller.abort(new Error('stop waiting')),
    });

    await expect(waiting).rejects.toThrow('stop waiting');
  });

  it.each([0, -3, 1.5, 'abc', '12a'])('refuses the id %j with a TypeError', async (id) => {
    const { server, client } = await setup([]);

    await expect(waitForRemoteUpload(client, id)).rejects.toThrow(TypeError);
    expect(server.requests).toHaveLength(0);
  });
});
