/**
 * Contract tests: every operation of specs/valt/openapi.yaml, called through the client against
 * a Prism mock of that spec (started by the package's vitest global setup). Prism validates
 * each request, the Content-Range header included, against the spec.
 */
import { describe, expect, inject, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  callOptions,
  createValtClient,
  getDownloadUrl,
  InternalServerError,
  NotFoundError,
  unwrap,
  uploadRecording,
} from '../src/index.js';

const baseUrl = inject('mockUrl');
const accessToken = 'mock-token-5b0d2e';
const client = createValtClient({ baseUrl, accessToken });

/** A fetch that drops the token: what a request without credentials looks like on the wire. */
const withoutToken: typeof fetch = (input, init) => {
  const url = new URL(String(input));
  url.searchParams.delete('access_token');
  return fetch(url, init);
};
const anonymous = createValtClient({ baseUrl, accessToken, fetch: withoutToken });

/** The chunk requests a client sent, as Prism answered them. */
function recordingChunks() {
  const chunks: Array<{ contentRange: string | null; status: number; violations: string | null }> = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (/\/videos\//.test(String(input))) {
      chunks.push({
        contentRange: new Headers(init?.headers).get('content-range'),
        status: response.status,
        violations: response.headers.get('sl-violations'),
      });
    }
    return response;
  };
  return { chunks, client: createValtClient({ baseUrl, accessToken, fetch: recordingFetch }) };
}

const recordID = '6ecfe37c-a2e9-4f2d-b56e-847a4e730ed0';
const videoID = 'd6799d1c-8e0f-4dc6-9483-8f3545fc5ce5';
const noRetry = callOptions({ retry: false });

