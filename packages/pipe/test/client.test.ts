/**
 * The client against a real local server: the X-PIPE-AUTH header, the default server, Pipe's
 * envelope rule (a `status` other than "OK" is an error whatever the HTTP status), and no API
 * key in any error or log line.
 */
import { inspect } from 'node:util';
import { startServer } from '@mediaspec/test-support/server';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  createPipeClient,
  NotFoundError,
  PIPE_BASE_URL,
  unwrap,
} from '../src/index.js';

// Characters that URL encoding changes, so every written form of the key is searched for.
const apiKey = 'pipe+Key/With=Chars_91c2';

const envelope = (fields: Record<string, unknown>) => ({ message: 'Request failed', request_method: 'GET', ...fields });

describe('createPipeClient', () => {
  it('sends the key in X-PIPE-AUTH', async () => {
    const server = await startServer();
    server.reply({
      body: { status: 'OK', status_code: 200, message: 'ok', request_method: 'GET', account_details: [] },
    });
    const pipe = createPipeClient({ apiKey, baseUrl: server.url });
    await unwrap(pipe.GET('/account'));
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/account' });
    expect(server.requests[0]?.headers['x-pipe-auth']).toBe(apiKey);
  });

  it('defaults to https://api.addpipe.com', async () => {
    const server = await startServer();
    server.reply({ body: { status: 'OK', message: 'ok', request_method: 'GET', account_details: [] } });
    const requested: string[] = [];
    // Sends to the local server instead, after noting where the client meant to go.
    const toLocalServer: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      requested.push(url.href);
      return fetch(`${server.url}${url.pathname}${url.search}`, init);
    };
    await unwrap(createPipeClient({ apiKey, fetch: toLocalServer }).GET('/account'));
    expect(PIPE_BASE_URL).toBe('https://api.addpipe.com');
    expect(requested).toEqual(['https://api.addpipe.com/account']);
  });

  it('refuses bad options with a TypeError', () => {
    expect(() => createPipeClient(undefined as never)).toThrow(TypeError);
    expect(() => createPipeClient({} as never)).toThrow(/apiKey is required/);
    expect(() => createPipeClient({ apiKey: '' })).toThrow(/apiKey must be a non-empty string/);
    expect(() => createPipeClient({ apiKey, baseUrl: 'api.addpipe.com' })).toThrow(TypeError);
    expect(() => createPipeClient({ apiKey, timeoutMs: -1 })).toThrow(TypeError);
  });
});

describe('the envelope rule', () => {
  it.each([
    ['status_code 401', 401, envelope({ status: 'ERROR', status_code: 401 }), AuthenticationError],
    ['status_code 404', 404, envelope({ status: 'ERROR', status_code: 404 }), NotFoundError],
    ['status_code "404" (a string)', 404, envelope({ status: 'ERROR', status_code: '404' }), NotFoundError],
    ['no status_code', 400, envelope({ status: 'FAIL' }), BadRequestError],
    ['status_code 200 (not an error code)', 400, envelope({ status: 'ERROR', status_code: 200 }), BadRequestError],
  ])('reports an HTTP 200 with status other than "OK" and %s as %i', async (_name, status, body, ErrorClass) => {
    const server = await startServer();
    server.reply({ status: 200, body });
    const pipe = createPipeClient({ apiKey, baseUrl: server.url, retry: false });
    const result = await pipe.GET('/account');
    expect(result.data).toBeUndefined();
    expect(result.error).toEqual(body);
    expect(result.response.status).toBe(status);
    const thrown = await unwrap(result).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ErrorClass);
    expect(thrown).toMatchObject({ status, httpStatus: 200, method: 'GET', path: '/account' });
    expect((thrown as Error).message).toContain('Request failed');
  });

  it('keeps a success envelope as data', async () => {
    const server = await startServer();
    const body = { status: 'OK', status_code: 200, message: 'Request successful', request_method: 'GET' };
    server.reply({ body: { ...body, account_details: [{ api_requests: '1', name: 'A', email: 'a@b.c' }] } });
    const { data, error } = await createPipeClient({ apiKey, baseUrl: server.url }).GET('/account');
    expect(error).toBeUndefined();
    expect(data?.account_details[0]?.name).toBe('A');
  });

  it('leaves a JSON body without status alone', async () => {
    const server = await startServer();
    server.reply({ body: { note: 'not an envelope' } });
    const { data, error } = await createPipeClient({ apiKey, baseUrl: server.url }).DELETE('/video/{id}', {
      params: { path: { id: 1 } },
    });
    expect(error).toBeUndefined();
    expect(data).toEqual({ note: 'not an envelope' });
  });

  it('treats an empty 200 (as some writes answer) as a success without data', async () => {
    const server = await startServer();
    server.reply({ status: 200 });
    const { data, error, response } = await createPipeClient({ apiKey, baseUrl: server.url }).PUT('/dropbox/{id}', {
      params: { path: { id: 5163 } },
      body: { dbox_folder: 'recordings' },
    });
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expect(data).toBeUndefined();
    expect(server.requests[0]?.text).toBe('{"dbox_folder":"recordings"}');
  });

  it('keeps the HTTP status of a non-2xx response', async () => {
    const server = await startServer();
    server.reply({ status: 404, body: envelope({ status: 'ERROR', status_code: 401 }) });
    const result = await createPipeClient({ apiKey, baseUrl: server.url }).GET('/video/{id}', {
      params: { path: { id: 9 } },
    });
    expect(result.response.status).toBe(404);
    await expect(unwrap(result)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('retries an envelope 503 like an HTTP 503', async () => {
    const server = await startServer();
    server.reply(
      { body: envelope({ status: 'ERROR', status_code: 503 }) },
      { body: { status: 'OK', message: 'ok', request_method: 'GET', total_videos: 0, videos: [] } },
    );
    const pipe = createPipeClient({ apiKey, baseUrl: server.url, retry: { retries: 1, minDelayMs: 0, maxDelayMs: 0 } });
    const data = await unwrap(pipe.GET('/video/all'));
    expect(data.videos).toEqual([]);
    expect(server.requests).toHaveLength(2);
  });
});

describe('redaction', () => {
  it('never shows the API key, even when the server echoes it', async () => {
    const server = await startServer();
    server.reply({ body: envelope({ status: 'ERROR', status_code: 401, message: `Invalid API key ${apiKey}` }) });
    const logged: string[] = [];
    const pipe = createPipeClient({
      apiKey,
      baseUrl: server.url,
      logger: (event) => logged.push(JSON.stringify(event)),
    });
    const thrown = await unwrap(pipe.GET('/account')).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ApiError);
    const renderings = [(thrown as Error).message, String(thrown), JSON.stringify(thrown), inspect(thrown), ...logged];
    expect(logged.length).toBeGreaterThan(0);
    for (const text of renderings) {
      expect(text).not.toContain(apiKey);
      expect(text).not.toContain(encodeURIComponent(apiKey));
    }
    expect((thrown as ApiError).body).toMatchObject({ message: 'Invalid API key [REDACTED]' });
  });
});

describe('an error envelope served as text', () => {
  it('is an error whatever the content type says', async () => {
    const server = await startServer();
    // The test server sends a string body with no content type at all.
    server.reply({ body: JSON.stringify(envelope({ status: 'ERROR', status_code: 404, message: 'No such video' })) });
    const pipe = createPipeClient({ apiKey, baseUrl: server.url, retry: false });

    const error = await unwrap(pipe.GET('/account')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toContain('No such video');
  });
});
