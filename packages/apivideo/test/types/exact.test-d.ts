/**
 * Exact calls, compiled by `typecheck` and never run: each `@ts-expect-error` follows a correct
 * twin of the same call, so the directive proves that one mistake is rejected. The nested part of
 * api.video's bodies is the `events` array: its items are checked against the event names.
 */
import { type ApiVideoClient, createApiVideoClient } from '../../src/index.js';

export async function bodies(client: ApiVideoClient): Promise<void> {
  const body = { events: ['video.encoding.quality.completed' as const], url: 'https://example.com/hook' };
  await client.POST('/webhooks', { body });
  await client.POST('/webhooks', {
    body: { events: ['video.encoding.quality.completed'], url: 'https://example.com/h' },
  });
  await client.POST('/webhooks', {
    // @ts-expect-error an unknown body field next to all the required ones
    body: { events: ['video.source.recorded'], url: 'https://example.com/h', secret: 's' },
  });
  // @ts-expect-error a misspelled required body field
  await client.POST('/webhooks', { body: { events: ['video.source.recorded'], uri: 'https://example.com/h' } });
  // @ts-expect-error a misspelled item of a nested array
  await client.POST('/webhooks', { body: { events: ['video.source.recordd'], url: 'https://example.com/h' } });
  await client.POST('/auth/refresh', { body: { refreshToken: 'r' } });
  // @ts-expect-error a misspelled field of another body
  await client.POST('/auth/refresh', { body: { refresh_token: 'r' } });
}

export async function params(client: ApiVideoClient): Promise<void> {
  await client.GET('/webhooks', { params: { query: { pageSize: 25, currentPage: 2 } } });
  // @ts-expect-error a misspelled optional query parameter next to valid ones
  await client.GET('/webhooks', { params: { query: { pageSize: 25, curentPage: 2 } } });
  // @ts-expect-error a query parameter of the wrong type (a number)
  await client.GET('/webhooks', { params: { query: { pageSize: '25' } } });
  await client.GET('/webhooks/{webhookId}', { params: { path: { webhookId: 'w' } } });
  // @ts-expect-error an unknown path parameter next to a valid one
  await client.GET('/webhooks/{webhookId}', { params: { path: { webhookId: 'w', id: 'w' } } });
  // @ts-expect-error an unknown header parameter (the operation has none)
  await client.GET('/webhooks/{webhookId}', { params: { path: { webhookId: 'w' }, header: { 'X-Api-Key': 'k' } } });
  // @ts-expect-error a misspelled parameter group
  await client.GET('/webhooks/{webhookId}', { params: { pathParams: { webhookId: 'w' } } });
}

export async function options(client: ApiVideoClient): Promise<void> {
  await client.GET('/webhooks', { headers: { 'X-Trace': '1' } });
  // @ts-expect-error a misspelled init option
  await client.GET('/webhooks', { header: { 'X-Trace': '1' } });
}

export async function pathsAndMethods(): Promise<void> {
  const client = createApiVideoClient({ apiKey: 'k' });
  await client.GET('/webhooks');
  // @ts-expect-error a path the spec does not have
  await client.GET('/webhook');
  await client.DELETE('/webhooks/{webhookId}', { params: { path: { webhookId: 'w' } } });
  // @ts-expect-error a method the path does not have
  await client.PUT('/webhooks/{webhookId}', { params: { path: { webhookId: 'w' } } });
}