describe('POST /login (login)', () => {
  it('returns an access token', async () => {
    const data = await unwrap(client.POST('/login', { body: { username: 'admin', password: 'secret-pw' } }));
    expect(data.data.access_token).toBe('2407c9d2cfde75c49e5d356ee9f83422');
  });

  it('answers 401 with the reason in data for a wrong password', async () => {
    const result = await client.POST('/login', {
      body: { username: 'admin', password: 'wrong-pw' },
      headers: { Prefer: 'code=401' },
    });
    expect(result.response.status).toBe(401);
    expect(result.error).toEqual({ data: 'Invalid username or password' });
    const thrown = await unwrap(result).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(AuthenticationError);
    expect((thrown as Error).message).toContain('Invalid username or password');
  });

  it('is called by a password client on its first call, and its token used', async () => {
    const events: string[] = [];
    const loggedIn = createValtClient({
      baseUrl,
      username: 'admin',
      password: 'secret-pw',
      logger: (event) => {
        if (event.type === 'response') events.push(`${event.method} ${event.url.replace(baseUrl, '')} ${event.status}`);
      },
    });
    expect(await getDownloadUrl(loggedIn, recordID, videoID)).toMatch(/^https:\/\//);
    expect(await getDownloadUrl(loggedIn, recordID, videoID)).toMatch(/^https:\/\//);
    // One login; the mock answers 200 only to a call that carries a token.
    const download = `GET /records/download/${recordID}/${videoID} 200`;
    expect(events).toEqual(['POST /login 200', download, download]);
  });

  it('refused, fails the call that needed it with an AuthenticationError', async () => {
    const refused = createValtClient({
      baseUrl,
      username: 'admin',
      password: 'wrong-pw',
      headers: { Prefer: 'code=401' },
    });
    const thrown = await getDownloadUrl(refused, recordID, videoID).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(AuthenticationError);
    expect(thrown).toMatchObject({ method: 'POST', path: '/login' });
  });
});

describe('POST /records/create-upload (createUploadRecord)', () => {
  const body = {
    name: 'Interview room 3, 6 May 2025',
    template: { '12': 'Jane Doe' },
    share: { users: [4, 17], groups: [2] },
  };

  it('creates a record and returns its ID and video IDs', async () => {
    const data = await unwrap(client.POST('/records/create-upload', { body }));
    expect(data).toEqual({ id: recordID, videos: [videoID] });
  });

  it('answers 401 without a token', async () => {
    const result = await anonymous.POST('/records/create-upload', { body });
    expect(result.response.status).toBe(401);
    // The mock names the missing credential, in VALT's `{"error": {...}}` format.
    expect(result.error).toEqual({ error: { code: 401, message: expect.stringContaining('access_token') } });
  });

  it('answers 401 for a rejected token, with the badCredentials example', async () => {
    const result = await client.POST('/records/create-upload', {
      body,
      headers: { Prefer: 'code=401, example=badCredentials' },
    });
    expect(result.error).toEqual({ error: { code: 401, message: 'Bad credentials.' } });
    await expect(unwrap(result)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('answers 400 for a body without name, in the problem format the spec gives it', async () => {
    const result = await client.POST('/records/create-upload', {
      // @ts-expect-error: name is required by the spec, so the types refuse this body
      body: { share: { users: [4] } },
    });
    expect(result.response.status).toBe(400);
    expect(result.response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(result.error).toEqual({
      type: 'https://tools.ietf.org/html/rfc2616#section-10',
      title: 'An error occurred',
      status: 400,
      detail: expect.stringContaining('name'),
    });
    await expect(unwrap(result)).rejects.toBeInstanceOf(BadRequestError);
  });

  it('accepts numeric ids, as the official client uses them', async () => {
    const { error, response } = await client.GET('/records/download/{recordID}/{videoID}', {
      params: { path: { recordID: '1042', videoID: '7' } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(response.headers.get('sl-violations')).toBeNull();
  });

  it('answers 500 in the problem format, as an InternalServerError', async () => {
    const result = await client.POST('/records/create-upload', { body, headers: { Prefer: 'code=500' } });
    expect(result.response.status).toBe(500);
    const thrown = await unwrap(result).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(InternalServerError);
    expect(thrown).toMatchObject({ path: '/records/create-upload', body: { status: 500, title: 'An error occurred' } });
  });
});

describe('POST /records/{recordID}/videos/{videoID} (uploadVideoChunk)', () => {
  const path = { recordID, videoID };
  const chunk = (contentRange: string, init: { headers?: Record<string, string> } = {}, c = client) =>
    c.POST('/records/{recordID}/videos/{videoID}', {
      params: { path, header: { 'Content-Range': contentRange } },
      body: { file: new Blob(['0123456789']) },
      bodySerializer: ({ file }) => {
        const form = new FormData();
        form.append('file', file, 'video.mp4');
        return form;
      },
      ...init,
    });

  it('stores a chunk and answers 2xx with an empty body', async () => {
    const { data, error, response } = await chunk('bytes 0-9/10');
    expect(response.status).toBe(200);
    expect(data).toBeUndefined();
    expect(error).toBeUndefined();
  });

  it('answers 400 for a Content-Range that does not match the spec (a total of 0)', async () => {
    const result = await chunk('bytes 0-9/0');
    expect(result.response.status).toBe(400);
    expect(result.response.headers.get('sl-violations')).toContain('content-range must match pattern');
    await expect(unwrap(result)).rejects.toBeInstanceOf(BadRequestError);
  });

  it('answers 400 without the file part', async () => {
    const { response } = await client.POST('/records/{recordID}/videos/{videoID}', {
      params: { path, header: { 'Content-Range': 'bytes 0-9/10' } },
      body: { file: new Blob(['0123456789']) },
      bodySerializer: () => new FormData(),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('sl-violations')).toContain("must have required property 'file'");
  });

  it('answers 401 without a token', async () => {
    const { response } = await chunk('bytes 0-9/10', {}, anonymous);
    expect(response.status).toBe(401);
  });

  it('answers 404 for an unknown record or video', async () => {
    const result = await chunk('bytes 0-9/10', { headers: { Prefer: 'code=404' } });
    const thrown = await unwrap(result).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(NotFoundError);
    expect(thrown).toMatchObject({ path: '/records/{recordID}/videos/{videoID}', body: { detail: 'Not Found' } });
  });
});

describe('GET /records/download/{recordID}/{videoID} (getVideoDownloadUrl)', () => {
  const params = { path: { recordID, videoID } };

  it('returns the download URL (getDownloadUrl)', async () => {
    const url = await getDownloadUrl(client, recordID, videoID);
    expect(url).toMatch(/^https:\/\/ivssvdev1\.ad\.ipivs\.com:8000\/distribution\/.+\.mp4\?filename=/);
  });

  it('answers 401 without a token', async () => {
    const result = await anonymous.GET('/records/download/{recordID}/{videoID}', { params });
    expect(result.response.status).toBe(401);
    await expect(unwrap(result)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('answers 404 in the problem format, as a NotFoundError', async () => {
    const result = await client.GET('/records/download/{recordID}/{videoID}', {
      params,
      headers: { Prefer: 'code=404' },
      middleware: [noRetry],
    });
    expect(result.error).toEqual({
      type: 'https://tools.ietf.org/html/rfc2616#section-10',
      title: 'An error occurred',
      status: 404,
      detail: 'Not Found',
    });
    await expect(unwrap(result)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('uploadRecording against the mock', () => {
  it('sends every chunk with a Content-Range the mock accepts', async () => {
    const { chunks, client: recording } = recordingChunks();
    const file = new File([new Uint8Array(23).fill(7)], 'interview.mp4', { type: 'video/mp4' });

    const result = await uploadRecording(recording, { name: 'Interview room 3', file, chunkSize: 5 });

    expect(result).toEqual({ recordId: recordID, videoId: videoID });
    expect(chunks).toEqual(
      ['bytes 0-4/23', 'bytes 5-9/23', 'bytes 10-14/23', 'bytes 15-19/23', 'bytes 20-22/23'].map((contentRange) => ({
        contentRange,
        status: 200,
        violations: null,
      })),
    );
  });

  it('sends a 1-byte file in one request', async () => {
    const { chunks, client: recording } = recordingChunks();
    await uploadRecording(recording, { name: 'Tiny', file: new Blob(['x']) });
    expect(chunks).toEqual([{ contentRange: 'bytes 0-0/1', status: 200, violations: null }]);
  });
});
