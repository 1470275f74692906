/**
 * Contract tests: every operation of specs/nodeum/openapi.yaml, called through the client
 * against a Prism mock of that spec (started by the package's vitest global setup).
 */
import { describe, expect, inject, it } from 'vitest';
import {
  AuthenticationError,
  type CloudConnector,
  createNodeumClient,
  filter,
  NotFoundError,
  PermissionDeniedError,
  paginateCloudConnectors,
  sortBy,
  testCloudConnector,
  UnprocessableEntityError,
  unwrap,
} from '../src/index.js';

const baseUrl = inject('mockUrl');
const client = createNodeumClient({ baseUrl, username: 'archivist', password: 'mock-password-4f2a' });
const keyClient = createNodeumClient({ baseUrl, apiKey: 'mock-api-key-9c3e' });

/** A fetch that drops the Authorization header: what a request without credentials looks like on the wire. */
const withoutCredentials: typeof fetch = (url, init) => {
  const headers = new Headers(init?.headers);
  headers.delete('authorization');
  return fetch(url, { ...init, headers });
};
const anonymous = createNodeumClient({ baseUrl, apiKey: 'mock-api-key-9c3e', fetch: withoutCredentials });

const connector: CloudConnector = {
  name: 'archive-s3',
  url: 'https://s3.eu-west-1.amazonaws.com',
  provider: 'amazon_aws_s3',
  region: 'eu-west-1',
  access_key: 'AKIAIOSFODNN7EXAMPLE',
  secret_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  options: 'use_path_request_style',
};
/** `minio` is not one of the nine providers. */
const unknownProvider = { ...connector, provider: 'minio' };
const byName = { path: { cloud_connector_id: 'archive-s3' } };

async function expectUnauthorized(result: Promise<{ response: Response; error?: unknown }>) {
  const settled = await result;
  expect(settled.response.status).toBe(401);
  // The mock names the credentials that were missing, in Nodeum's error format.
  expect(settled.error).toEqual({ messages: [expect.stringContaining('Authorization header')] });
  await expect(unwrap(settled)).rejects.toBeInstanceOf(AuthenticationError);
}

