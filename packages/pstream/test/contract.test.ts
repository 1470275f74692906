/**
 * Contract tests: every operation of specs/pstream/openapi.yaml, called through the client
 * against a Prism mock of that spec (started by the package's vitest global setup).
 */
import type { Middleware } from '@mediaspec/core';
import { describe, expect, inject, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  callOptions,
  createPStreamClient,
  InternalServerError,
  type LogEvent,
  NotFoundError,
  PermissionDeniedError,
  PollFailedError,
  type PStreamClient,
  UploadUrlExpiredError,
  unwrap,
  uploadFile,
  waitForRemoteUpload,
} from '../src/index.js';

const baseUrl = inject('mockUrl');
const login = 'mock-login-ef48eg';
const key = 'mock-key-gkNivz4f8d9v';
const client = createPStreamClient({ login, key, baseUrl });

/** A fetch that drops one credential: what a request without it looks like on the wire. */
function without(param: 'login' | 'key'): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    url.searchParams.delete(param);
    return fetch(url, init);
  };
}
const withoutLogin = createPStreamClient({ login, key, baseUrl, fetch: without('login') });
const withoutKey = createPStreamClient({ login, key, baseUrl, fetch: without('key') });

/** The multipart body of an upload: the file in the part `file1`, under its name. */
const file1 = (name: string) => (body: { file1: Blob }) => {
  const form = new FormData();
  form.append('file1', body.file1, name);
  return form;
};
const video = new Blob(['not really a video'], { type: 'video/mp4' });

interface Init {
  headers?: Record<string, string>;
  middleware?: Middleware[];
}

/** One valid call of every operation, so the error paths below run against each of them. */
const operations: Record<string, (c: PStreamClient, init?: Init) => Promise<{ error?: unknown; response: Response }>> =
  {
    'GET /account/info': (c, init) => c.GET('/account/info', { ...init }),
    'GET /file/info': (c, init) =>
      c.GET('/file/info', { params: { query: { file: ['72fA-_Lq8Ak3', '72fA-_Lq8Ak5'] } }, ...init }),
    'GET /file/getsplash': (c, init) =>
      c.GET('/file/getsplash', { params: { query: { file: 'Knvie_f9GWPF' } }, ...init }),
    'GET /file/ul': (c, init) =>
      c.GET('/file/ul', {
        params: { query: { folder: 5151, sha1: '7ee4e1c67a2db8fced849ee1bb76e7391b93eb12', httponly: false } },
        ...init,
      }),
    'POST /ul/{uploadId}': (c, init) =>
      c.POST('/ul/{uploadId}', {
        baseUrl,
        params: { path: { uploadId: 'fCgaPthr_ys' } },
        body: { file1: video },
        bodySerializer: file1('clip.mp4'),
        ...init,
      }),
    'GET /remotedl/add': (c, init) =>
      c.GET('/remotedl/add', {
        params: {
          query: {
            url: 'https://download.blender.org/peach/bigbuckbunny_movies/big_buck_bunny_1080p_h264.mov',
            folder: 1234,
            'headers[]': ['Cookie: auth=9898;', 'User-Agent: Mozilla/5.0'],
          },
        },
        ...init,
      }),
    'GET /remotedl/status': (c, init) =>
      c.GET('/remotedl/status', { params: { query: { limit: 5, id: 24 } }, ...init }),
    'GET /file/listfolder': (c, init) => c.GET('/file/listfolder', { params: { query: { folder: 5 } }, ...init }),
    'GET /file/createfolder': (c, init) =>
      c.GET('/file/createfolder', { params: { query: { name: 'MyFolderBoi', pid: 12345 } }, ...init }),
    'GET /file/renamefolder': (c, init) =>
      c.GET('/file/renamefolder', { params: { query: { folder: 12345, name: 'MyRenamedFolder' } }, ...init }),
    'GET /file/deletefolder': (c, init) =>
      c.GET('/file/deletefolder', { params: { query: { folder: 12345 } }, ...init }),
    'GET /file/rename': (c, init) =>
      c.GET('/file/rename', { params: { query: { file: 'bPmLf4e81_FE', name: 'My Renamed Video' } }, ...init }),
    'GET /file/move': (c, init) =>
      c.GET('/file/move', { params: { query: { file: 'Ckfoe4_g8e1v5', folder: 15484 } }, ...init }),
    'GET /file/delete': (c, init) => c.GET('/file/delete', { params: { query: { file: 'Ckfoe4_g8e1v5' } }, ...init }),
    'GET /file/converts': (c, init) =>
      c.GET('/file/converts', { params: { query: { limit: 5, file: 'Gh_wKpe4f8v1' } }, ...init }),
  };
