/**
 * A small fake VALT appliance on a real local HTTP server: it issues tokens at `POST /login`,
 * checks `access_token` on every other call, and stores uploaded chunks the way the real API
 * expects them (consecutive `Content-Range`s, file in the `file` part). Tests inject failures
 * with `intercept`, which sees every request first and may answer it instead.
 */
import {
  filePart,
  type RecordedRequest,
  type Reply,
  startServer,
  type TestServer,
} from '@mediaspec/test-support/server';

export const USERNAME = 'operator';
export const PASSWORD = 'correct horse battery staple';
export const RECORD_ID = '6ecfe37c-a2e9-4f2d-b56e-847a4e730ed0';
export const VIDEO_ID = 'd6799d1c-8e0f-4dc6-9483-8f3545fc5ce5';
export const DOWNLOAD_PATH = `/records/download/${RECORD_ID}/${VIDEO_ID}`;
export const CHUNK_PATH = `/records/${RECORD_ID}/videos/${VIDEO_ID}`;

/** A chunk the fake accepted. */
export interface StoredChunk {
  contentRange: string;
  bytes: Buffer;
  filename: string;
}

export interface FakeValt extends TestServer {
  /** Tokens issued by `POST /login`, in order. */
  readonly tokens: string[];
  /** Chunks accepted, in order. */
  readonly chunks: StoredChunk[];
  /** The bytes of every chunk accepted, joined. */
  received(): Buffer;
  /** Makes every token issued so far invalid (as if they expired). */
  revokeTokens(): void;
  /** `METHOD /path` of every request, with the token used (`@token`) when there was one. */
  log(): string[];
}

export async function startFakeValt(
  intercept?: (request: RecordedRequest) => Reply | undefined | Promise<Reply | undefined>,
): Promise<FakeValt> {
  const tokens: string[] = [];
  const valid = new Set<string>();
  const chunks: StoredChunk[] = [];
  /** Where the next chunk of the current upload must start. */
  let nextByte = 0;
  const received = () => Buffer.concat(chunks.map((c) => c.bytes));

  async function answer(request: RecordedRequest): Promise<Reply> {
    const route = `${request.method} ${request.path}`;
    if (route === 'POST /login') {
      const { username, password } = JSON.parse(request.body.toString());
      if (username !== USERNAME || password !== PASSWORD) {
        return { status: 401, body: { data: 'Invalid username or password' } };
      }
      const token = `valt-token-${tokens.length + 1}`;
      tokens.push(token);
      valid.add(token);
      return { body: { data: { access_token: token } } };
    }
    const token = request.query.get('access_token');
    if (token === null) return { status: 401, body: { error: { code: 401, message: 'No API key provided' } } };
    if (!valid.has(token)) return { status: 401, body: { error: { code: 401, message: 'Bad credentials.' } } };
    if (route === 'POST /records/create-upload') {
      nextByte = 0;
      return { body: { id: RECORD_ID, videos: [VIDEO_ID] } };
    }
    if (route === `GET ${DOWNLOAD_PATH}`)
      return { body: { url: `https://valt.test:8000/distribution/${RECORD_ID}.mp4` } };
    if (route === `POST ${CHUNK_PATH}`) {
      const contentRange = String(request.headers['content-range']);
      const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(contentRange);
      const { bytes, filename } = await filePart(request);
      const [start, end, total] = (match?.slice(1) ?? []).map(Number);
      const consecutive = start === nextByte && end === start + bytes.length - 1 && end < (total ?? 0);
      if (!consecutive)
        return { status: 400, body: { title: 'An error occurred', status: 400, detail: 'Bad Request' } };
      chunks.push({ contentRange, bytes, filename });
      nextByte = (end ?? 0) + 1;
      return { status: 201 };
    }
    return { status: 404, body: { title: 'An error occurred', status: 404, detail: 'Not Found' } };
  }

  const server = await startServer(async (request) => (await intercept?.(request)) ?? answer(request));
  return {
    ...server,
    tokens,
    chunks,
    received,
    revokeTokens: () => valid.clear(),
    log: () =>
      server.requests.map((r) => {
        const token = r.query.get('access_token');
        return `${r.method} ${r.path}${token === null ? '' : ` @${token}`}`;
      }),
  };
}