describe('GET /cloud_connectors (listCloudConnectors)', () => {
  it('returns a page of connectors with their count, without secret keys', async () => {
    const { data, error, response } = await client.GET('/cloud_connectors', {
      params: { query: { limit: 20, offset: 0 } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.count).toBe(2);
    expect(data?.cloud_connectors.map((c) => c.provider)).toEqual(['amazon_aws_s3', 'wasabi']);
    expect(data?.cloud_connectors.every((c) => c.secret_key === undefined)).toBe(true);
  });

  it('serves secret keys in the get_secret_key example, to an API key client', async () => {
    const data = await unwrap(keyClient.GET('/cloud_connectors', { headers: { Prefer: 'example=withSecretKey' } }));
    expect(data.cloud_connectors[0]?.secret_key).toEqual(expect.any(String));
  });

  it('accepts sortBy() and filter values: the mock parses sort_by as an array of valid keys', async () => {
    const { response } = await client.GET('/cloud_connectors', {
      params: {
        query: {
          sort_by: sortBy(['name', 'asc'], ['id', 'desc']),
          provider: filter.in(['amazon_aws_s3', 'wasabi']),
          name: filter.like('arch%'),
          id: filter.gte(3),
        },
      },
    });
    // Prism checks each sort_by item against `^[a-z_]+(:(asc|desc))?$`: a wrongly joined value fails it.
    expect(response.status).toBe(200);
    expect(response.headers.get('sl-violations')).toBeNull();
  });

  it('walks every connector with paginateCloudConnectors', async () => {
    const all = await paginateCloudConnectors(client, { limit: 2 }).toArray();
    expect(all.map((c) => c.name)).toEqual(['archive-s3', 'wasabi-cold']);
  });

  it('answers 401 without credentials', () => expectUnauthorized(anonymous.GET('/cloud_connectors')));

  it('answers 403 when the API key lacks the scope', async () => {
    const result = await keyClient.GET('/cloud_connectors', { headers: { Prefer: 'code=403' } });
    expect(result.response.status).toBe(403);
    await expect(unwrap(result)).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});

describe('POST /cloud_connectors (createCloudConnector)', () => {
  it('creates a connector and returns it with its id', async () => {
    const { data, response } = await client.POST('/cloud_connectors', { body: connector });
    expect(response.status).toBe(201);
    expect(data).toMatchObject({ id: 3, name: 'archive-s3', provider: 'amazon_aws_s3' });
  });

  it('answers 422 with per-attribute details for an unknown provider', async () => {
    // @ts-expect-error: not one of the nine providers, so the types refuse it too
    const result = await client.POST('/cloud_connectors', { body: unknownProvider });
    expect(result.response.status).toBe(422);
    expect(result.error?.details?.provider).toEqual([{ error: 'invalid', value: 'minio' }]);
    const thrown = await unwrap(result).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(UnprocessableEntityError);
    expect(thrown).toMatchObject({ status: 422, method: 'POST', path: '/cloud_connectors' });
  });

  it('answers 401 without credentials', () =>
    expectUnauthorized(anonymous.POST('/cloud_connectors', { body: connector })));
});

describe('PUT /cloud_connectors/-/test (testCloudConnector)', () => {
  it('starts a test job and answers 202 with its status', async () => {
    const { data, response } = await client.PUT('/cloud_connectors/-/test', { body: connector });
    expect(response.status).toBe(202);
    expect(data).toEqual({ job_id: '6f4d759d-48e9-43c8-ab24-640f5ea63922', status: 'queued' });
  });

  it('answers 401 without credentials', () =>
    expectUnauthorized(anonymous.PUT('/cloud_connectors/-/test', { body: connector })));
});

describe('GET /cloud_connectors/-/test (getCloudConnectorTestResult)', () => {
  const params = { query: { job_id: '6f4d759d-48e9-43c8-ab24-640f5ea63922' } };

  it('answers 200 with the buckets of a completed job', async () => {
    const { data, response } = await client.GET('/cloud_connectors/-/test', { params });
    expect(response.status).toBe(200);
    expect(data && 'cloud_buckets' in data && data.cloud_buckets.map((b) => b.name)).toEqual([
      'media-archive',
      'media-proxies',
    ]);
  });

  it('answers 202 with the status of a running job', async () => {
    const { data, response } = await client.GET('/cloud_connectors/-/test', {
      params,
      headers: { Prefer: 'code=202, example=working' },
    });
    expect(response.status).toBe(202);
    expect(data).toMatchObject({ status: 'working', progress: 2, total: 6 });
  });

  it('answers 401 without credentials', () =>
    expectUnauthorized(anonymous.GET('/cloud_connectors/-/test', { params })));

  it('runs a whole test with testCloudConnector: start, poll, buckets', async () => {
    const progress: string[] = [];
    const buckets = await testCloudConnector(client, connector, {
      intervalMs: 0,
      onProgress: (job) => progress.push(job.status),
    });
    expect(buckets.map((b) => b.name)).toEqual(['media-archive', 'media-proxies']);
    expect(progress).toEqual(['queued']);
  });
});

describe('GET /cloud_connectors/{cloud_connector_id} (getCloudConnector)', () => {
  it('returns the connector, by name or by numeric id', async () => {
    const named = await unwrap(client.GET('/cloud_connectors/{cloud_connector_id}', { params: byName }));
    expect(named).toMatchObject({ id: 3, name: 'archive-s3' });
    expect(named.secret_key).toBeUndefined();
    const numbered = await unwrap(
      keyClient.GET('/cloud_connectors/{cloud_connector_id}', { params: { path: { cloud_connector_id: '3' } } }),
    );
    expect(numbered.id).toBe(3);
  });

  it('answers 404 for an unknown connector, as a NotFoundError with the path template', async () => {
    const result = await client.GET('/cloud_connectors/{cloud_connector_id}', {
      params: { path: { cloud_connector_id: 'no-such-connector' } },
      headers: { Prefer: 'code=404' },
    });
    expect(result.response.status).toBe(404);
    const thrown = await unwrap(result).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(NotFoundError);
    expect(thrown).toMatchObject({
      status: 404,
      path: '/cloud_connectors/{cloud_connector_id}',
      body: { messages: ['Cloud connector not found'] },
    });
  });

  it('answers 401 without credentials', () =>
    expectUnauthorized(anonymous.GET('/cloud_connectors/{cloud_connector_id}', { params: byName })));
});

describe('PUT /cloud_connectors/{cloud_connector_id} (updateCloudConnector)', () => {
  it('updates the connector and returns it', async () => {
    const data = await unwrap(
      client.PUT('/cloud_connectors/{cloud_connector_id}', { params: byName, body: { region: 'eu-west-1' } }),
    );
    expect(data).toMatchObject({ id: 3, region: 'eu-west-1' });
  });

  it('answers 422 for an unknown provider', async () => {
    const result = await client.PUT('/cloud_connectors/{cloud_connector_id}', {
      params: byName,
      // @ts-expect-error: not one of the nine providers
      body: { provider: 'minio' },
    });
    expect(result.response.status).toBe(422);
    await expect(unwrap(result)).rejects.toBeInstanceOf(UnprocessableEntityError);
  });

  it('answers 404 for an unknown connector', async () => {
    const { error, response } = await client.PUT('/cloud_connectors/{cloud_connector_id}', {
      params: byName,
      body: { region: 'eu-west-1' },
      headers: { Prefer: 'code=404' },
    });
    expect(response.status).toBe(404);
    expect(error).toEqual({ messages: ['Cloud connector not found'] });
  });

  it('answers 401 without credentials', () =>
    expectUnauthorized(anonymous.PUT('/cloud_connectors/{cloud_connector_id}', { params: byName, body: {} })));
});

describe('DELETE /cloud_connectors/{cloud_connector_id} (deleteCloudConnector)', () => {
  it('answers 204 with no body', async () => {
    const { data, error, response } = await client.DELETE('/cloud_connectors/{cloud_connector_id}', {
      params: byName,
    });
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
    expect(error).toBeUndefined();
  });

  it('answers 404 for an unknown connector', async () => {
    const result = await client.DELETE('/cloud_connectors/{cloud_connector_id}', {
      params: byName,
      headers: { Prefer: 'code=404' },
    });
    expect(result.response.status).toBe(404);
    await expect(unwrap(result)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('answers 401 without credentials', () =>
    expectUnauthorized(anonymous.DELETE('/cloud_connectors/{cloud_connector_id}', { params: byName })));
});