const all = Object.entries(operations);
const authenticated = all.filter(([name]) => name !== 'POST /ul/{uploadId}');
const noRetry = [callOptions({ retry: false })];

describe('every operation', () => {
  it.each(all)('%s answers 200 with a status-200 envelope', async (_name, call) => {
    const { error, response } = await call(client);
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(await response.clone().json()).toMatchObject({ status: 200, msg: 'OK' });
  });

  it.each(authenticated)('%s answers 401 without login', async (_name, call) => {
    const result = await call(withoutLogin);
    expect(result.response.status).toBe(401);
    await expect(unwrap(result)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it.each(authenticated)('%s answers 401 without key', async (_name, call) => {
    const result = await call(withoutKey);
    expect(result.response.status).toBe(401);
    // The mock names the credentials that were missing, in PStream's envelope.
    expect(result.error).toMatchObject({ msg: expect.stringMatching(/\blogin\b.*\bkey\b/) });
  });

  it.each(all)('%s answers 404 as a NotFoundError with the envelope', async (name, call) => {
    const result = await call(client, { headers: { Prefer: 'code=404' } });
    expect(result.response.status).toBe(404);
    const thrown = await unwrap(result).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(NotFoundError);
    expect(thrown).toMatchObject({ status: 404, path: name.split(' ')[1], body: { status: 404 } });
  });

  it.each(all)('%s answers 403 as a PermissionDeniedError', async (_name, call) => {
    const result = await call(client, { headers: { Prefer: 'code=403' } });
    await expect(unwrap(result)).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it.each(all)('%s answers 500 as an InternalServerError', async (_name, call) => {
    const result = await call(client, { headers: { Prefer: 'code=500' }, middleware: noRetry });
    expect(result.response.status).toBe(500);
    await expect(unwrap(result)).rejects.toBeInstanceOf(InternalServerError);
  });
});

/** One call per operation with a parameter the spec forbids; Prism validates it and answers 400. */
const badRequests: Record<string, () => Promise<{ error?: unknown; response: Response }>> = {
  // No parameter to get wrong: the 400 is asked for.
  'GET /account/info': () => client.GET('/account/info', { headers: { Prefer: 'code=400' } }),
  'GET /file/info': () =>
    client.GET('/file/info', { params: { query: { file: Array.from({ length: 51 }, (_, i) => `video${i}`) } } }),
  'GET /file/getsplash': () => client.GET('/file/getsplash', { params: { query: { file: '' } } }),
  'GET /file/ul': () => client.GET('/file/ul', { params: { query: { sha1: 'not-a-sha1' } } }),
  'POST /ul/{uploadId}': () =>
    client.POST('/ul/{uploadId}', {
      baseUrl,
      params: { path: { uploadId: 'fCgaPthr_ys' } },
      body: { file1: video },
      bodySerializer: () => new FormData(), // no file1 part
    }),
  'GET /remotedl/add': () =>
    client.GET('/remotedl/add', { params: { query: { url: 'https://example.com/a.mov', folder: -1 } } }),
  'GET /remotedl/status': () => client.GET('/remotedl/status', { params: { query: { limit: 500 } } }),
  'GET /file/listfolder': () => client.GET('/file/listfolder', { params: { query: { folder: -1 } } }),
  'GET /file/createfolder': () => client.GET('/file/createfolder', { params: { query: { name: '' } } }),
  'GET /file/renamefolder': () =>
    // @ts-expect-error: folder ids are integers, so the types refuse a name
    client.GET('/file/renamefolder', { params: { query: { folder: 'Videos', name: 'New name' } } }),
  'GET /file/deletefolder': () => client.GET('/file/deletefolder', { params: { query: { folder: 1.5 } } }),
  'GET /file/rename': () => client.GET('/file/rename', { params: { query: { file: 'bPmLf4e81_FE', name: '' } } }),
  // @ts-expect-error: the target folder is required
  'GET /file/move': () => client.GET('/file/move', { params: { query: { file: 'Ckfoe4_g8e1v5' } } }),
  'GET /file/delete': () => client.GET('/file/delete', { params: { query: { file: '' } } }),
  'GET /file/converts': () => client.GET('/file/converts', { params: { query: { limit: 500 } } }),
};

describe('a bad parameter', () => {
  it('is tried on every operation', () => {
    expect(Object.keys(badRequests).sort()).toEqual(Object.keys(operations).sort());
  });

  it.each(Object.entries(badRequests))('%s answers 400 as a BadRequestError', async (name, call) => {
    const result = await call();
    expect(result.response.status).toBe(400);
    const thrown = await unwrap(result).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(BadRequestError);
    expect(thrown).toMatchObject({ status: 400, path: name.split(' ')[1], body: { status: 400 } });
  });
});

describe('GET /account/info (getAccountInfo)', () => {
  it('returns the account', async () => {
    const { result } = await unwrap(client.GET('/account/info'));
    expect(result).toEqual({ extid: 'fnvjeof4815f', email: 'pascal@pstream.net', signup_at: '2018-01-07 17:59:31' });
  });
});

describe('GET /file/info (getFileInfo)', () => {
  it('returns a map keyed by video id, with false for missing values', async () => {
    const { result } = await unwrap(client.GET('/file/info', { params: { query: { file: ['72fA-_Lq8Ak3'] } } }));
    expect(result['72fA-_Lq8Ak3']).toMatchObject({ status: 200, size: 123456789012, content_type: 'video/mp4' });
    expect(result['72fA-_Lq8Ak5']).toMatchObject({ status: 404, name: false, size: false, sha1: false });
  });
});

describe('GET /file/getsplash (getFileSplash)', () => {
  it('returns the splash image URL', async () => {
    const { result } = await unwrap(client.GET('/file/getsplash', { params: { query: { file: 'Knvie_f9GWPF' } } }));
    expect(result).toBe('https://i.pstream.net/Knvie_f9GWPF/fneb48g4.jpg');
  });
});

describe('GET /file/ul (getUploadUrl)', () => {
  it('returns a one-time upload URL and its expiry', async () => {
    const { result } = await unwrap(client.GET('/file/ul'));
    expect(result).toEqual({ url: 'https://1n8rg48c.example.com/ul/fCgaPthr_ys', valid_until: '2018-01-09 13:02:00' });
  });
});

describe('POST /ul/{uploadId} (uploadFile)', () => {
  it('accepts the file in part file1 without login or key, and returns the video', async () => {
    const anonymous = createPStreamClient({ login, key, baseUrl: 'https://api.pstream.net/v1' });
    const { result } = await unwrap(
      anonymous.POST('/ul/{uploadId}', {
        baseUrl, // the upload host: not under the client's base URL, so no credentials are sent
        params: { path: { uploadId: 'fCgaPthr_ys' } },
        body: { file1: video },
        bodySerializer: file1('clip.mp4'),
      }),
    );
    expect(result).toMatchObject({ id: 'Knvie_f9GWPF', url: 'https://www.pstream.net/v/Knvie_f9GWPF' });
  });

  it('rejects a form without file1 with 400', async () => {
    const result = await client.POST('/ul/{uploadId}', {
      baseUrl,
      params: { path: { uploadId: 'fCgaPthr_ys' } },
      body: { file1: video },
      bodySerializer: () => {
        const form = new FormData();
        form.append('file', video, 'clip.mp4');
        return form;
      },
    });
    expect(result.response.status).toBe(400);
    expect(result.error).toEqual({ status: 400, msg: expect.stringContaining('file1') });
  });

  it('serves the SHA-1 mismatch example', async () => {
    const result = await client.POST('/ul/{uploadId}', {
      baseUrl,
      params: { path: { uploadId: 'fCgaPthr_ys' } },
      headers: { Prefer: 'code=400, example=sha1Mismatch' },
      body: { file1: video },
      bodySerializer: file1('clip.mp4'),
    });
    await expect(unwrap(result)).rejects.toThrow(/sha1 mismatch/);
  });

  it('uploadFile() refuses the URL the mock hands out: it expired in 2018, and nothing is posted', async () => {
    const events: LogEvent[] = [];
    const logged = createPStreamClient({ login, key, baseUrl, logger: (e) => events.push(e) });

    const error = await uploadFile(logged, new File([video], 'clip.mp4'), { sha1: true }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UploadUrlExpiredError);
    expect(events.filter((e) => e.type === 'response').map((e) => `${e.method} ${new URL(e.url).pathname}`)).toEqual([
      'GET /file/ul',
    ]);
  });
});

describe('GET /remotedl/add (addRemoteUpload)', () => {
  it('queues a remote upload and returns its id', async () => {
    const { result } = await unwrap(
      client.GET('/remotedl/add', {
        params: { query: { url: 'https://example.com/video.mov', 'headers[]': ['Cookie: auth=9898;'] } },
      }),
    );
    expect(result).toEqual({ id: '12', folderid: '4248' });
  });

  it('rejects a url that is not a URL with 400', async () => {
    const { response } = await client.GET('/remotedl/add', { params: { query: { url: 'not a url' } } });
    expect(response.status).toBe(400);
  });
});

describe('GET /remotedl/status (getRemoteUploadStatus)', () => {
  it('returns remote uploads keyed by id, with the page’s type drift', async () => {
    const { result } = await unwrap(client.GET('/remotedl/status'));
    expect(Object.keys(result).sort()).toEqual(['20', '22', '24', '3']);
    expect(result['24']).toMatchObject({ id: 24, status: 'new', progress_percent: null, folderid: '4248' });
    expect(result['22']).toMatchObject({ status: 'downloading', progress_percent: '78.41' });
  });

  it('waitForRemoteUpload() resolves a finished upload with its link', async () => {
    const done = await waitForRemoteUpload(client, 20);
    expect(done).toMatchObject({
      status: 'finished',
      extid: 'ANAaeBZus-Q',
      url: 'https://www.pstream.net/v/ANAaeBZus-Q',
    });
  });

  it('waitForRemoteUpload() rejects a failed upload with PStream’s errormsg', async () => {
    const error = await waitForRemoteUpload(client, 3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PollFailedError);
    expect((error as Error).message).toContain('Invalid URL');
  });
});

describe('GET /file/listfolder (listFolder)', () => {
  it('returns sub-folders and videos', async () => {
    const { result } = await unwrap(client.GET('/file/listfolder'));
    expect(result.folders.map((f) => f.name)).toEqual(['My Great Folder', 'Other Folder']);
    expect(result.files.map((f) => f.linkextid)).toEqual(['VKrJd-A_vNmpP4L', 'C4f9cApMlcnJQ']);
  });
});

describe('GET /file/createfolder (createFolder)', () => {
  it('returns the new folder id', async () => {
    const { result } = await unwrap(client.GET('/file/createfolder', { params: { query: { name: 'MyFolderBoi' } } }));
    expect(result).toEqual({ folderid: 35678 });
  });
});

describe('folder and video changes (renameFolder, deleteFolder, renameFile, moveFile, deleteFile)', () => {
  it.each([
    'GET /file/renamefolder',
    'GET /file/deletefolder',
    'GET /file/rename',
    'GET /file/move',
    'GET /file/delete',
  ])('%s returns result true', async (name) => {
    const result = await operations[name]?.(client);
    expect(await result?.response.json()).toEqual({ status: 200, msg: 'OK', result: true });
  });
});

describe('GET /file/converts (listConversions)', () => {
  it('returns the conversion jobs', async () => {
    const { result } = await unwrap(client.GET('/file/converts'));
    expect(result[0]).toMatchObject({ name: 'MyOldCamera.avi', id: '451984984', progress: 57, retries: '0' });
  });
});
