/**
 * Errors: HTTP failures stay `{ error, response }` values; `unwrap()` turns them into the
 * ApiError subclass of their status with everything needed to report them. Bodies that are not
 * the JSON promised become an InvalidResponseError, never a bare SyntaxError.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  InvalidResponseError,
  MediaspecError,
  NetworkError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  toApiError,
  UnprocessableEntityError,
  unwrap,
} from '../src/index.js';
import { testClient } from './support/api.js';
import { startServer } from './support/server.js';

const item = { id: '42', name: 'answer' };

describe('unwrap()', () => {
  it('returns the data of a successful call, from a promise or a settled result', async () => {
    const server = await startServer({ fallback: { body: item } });
    const { client } = testClient(server);

    await expect(unwrap(client.GET('/items/{id}', { params: { path: { id: '42' } } }))).resolves.toEqual(item);
    const settled = await client.GET('/items/{id}', { params: { path: { id: '42' } } });
    await expect(unwrap(settled)).resolves.toEqual(item);
  });

  it('throws an ApiError with status, method, path template, parsed body, request id and URL', async () => {
    const server = await startServer({
      fallback: {
        status: 404,
        headers: { 'x-request-id': 'req-123' },
        body: { message: 'no such item', code: 'E404' },
      },
    });
    const { client } = testClient(server, { retry: false });

    const result = await client.GET('/items/{id}', { params: { path: { id: '42' } } });
    expect(result.data).toBeUndefined();
    expect(result.error).toEqual({ message: 'no such item', code: 'E404' });
    const error = await unwrap(result).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(MediaspecError);
    const apiError = error as NotFoundError;
    expect(apiError.name).toBe('NotFoundError');
    expect(apiError.status).toBe(404);
    expect(apiError.method).toBe('GET');
    expect(apiError.path).toBe('/items/{id}');
    expect(apiError.url).toBe(`${server.url}/items/42`);
    expect(apiError.body).toEqual({ message: 'no such item', code: 'E404' });
    expect(apiError.requestId).toBe('req-123');
    expect(apiError.httpStatus).toBeUndefined();
    expect(apiError.message).toBe('GET /items/{id} failed with 404 Not Found: no such item');
  });

  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
  ] as const)('throws for %i the matching subclass', async (status, subclass) => {
    const server = await startServer({ fallback: { status, body: { title: 'it failed' } } });
    const { client } = testClient(server, { retry: false });

    const error = await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(subclass);
    expect((error as ApiError).status).toBe(status);
    expect((error as ApiError).message).toContain(': it failed');
  });

  it('throws the ApiError base class for a status without a subclass', async () => {
    const server = await startServer({ fallback: { status: 418, body: { message: 'teapot' } } });
    const { client } = testClient(server);

    const error = await unwrap(client.GET('/items')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).constructor).toBe(ApiError);
    expect((error as ApiError).name).toBe('ApiError');
    expect((error as ApiError).path).toBe('/items');
  });

  it('gives the path template of a POST and a text body as text', async () => {
    const server = await startServer({
      fallback: { status: 409, headers: { 'content-type': 'text/plain', 'request-id': 'r-9' }, body: 'already exists' },
    });
    const { client } = testClient(server);

    const error = (await unwrap(client.POST('/items', { body: { name: 'x' } })).catch((e: unknown) => e)) as ApiError;

    expect(error).toBeInstanceOf(ConflictError);
    expect(error.method).toBe('POST');
    expect(error.path).toBe('/items');
    expect(error.body).toBe('already exists');
    expect(error.requestId).toBe('r-9');
    expect(error.message).toBe('POST /items failed with 409 Conflict: already exists');
  });

  it('keeps long messages to one short line', async () => {
    const long = `line one\n${'x'.repeat(400)}`;
    const server = await startServer({ fallback: { status: 400, body: { message: long } } });
    const { client } = testClient(server);

    const error = (await unwrap(client.GET('/items')).catch((e: unknown) => e)) as ApiError;

    expect(error.message).not.toContain('\n');
    expect(error.message).toMatch(/^GET \/items failed with 400 Bad Request: line one x+\.\.\.$/);
    expect(error.body).toEqual({ message: long });
  });

  it('is what toApiError() builds from a failed result', async () => {
    const server = await startServer({ fallback: { status: 422, body: { detail: 'name is required' } } });
    const { client } = testClient(server);

    const result = await client.POST('/items', { body: { name: '' } });
    const error = toApiError(result);

    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error.message).toBe('POST /items failed with 422 Unprocessable Entity: name is required');
  });

  it('shows only its safe fields in JSON.stringify() and util.inspect()', async () => {
    const server = await startServer({
      fallback: { status: 404, headers: { 'x-request-id': 'req-1' }, body: { message: 'gone' } },
    });
    const { client } = testClient(server);

    const error = await unwrap(client.GET('/items/{id}', { params: { path: { id: '7' } } })).catch((e: unknown) => e);

    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'NotFoundError',
      message: 'GET /items/{id} failed with 404 Not Found: gone',
      status: 404,
      method: 'GET',
      path: '/items/{id}',
      url: `${server.url}/items/7`,
      body: { message: 'gone' },
      requestId: 'req-1',
    });
    const shown = inspect(error, { depth: 10 });
    expect(shown).toContain('NotFoundError: GET /items/{id} failed with 404 Not Found: gone');
    expect(shown).toContain('"requestId": "req-1"');
  });
});

describe('responses that are not the promised JSON', () => {
  it('turns malformed JSON in a 200 into an InvalidResponseError, not a SyntaxError, without retrying', async () => {
    const server = await startServer({
      fallback: { headers: { 'content-type': 'application/json' }, body: '{"id": "1", "name": ' },
    });
    const { client, clock } = testClient(server);

    const error = await client.GET('/items/{id}', { params: { path: { id: '1' } } }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toBeInstanceOf(MediaspecError);
    expect(error).not.toBeInstanceOf(SyntaxError);
    expect((error as Error).message).toBe(
      `GET ${server.url}/items/1 returned a body that is not valid JSON: "{\\"id\\": \\"1\\", \\"name\\":"`,
    );
    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('does the same for an HTML page served where JSON was expected', async () => {
    const html = `<html><body>${'Bad gateway '.repeat(20)}</body></html>`;
    const server = await startServer({ fallback: { headers: { 'content-type': 'text/html' }, body: html } });
    const { client } = testClient(server);

    const error = await client.GET('/items').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(/not valid JSON: "<html><body>Bad gateway .{60,}\.\.\."$/);
  });

  it('returns no data, and no error, for an empty 200 body', async () => {
    const server = await startServer({ fallback: { status: 200 } });
    const { client } = testClient(server);

    const result = await client.GET('/items');

    expect(result.response.status).toBe(200);
    expect(result.data).toBeUndefined();
    expect(result.error).toBeUndefined();
  });
});

describe('the error classes', () => {
  it('describe a network failure by its cause: name, message and low-level code', async () => {
    const server = await startServer({ fallback: { fault: 'reset' } });
    const { client } = testClient(server, { retry: false });

    const error = (await client.GET('/items').catch((e: unknown) => e)) as NetworkError;

    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toBeInstanceOf(MediaspecError);
    expect(error.name).toBe('NetworkError');
    expect(error.message).toBe(`GET ${server.url}/items failed after 1 attempt: ECONNRESET`);
    const json = JSON.parse(JSON.stringify(error));
    expect(json).toMatchObject({ name: 'NetworkError', method: 'GET', url: `${server.url}/items`, attempts: 1 });
    expect(json.cause).toMatchObject({ name: 'TypeError', code: 'ECONNRESET' });
    expect(json.cause.message).toContain('fetch failed');
    expect(json).not.toHaveProperty('stack');
  });
});

describe('ApiError messages', () => {
  it("summarizes the body with the client's errorMessage reader, else by its title, detail or message", async () => {
    const server = await startServer();
    // A provider's reader: this API lists its reasons in `messages`.
    const errorMessage = (body: unknown) => (body as { messages?: string[] } | null)?.messages?.join('; ');
    const { client } = testClient(server, { errorMessage });
    server.reply(
      { status: 422, body: { messages: ['Name is blank', 'Provider is invalid'], details: {} } },
      { status: 400, body: { title: 'An attribute is invalid.' } },
      { status: 404, body: { message: 'No such record' } },
    );
    const messages: string[] = [];
    for (let i = 0; i < 3; i++) {
      const error = await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } })).catch((e: unknown) => e);
      messages.push((error as ApiError).message);
    }
    expect(messages).toEqual([
      'GET /items/{id} failed with 422 Unprocessable Entity: Name is blank; Provider is invalid',
      'GET /items/{id} failed with 400 Bad Request: An attribute is invalid.',
      'GET /items/{id} failed with 404 Not Found: No such record',
    ]);
  });

  it("knows no provider's error shape: without a reader, other fields are not read", async () => {
    const server = await startServer();
    const { client } = testClient(server);
    server.reply({ status: 404, body: { error: { code: 404, message: 'No such record' } } });
    const error = await unwrap(client.GET('/items/{id}', { params: { path: { id: '1' } } })).catch((e: unknown) => e);
    expect((error as ApiError).message).toBe('GET /items/{id} failed with 404 Not Found');
    expect((error as ApiError).body).toEqual({ error: { code: 404, message: 'No such record' } });
  });
});
