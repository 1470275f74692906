/**
 * uploadFile() against two real servers, as in production: the API server issues a one-time
 * URL on another host, and the upload host receives the multipart POST.
 */
import { createHash } from 'node:crypto';
import { type RecordedRequest, type Reply, startServer } from '@mediaspec/test-support/server';
import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  createPStreamClient,
  InvalidResponseError,
  MediaspecError,
  TimeoutError,
  type UploadProgress,
  UploadUrlExpiredError,
  uploadFile,
} from '../src/index.js';
import { ok } from './support/envelope.js';

const login = 'ef48eg456bpfkcn';
const key = 'gkNivz4f8d9v_-CI';
const bytes = new TextEncoder().encode('not really a video, but bytes all the same\n'.repeat(100));
const expectedSha1 = createHash('sha1').update(bytes).digest('hex');
const uploaded = {
  id: 'Knvie_f9GWPF',
  url: 'https://www.pstream.net/v/Knvie_f9GWPF',
  name: 'clip.mp4',
  size: bytes.byteLength,
  sha1: expectedSha1,
  content_type: 'video/mp4',
};

/** `valid_until` as PStream writes it, for a time `ms` from now (read as UTC). */
function validUntil(ms: number): string {
  return new Date(Date.now() + ms).toISOString().slice(0, 19).replace('T', ' ');
}

interface Setup {
  /** The upload URL the API server hands out; `{upload}` is replaced by the upload host. */
  url?: string;
  validUntil?: string;
  uploadReply?: Reply;
}

async function setup({
  url = '{upload}/ul/fCgaPthr_ys',
  validUntil: until = validUntil(3_600_000),
  uploadReply,
}: Setup = {}) {
  const uploadHost = await startServer(() => uploadReply ?? ok(uploaded));
  const api = await startServer(() => ok({ url: url.replace('{upload}', uploadHost.url), valid_until: until }));
  const client = createPStreamClient({ login, key, baseUrl: `${api.url}/v1` });
  return { api, uploadHost, client };
}

/** The multipart form the upload host received. */
async function formOf(request: RecordedRequest | undefined): Promise<FormData> {
  if (!request) throw new Error('no upload request was received');
  return new Response(new Uint8Array(request.body), {
    headers: { 'content-type': String(request.headers['content-type']) },
  }).formData();
}

