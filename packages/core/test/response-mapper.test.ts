/**
 * The response mapper: APIs that report errors inside a 200 body (PStream: a numeric `status`
 * other than 200; Pipe: `status` other than "OK") get error results with the right status.
 * The rule is the provider's; the mechanism is core's.
 */
import { describe, expect, it } from 'vitest';
import { BadRequestError, PermissionDeniedError, type ResponseMapper, unwrap } from '../src/index.js';
import { testClient } from './support/api.js';
import { startServer } from './support/server.js';

/** PStream: `{ status, msg, result }`, where `status` is the real HTTP status. */
const pstream: ResponseMapper = ({ json }) => {
  const body = json() as { status?: unknown } | null;
  return typeof body?.status === 'number' && body.status !== 200 ? body.status : undefined;
};

/** Pipe: `{ status: "OK", data }` or `{ status: "ERROR", message }`. */
const pipe: ResponseMapper = ({ json }) => ((json() as { status?: unknown } | null)?.status !== 'OK' ? 400 : undefined);

describe('a PStream-style rule', () => {
  it('turns a 200 body with status 403 into an error result with status 403', async () => {
    const body = { status: 403, msg: 'forbidden', result: null };
    const server = await startServer({ fallback: { body } });
    const errorMessage = (error: unknown) => (error as { msg?: string } | null)?.msg;
    const { client } = testClient(server, { responseMapper: pstream, errorMessage });

    const result = await client.GET('/envelope');

    expect(result.data).toBeUndefined();
    expect(result.error).toEqual(body);
    expect(result.response.status).toBe(403);
    expect(result.response.ok).toBe(false);
    const error = await unwrap(result).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({ status: 403, httpStatus: 200, method: 'GET', path: '/envelope', body });
    expect((error as Error).message).toBe('GET /envelope failed with 403: forbidden');
    expect(server.requests).toHaveLength(1);
  });

  it('keeps a body with status 200 as data', async () => {
    const body = { status: 200, msg: 'ok', result: { id: 'f1' } };
    const server = await startServer({ fallback: { body } });
    const { client } = testClient(server, { responseMapper: pstream });

    const result = await client.GET('/envelope');

    expect(result.error).toBeUndefined();
    expect(result.data).toEqual(body);
    expect(result.response.status).toBe(200);
    await expect(unwrap(client.GET('/envelope'))).resolves.toEqual(body);
  });

  it('retries a status reported in the body like the same status on the wire', async () => {
    const server = await startServer();
    server.reply(
      { headers: { 'x-ratelimit-retry-after': '1' }, body: { status: 429, msg: 'slow down', result: null } },
      { body: { status: 200, msg: 'ok', result: 1 } },
    );
    const { client, clock } = testClient(server, { responseMapper: pstream });

    const data = await unwrap(client.GET('/envelope'));

    expect(data).toEqual({ status: 200, msg: 'ok', result: 1 });
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([1000]);
  });
});

describe('a Pipe-style rule (status !== "OK")', () => {
  it('keeps { status: "OK" } as data', async () => {
    const server = await startServer({ fallback: { body: { status: 'OK', result: { id: 'v1' } } } });
    const { client } = testClient(server, { responseMapper: pipe });

    await expect(unwrap(client.GET('/envelope'))).resolves.toEqual({ status: 'OK', result: { id: 'v1' } });
  });

  it('turns { status: "ERROR" } into an error result with the status the rule chose', async () => {
    const body = { status: 'ERROR', msg: 'invalid video id', result: null };
    const server = await startServer({ fallback: { body } });
    const { client } = testClient(server, { responseMapper: pipe });

    const result = await client.GET('/envelope');

    expect(result.response.status).toBe(400);
    expect(result.error).toEqual(body);
    await expect(unwrap(result)).rejects.toBeInstanceOf(BadRequestError);
    await expect(unwrap(result)).rejects.toMatchObject({ status: 400, httpStatus: 200 });
  });
});

describe('when the mapper is consulted', () => {
  it('for every 2xx body that parses as JSON, whatever its content type', async () => {
    const seen: number[] = [];
    const recording: ResponseMapper = (response) => {
      seen.push(response.status);
      return pstream(response);
    };
    const server = await startServer();
    server.reply(
      { status: 404, body: { status: 500, msg: 'not found' } },
      { headers: { 'content-type': 'text/plain' }, body: '{"status":500}' },
      { headers: { 'content-type': 'text/html' }, body: '\ufeff {"status":403,"msg":"denied"}' },
      { headers: { 'content-type': 'text/html' }, body: '<html>{"status":500}</html>' },
      { status: 201, body: { status: 409, msg: 'exists', result: null } },
    );
    const { client } = testClient(server, { responseMapper: recording, retry: false });

    const notFound = await client.GET('/envelope');
    const text = await client.GET('/envelope');
    const html = await client.GET('/envelope');
    const page = await client.GET('/envelope', { parseAs: 'text' });
    const created = await client.POST('/items', { body: { name: 'x' } });

    expect(notFound.response.status).toBe(404);
    expect(text.response.status).toBe(500);
    expect(text.error).toEqual({ status: 500 });
    expect(html.response.status).toBe(403);
    expect(page.response.status).toBe(200);
    expect(page.data).toBe('<html>{"status":500}</html>');
    expect(created.response.status).toBe(409);
    expect(seen).toEqual([200, 200, 201]);
  });

  it('ignores a result that is not an error status (2xx, 3xx, out of range, not an integer)', async () => {
    const server = await startServer({ fallback: { body: { status: 'whatever' } } });
    for (const mapped of [204, 302, 600, 99, 404.5]) {
      const { client } = testClient(server, { responseMapper: () => mapped });
      const result = await client.GET('/envelope');
      expect(result.response.status, String(mapped)).toBe(200);
      expect(result.data).toEqual({ status: 'whatever' });
    }
  });

  it('leaves a malformed body to be reported as an InvalidResponseError when it is read', async () => {
    const server = await startServer({
      fallback: { headers: { 'content-type': 'application/json' }, body: '{"status": 403,' },
    });
    const { client } = testClient(server, { responseMapper: pstream });

    await expect(client.GET('/envelope')).rejects.toMatchObject({ name: 'InvalidResponseError' });
  });
});
