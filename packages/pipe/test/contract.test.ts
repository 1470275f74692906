/**
 * Contract tests: every operation of specs/pipe/openapi.yaml, called through the client against
 * a Prism mock of that spec (started by the package's vitest global setup).
 */
import { describe, expect, inject, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  createPipeClient,
  NotFoundError,
  type PipeClient,
  unwrap,
} from '../src/index.js';

const baseUrl = inject('mockUrl');
const apiKey = 'mock-pipe-key-5d1e0b';
const client = createPipeClient({ apiKey, baseUrl });

/** A fetch that drops X-PIPE-AUTH: what a request without the key looks like on the wire. */
const withoutKey: typeof fetch = (url, init) => {
  const headers = new Headers(init?.headers);
  headers.delete('x-pipe-auth');
  return fetch(url, { ...init, headers });
};
const anonymous = createPipeClient({ apiKey, baseUrl, fetch: withoutKey });

type Init = { headers?: Record<string, string> };
type Result = { data?: unknown; error?: unknown; response: Response };

/** Every operation, called with a valid request; `init` adds headers such as `Prefer`. */
const operations: Array<[string, (c: PipeClient, init?: Init) => Promise<Result>]> = [
  ['GET /video/all', (c, init) => c.GET('/video/all', { ...init })],
  ['GET /video', (c, init) => c.GET('/video', { ...init })],
  ['GET /video/{id}', (c, init) => c.GET('/video/{id}', { params: { path: { id: 13360 } }, ...init })],
  ['DELETE /video/{id}', (c, init) => c.DELETE('/video/{id}', { params: { path: { id: 167841 } }, ...init })],
  ['GET /account', (c, init) => c.GET('/account', { ...init })],
  ['GET /environment', (c, init) => c.GET('/environment', { ...init })],
  ['GET /environment/{id}', (c, init) => c.GET('/environment/{id}', { params: { path: { id: 1537 } }, ...init })],
  ['GET /webhook', (c, init) => c.GET('/webhook', { ...init })],
  [
    'PUT /webhook/{id}',
    (c, init) => c.PUT('/webhook/{id}', { params: { path: { id: 69 } }, body: { active: '0' }, ...init }),
  ],
  ['GET /amazon', (c, init) => c.GET('/amazon', { ...init })],
  [
    'PUT /amazon/{id}',
    (c, init) => c.PUT('/amazon/{id}', { params: { path: { id: 69 } }, body: { amz_bucket: 'b' }, ...init }),
  ],
  ['GET /ftp', (c, init) => c.GET('/ftp', { ...init })],
  [
    'PUT /ftp/{id}',
    (c, init) => c.PUT('/ftp/{id}', { params: { path: { id: 69 } }, body: { ftp_port: '2121' }, ...init }),
  ],
  ['GET /dropbox', (c, init) => c.GET('/dropbox', { ...init })],
  [
    'PUT /dropbox/{id}',
    (c, init) => c.PUT('/dropbox/{id}', { params: { path: { id: 69 } }, body: { dbox_folder: 'f' }, ...init }),
  ],
];