describe('uploadFile()', () => {
  it('gets an upload URL, then posts the file as the multipart part file1, and returns the video', async () => {
    const { api, uploadHost, client } = await setup();
    const file = new File([bytes], 'clip.mp4', { type: 'video/mp4' });

    const video = await uploadFile(client, file, { folder: 5151 });

    expect(video).toEqual(uploaded);
    expect(api.requests.map((r) => r.path)).toEqual(['/v1/file/ul']);
    expect(api.requests[0]?.query.get('folder')).toBe('5151');
    expect(api.requests[0]?.query.has('sha1')).toBe(false);

    const [post] = uploadHost.requests;
    expect(post).toMatchObject({ method: 'POST', path: '/ul/fCgaPthr_ys' });
    expect(post?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(post?.body.toString('latin1')).toContain(
      'Content-Disposition: form-data; name="file1"; filename="clip.mp4"',
    );
    const part = (await formOf(post)).get('file1') as File;
    expect(part.name).toBe('clip.mp4');
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes);
  });

  it('sends the login and key to the API server, and neither to the upload host', async () => {
    const { api, uploadHost, client } = await setup();

    await uploadFile(client, new File([bytes], 'clip.mp4'));

    expect(api.requests[0]?.query.get('login')).toBe(login);
    expect(api.requests[0]?.query.get('key')).toBe(key);
    const [post] = uploadHost.requests;
    expect(post?.url).toBe('/ul/fCgaPthr_ys');
    expect(post?.body.toString('latin1')).not.toContain(key);
    expect(JSON.stringify(post?.headers)).not.toContain(key);
  });

  it('with sha1: true, computes the SHA-1 of the file and sends it with the URL request', async () => {
    const { api, client } = await setup();
    const stages: UploadProgress['stage'][] = [];

    await uploadFile(client, new File([bytes], 'clip.mp4'), { sha1: true, onProgress: (p) => stages.push(p.stage) });

    expect(api.requests[0]?.query.get('sha1')).toBe(expectedSha1);
    expect(stages).toEqual(['hashing', 'uploading', 'done']);
  });

  it('sends a given SHA-1 as it is, and refuses one that is not 40 hex digits before any request', async () => {
    const { api, client } = await setup();
    const file = new File([bytes], 'clip.mp4');

    await uploadFile(client, file, { sha1: expectedSha1.toUpperCase() });
    await expect(uploadFile(client, file, { sha1: 'abc' })).rejects.toThrow(TypeError);

    expect(api.requests.map((r) => r.query.get('sha1'))).toEqual([expectedSha1.toUpperCase()]);
  });

  it('takes the name from `name` for a Blob, and refuses a Blob without one', async () => {
    const { uploadHost, client } = await setup();
    const blob = new Blob([bytes], { type: 'video/mp4' });

    await uploadFile(client, blob, { name: 'From a blob.mp4' });
    await expect(uploadFile(client, blob)).rejects.toThrow(/pass `name`/);

    expect(((await formOf(uploadHost.requests[0])).get('file1') as File).name).toBe('From a blob.mp4');
    expect(uploadHost.requests).toHaveLength(1);
  });

  it('throws UploadUrlExpiredError, and posts nothing, when valid_until has passed', async () => {
    const { uploadHost, client } = await setup({ validUntil: '2018-01-09 13:02:00' });

    const error = await uploadFile(client, new File([bytes], 'clip.mp4')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UploadUrlExpiredError);
    expect(error).toBeInstanceOf(MediaspecError);
    expect(error).toMatchObject({ validUntil: '2018-01-09 13:02:00' });
    expect((error as Error).message).toMatch(/expired at 2018-01-09 13:02:00 UTC/);
    expect(uploadHost.requests).toHaveLength(0);
  });

  it('keeps everything before /ul/<id> of the upload URL as its base', async () => {
    const { uploadHost, client } = await setup({ url: '{upload}/node7/ul/a%20b' });

    await uploadFile(client, new File([bytes], 'clip.mp4'));

    expect(uploadHost.requests[0]?.url).toBe('/node7/ul/a%20b');
  });

  it('throws InvalidResponseError for an upload URL it cannot post to', async () => {
    const { uploadHost, client } = await setup({ url: '{upload}/upload?id=1' });

    await expect(uploadFile(client, new File([bytes], 'clip.mp4'))).rejects.toBeInstanceOf(InvalidResponseError);
    expect(uploadHost.requests).toHaveLength(0);
  });

  it('throws the ApiError of a refused upload, even when it comes as HTTP 200', async () => {
    const { client } = await setup({ uploadReply: { body: { status: 400, msg: 'Upload failed (sha1 mismatch)' } } });

    const error = await uploadFile(client, new File([bytes], 'clip.mp4'), { sha1: true }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, httpStatus: 200, method: 'POST', path: '/ul/{uploadId}' });
    expect((error as Error).message).toContain('sha1 mismatch');
  });

  it('applies timeoutMs to the upload POST', async () => {
    const hanging = await startServer(() => new Promise<Reply>(() => {}));
    const { client } = await setup({ url: `${hanging.url}/ul/slow` });

    const error = await uploadFile(client, new File([bytes], 'clip.mp4'), { timeoutMs: 50 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ method: 'POST', url: `${hanging.url}/ul/slow`, timeoutMs: 50 });
  });

  it('refuses a negative timeoutMs before any request', async () => {
    const { api, uploadHost, client } = await setup();

    await expect(uploadFile(client, new File([bytes], 'clip.mp4'), { timeoutMs: -1 })).rejects.toThrow(TypeError);
    expect(api.requests.length + uploadHost.requests.length).toBe(0);
  });

  it('stops at once when its signal is already aborted', async () => {
    const { api, uploadHost, client } = await setup();
    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));

    await expect(
      uploadFile(client, new File([bytes], 'clip.mp4'), { sha1: true, signal: controller.signal }),
    ).rejects.toThrow('user cancelled');
    expect(api.requests.length + uploadHost.requests.length).toBe(0);
  });
});
