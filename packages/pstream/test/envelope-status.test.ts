/**
 * PStream's body-status rule against a real server: a body `status` other than 200 is the
 * outcome, whatever the HTTP status says, for results, unwrap() and the retry rules alike.
 */

import { type Reply, startServer } from '@mediaspec/test-support/server';
import { describe, expect, it } from 'vitest';
import {
  type ApiError,
  BadRequestError,
  createPStreamClient,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  unwrap,
} from '../src/index.js';
import { ok } from './support/envelope.js';

const account = { extid: 'fnvjeof4815f', email: 'pascal@pstream.net', signup_at: '2018-01-07 17:59:31' };

async function clientAnswering(...replies: Reply[]) {
  const server = await startServer(() => replies.shift() ?? ok(account));
  const client = createPStreamClient({
    login: 'ef48eg456bpfkcn',
    key: 'gkNivz4f8d9v_-CI',
    baseUrl: server.url,
    retry: false,
  });
  return { server, client };
}

describe('the body status of a PStream envelope', () => {
  it('is the outcome of an HTTP 200: status 403 in the body is a 403 error', async () => {
    const { client } = await clientAnswering({ body: { status: 403, msg: 'Permission denied' } });

    const result = await client.GET('/account/info');

    expect(result.data).toBeUndefined();
    expect(result.error).toEqual({ status: 403, msg: 'Permission denied' });
    expect(result.response.status).toBe(403);
  });

  it('makes unwrap() throw the matching ApiError, naming the HTTP status the server sent', async () => {
    const { client } = await clientAnswering({ body: { status: 404, msg: 'Video not found' } });

    const thrown = await unwrap(client.GET('/file/getsplash', { params: { query: { file: 'Knvie_f9GWPF' } } })).catch(
      (e: unknown) => e,
    );

    expect(thrown).toBeInstanceOf(NotFoundError);
    expect(thrown).toMatchObject({ status: 404, httpStatus: 200, method: 'GET', path: '/file/getsplash' });
    expect((thrown as Error).message).toContain('Video not found');
  });

  it.each([
    [400, 'BadRequestError', BadRequestError],
    [403, 'PermissionDeniedError', PermissionDeniedError],
    [404, 'NotFoundError', NotFoundError],
    [500, 'InternalServerError', InternalServerError],
    [503, 'InternalServerError', InternalServerError],
  ])('maps body status %i to %s', async (status, _name, type) => {
    const { client } = await clientAnswering({ body: { status, msg: 'failed' } });

    await expect(unwrap(client.GET('/account/info'))).rejects.toBeInstanceOf(type);
  });

  it('reads a status sent as a string of digits', async () => {
    const { client } = await clientAnswering({ body: { status: '403', msg: 'Permission denied' } });

    await expect(unwrap(client.GET('/account/info'))).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it('keeps the HTTP status when the body says 200, and returns the data', async () => {
    const { client } = await clientAnswering(ok(account));

    const data = await unwrap(client.GET('/account/info'));

    expect(data).toEqual({ status: 200, msg: 'OK', result: account });
  });

  it('ignores the per-video statuses inside file/info: the reply itself succeeded', async () => {
    const missing = { id: 'gone', status: 404, name: false, size: false, sha1: false, content_type: false };
    const { client } = await clientAnswering(ok({ gone: missing }));

    const data = await unwrap(client.GET('/file/info', { params: { query: { file: ['gone'] } } }));

    expect(data.result.gone?.status).toBe(404);
  });

  it('keeps an HTTP error status as it is', async () => {
    const { client } = await clientAnswering({ status: 404, body: { status: 404, msg: 'Video not found' } });

    const thrown = await unwrap(client.GET('/account/info')).catch((e: unknown) => e);

    expect(thrown).toBeInstanceOf(NotFoundError);
    expect((thrown as ApiError).httpStatus).toBeUndefined();
  });

  it('drives the retry rules: a GET answered 200 with body status 500 is retried', async () => {
    const replies: Reply[] = [{ body: { status: 500, msg: 'Internal error' } }, ok(account)];
    const server = await startServer(() => replies.shift() ?? ok(account));
    const client = createPStreamClient({
      login: 'ef48eg456bpfkcn',
      key: 'gkNivz4f8d9v_-CI',
      baseUrl: server.url,
      retry: { retries: 1, minDelayMs: 0, maxDelayMs: 0 },
    });

    const data = await unwrap(client.GET('/account/info'));

    expect(data.result).toEqual(account);
    expect(server.requests).toHaveLength(2);
  });
});

describe('an envelope served with another content type', () => {
  it.each(['text/html; charset=UTF-8', 'text/plain'])('is read as JSON when served as %s', async (type) => {
    const { client } = await clientAnswering({
      headers: { 'content-type': type },
      body: JSON.stringify({ status: 403, msg: 'Permission denied' }),
    });

    const error = await unwrap(client.GET('/account/info')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as ApiError).body).toEqual({ status: 403, msg: 'Permission denied' });
  });

  it('leaves an HTML page that is not JSON as it is', async () => {
    const { client } = await clientAnswering({
      headers: { 'content-type': 'text/html' },
      body: '<html>maintenance</html>',
    });

    const result = await client.GET('/account/info', { parseAs: 'text' });

    expect(result.response.status).toBe(200);
    expect(result.data).toBe('<html>maintenance</html>');
  });
});