describe.each(operations)('%s', (_name, call) => {
  it('answers 401 without the key, as an AuthenticationError', async () => {
    const result = await call(anonymous);
    expect(result.response.status).toBe(401);
    expect(result.error).toMatchObject({ status_code: 401, message: expect.stringContaining('X-PIPE-AUTH') });
    expect((result.error as { status: string }).status).not.toBe('OK');
    await expect(unwrap(result)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('answers 404 for an unknown id, as a NotFoundError', async () => {
    const result = await call(client, { headers: { Prefer: 'code=404' } });
    expect(result.response.status).toBe(404);
    expect(result.error).toMatchObject({ status_code: 404 });
    expect((result.error as { status: string }).status).not.toBe('OK');
    await expect(unwrap(result)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('GET /video/all (listVideos)', () => {
  it('returns every recording, strings as Pipe sends them', async () => {
    const { data, error, response } = await client.GET('/video/all');
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ status: 'OK', request_method: 'GET', total_videos: 35 });
    expect(data?.videos).toHaveLength(6);
    expect(data?.videos[0]).toMatchObject({ id: '60372', original_container: 'flv', converted: '1', mrt: null });
  });
});

describe('GET /video (listVideosShort)', () => {
  it('answers the same list as /video/all: the page marks `all` as optional', async () => {
    const { data, error, response } = await client.GET('/video');
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(data).toEqual(await unwrap(client.GET('/video/all')));
  });
});

describe('GET /video/{id} (getVideo)', () => {
  it('returns the recording as the single item of videos', async () => {
    const data = await unwrap(client.GET('/video/{id}', { params: { path: { id: 13360 } } }));
    expect(data.total_videos).toBe(1);
    expect(data.videos).toEqual([
      expect.objectContaining({ id: '13360', name: 'vs1458578985192_39', timezone: 'Europe/Bucharest' }),
    ]);
  });
});

describe('DELETE /video/{id} (deleteVideo)', () => {
  it('answers the success envelope', async () => {
    const data = await unwrap(client.DELETE('/video/{id}', { params: { path: { id: 167841 } } }));
    expect(data).toMatchObject({ status: 'OK', request_method: 'DELETE' });
  });
});

describe('GET /account (getAccount)', () => {
  it('returns the account as the single item of account_details', async () => {
    const data = await unwrap(client.GET('/account'));
    expect(data.account_details).toEqual([{ api_requests: '13', name: 'Gloria Foster', email: 'myAwesome@Email.com' }]);
  });
});

describe('GET /environment (listEnvironments)', () => {
  it('returns every environment', async () => {
    const data = await unwrap(client.GET('/environment'));
    expect(data.environment_details.map((e) => e.env_name)).toEqual([
      'Production',
      'Staging',
      'Development',
      'US regions',
    ]);
  });
});

describe('GET /environment/{id} (getEnvironment)', () => {
  it('returns the environment as the single item of environment_details', async () => {
    const data = await unwrap(client.GET('/environment/{id}', { params: { path: { id: 1537 } } }));
    expect(data.environment_details).toEqual([expect.objectContaining({ id: '1537', env_code: 'j2HCiP' })]);
  });
});

describe('GET /webhook (listWebhooks)', () => {
  it('returns every webhook with its event flags', async () => {
    const data = await unwrap(client.GET('/webhook'));
    expect(data.webhook_details[0]).toMatchObject({ id: '3157', webhook_recorded: '1', active: '1' });
  });
});

describe('GET /amazon (listAmazonCredentials)', () => {
  it('returns the S3 settings without any secret', async () => {
    const data = await unwrap(client.GET('/amazon'));
    expect(data.amazon_details[0]).toMatchObject({ id: '69', amz_bucket: 'my-pipe-recordings' });
    expect(data.amazon_details[0]).not.toHaveProperty('amz_secret');
  });
});

describe('GET /ftp (listFtpCredentials)', () => {
  it('returns the SFTP/FTP(S) settings without any password', async () => {
    const data = await unwrap(client.GET('/ftp'));
    expect(data.ftp_details[0]).toMatchObject({ id: '69', ftp_port: '21', sftp_port: '22' });
    expect(data.ftp_details[0]).not.toHaveProperty('ftp_password');
    expect(data.ftp_details[0]).not.toHaveProperty('sftp_password');
  });
});

describe('GET /dropbox (listDropboxCredentials)', () => {
  it('returns the Dropbox settings without the token', async () => {
    const data = await unwrap(client.GET('/dropbox'));
    expect(data.dropbox_details.map((d) => d.id)).toEqual(['5163', '5976']);
    expect(data.dropbox_details[0]).not.toHaveProperty('dbox_token');
  });
});

/** Expects the request to have been refused by validation: 400 with the error envelope. */
async function expectBadRequest(result: Promise<Result>) {
  const settled = await result;
  expect(settled.response.status).toBe(400);
  expect(settled.response.headers.get('sl-violations')).toBeTruthy();
  expect(settled.error).toMatchObject({ status_code: 400 });
  await expect(unwrap(settled)).rejects.toBeInstanceOf(BadRequestError);
}

describe('PUT /webhook/{id} (updateWebhook)', () => {
  const params = { path: { id: 69 } };

  it('updates every field of the page example', async () => {
    const data = await unwrap(
      client.PUT('/webhook/{id}', {
        params,
        body: {
          webhook: 'http://your-fancy-website.com/webhook',
          webhook_recorded: '0',
          webhook_converted: '1',
          webhook_copied_pipe_s3: '0',
          webhook_copied_s3: '0',
          webhook_copied_ftp: '0',
          webhook_copied_dbox: '0',
          active: '1',
        },
      }),
    );
    expect(data).toMatchObject({ status: 'OK', request_method: 'PUT' });
  });

  it('rejects an empty body with 400', () => expectBadRequest(client.PUT('/webhook/{id}', { params, body: {} })));

  it('rejects a flag sent as a number with 400', () =>
    // @ts-expect-error: flags are the strings "0" and "1"
    expectBadRequest(client.PUT('/webhook/{id}', { params, body: { active: 1 } })));
});

describe('PUT /amazon/{id} (updateAmazonCredentials)', () => {
  const params = { path: { id: 69 } };

  it('updates the key, secret, bucket and region', async () => {
    const data = await unwrap(
      client.PUT('/amazon/{id}', {
        params,
        body: { amz_key: 'AKIA0000', amz_secret: 's3cr3t', amz_bucket: 'TheBucket', amz_bucket_region: 'us-east-1' },
      }),
    );
    expect(data).toMatchObject({ status: 'OK', request_method: 'PUT' });
  });

  it('rejects an empty body with 400', () => expectBadRequest(client.PUT('/amazon/{id}', { params, body: {} })));

  it('rejects a bucket sent as a number with 400', () =>
    // @ts-expect-error: amz_bucket is a string
    expectBadRequest(client.PUT('/amazon/{id}', { params, body: { amz_bucket: 42 } })));
});

describe('PUT /ftp/{id} (updateFtpCredentials)', () => {
  const params = { path: { id: 69 } };

  it('updates the FTP and SFTP settings (the repaired page example)', async () => {
    const data = await unwrap(
      client.PUT('/ftp/{id}', {
        params,
        body: {
          ftp_host: 'FtpHost',
          ftp_port: '21',
          ftp_username: 'FtpUsername',
          ftp_password: 'FtpPass',
          ftp_dir: '/dir/to/saved_videos',
          sftp_host: 'SftpHost',
          sftp_port: '22',
          sftp_username: 'SftpUser',
          sftp_password: 'SftpPass',
          sftp_dir: '/dir/to/saved_videos',
        },
      }),
    );
    expect(data).toMatchObject({ status: 'OK', request_method: 'PUT' });
  });

  it('rejects an empty body with 400', () => expectBadRequest(client.PUT('/ftp/{id}', { params, body: {} })));

  it('rejects a port sent as a number with 400', () =>
    // @ts-expect-error: ports are strings, as Pipe sends them
    expectBadRequest(client.PUT('/ftp/{id}', { params, body: { ftp_port: 21 } })));
});

describe('PUT /dropbox/{id} (updateDropboxCredentials)', () => {
  const params = { path: { id: 69 } };

  it('updates the token and folder', async () => {
    const data = await unwrap(
      client.PUT('/dropbox/{id}', { params, body: { dbox_token: 'sl.dropbox-token', dbox_folder: 'recordings' } }),
    );
    expect(data).toMatchObject({ status: 'OK', request_method: 'PUT' });
  });

  it('rejects an empty body with 400', () => expectBadRequest(client.PUT('/dropbox/{id}', { params, body: {} })));

  it('rejects a folder sent as a list with 400', () =>
    // @ts-expect-error: dbox_folder is a string
    expectBadRequest(client.PUT('/dropbox/{id}', { params, body: { dbox_folder: ['recordings'] } })));
});
