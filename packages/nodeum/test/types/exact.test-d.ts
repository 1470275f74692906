/**
 * Exact calls, compiled by `typecheck` and never run: each `@ts-expect-error` follows a correct
 * twin of the same call, so the directive proves that one mistake is rejected. A cloud connector
 * is a flat object: there is no nested key to misspell.
 */
import { createNodeumClient, type NodeumClient } from '../../src/index.js';

export async function bodies(client: NodeumClient): Promise<void> {
  await client.POST('/cloud_connectors', { body: { name: 'archive', provider: 'amazon_aws_s3', region: 'eu-west-1' } });
  // @ts-expect-error a misspelled optional body field next to valid ones
  await client.POST('/cloud_connectors', { body: { name: 'archive', provider: 'amazon_aws_s3', regoin: 'eu-west-1' } });
  const all = {
    name: 'archive',
    url: 'https://s3.example.com',
    url_proxy: 'http://proxy:3128',
    provider: 'generic_s3',
    region: 'eu-west-1',
    access_key: 'a',
    secret_key: 's',
    options: '',
  } as const;
  await client.PUT('/cloud_connectors/-/test', { body: all });
  // @ts-expect-error an unknown body field next to all the others
  await client.PUT('/cloud_connectors/-/test', { body: { ...all, bucket: 'b' } });
  // @ts-expect-error a body field of the wrong type (one of the providers)
  await client.POST('/cloud_connectors', { body: { name: 'archive', provider: 's3' } });
}

export async function params(client: NodeumClient): Promise<void> {
  await client.GET('/cloud_connectors', { params: { query: { limit: 10, offset: 20 } } });
  // @ts-expect-error an unknown query parameter next to valid ones
  await client.GET('/cloud_connectors', { params: { query: { limit: 10, color: 'red' } } });
  // @ts-expect-error a query parameter of the wrong type (a number)
  await client.GET('/cloud_connectors', { params: { query: { limit: 'ten' } } });
  await client.GET('/cloud_connectors/{cloud_connector_id}', { params: { path: { cloud_connector_id: 'archive' } } });
  await client.DELETE('/cloud_connectors/{cloud_connector_id}', {
    // @ts-expect-error an unknown path parameter next to the valid one
    params: { path: { cloud_connector_id: 'archive', id: 3 } },
  });
  // @ts-expect-error an unknown header parameter (the operation has none)
  await client.GET('/cloud_connectors', { params: { header: { 'X-Request-Id': '1' } } });
  // @ts-expect-error a misspelled parameter group
  await client.GET('/cloud_connectors/-/test', { params: { queries: { job_id: 'j' } } });
  await client.GET('/cloud_connectors/-/test', { params: { query: { job_id: 'j' } } });
}

export async function options(client: NodeumClient): Promise<void> {
  await client.GET('/cloud_connectors', { redirect: 'error' });
  // @ts-expect-error a misspelled init option
  await client.GET('/cloud_connectors', { redirects: 'error' });
}

export async function pathsAndMethods(): Promise<void> {
  const client = createNodeumClient({ baseUrl: 'https://nodeum.example.com/api/v2', apiKey: 'k' });
  await client.GET('/cloud_connectors');
  // @ts-expect-error a path the spec does not have
  await client.GET('/cloud_connector');
  // @ts-expect-error a method the path does not have
  await client.DELETE('/cloud_connectors');
}
