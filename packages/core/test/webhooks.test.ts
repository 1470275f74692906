/**
 * Webhook HMAC verification over the raw body, as a receiver gets it: each delivery is POSTed to
 * a real server and verified from the bytes and header it received. Expected signatures are
 * computed independently with node:crypto.
 */
import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  type HmacOptions,
  rawBodyBytes,
  rawBodyText,
  verifyHmacSignature,
  WebhookVerificationError,
} from '../src/index.js';
import { type RecordedRequest, startServer } from './support/server.js';

const SECRET = 'whsec+Sh4red/secret';
// Non-ASCII text, so that a verifier working on decoded characters instead of bytes would fail.
const PAYLOAD = JSON.stringify({ type: 'video.encoding.quality.completed', videoId: 'vi1', title: 'Café ☕ 雪' });

function sign(payload: string | Buffer, secret: string, algorithm: 'sha1' | 'sha256', encoding: 'hex' | 'base64') {
  return createHmac(algorithm, secret).update(payload).digest(encoding);
}

/** POSTs `payload` to a real server with the signature header, and returns what it received. */
async function deliver(payload: string, signature?: string): Promise<RecordedRequest> {
  const server = await startServer({ fallback: { status: 204 } });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== undefined) headers['x-signature'] = signature;
  const response = await fetch(`${server.url}/webhook`, { method: 'POST', headers, body: payload });
  expect(response.status).toBe(204);
  const received = server.requests[0];
  if (!received) throw new Error('the delivery did not arrive');
  return received;
}

function options(received: RecordedRequest, overrides: Partial<HmacOptions> = {}): HmacOptions {
  const header = received.headers['x-signature'];
  return {
    payload: new Uint8Array(received.body),
    signature: typeof header === 'string' ? header : undefined,
    secret: SECRET,
    algorithm: 'SHA-256',
    encoding: 'hex',
    header: 'X-Signature header',
    ...overrides,
  };
}

async function rejection(promise: Promise<void>): Promise<WebhookVerificationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return error as WebhookVerificationError;
}

describe('verifyHmacSignature: valid signatures', () => {
  it('accepts a SHA-256 hex signature of the raw body', async () => {
    const received = await deliver(PAYLOAD, sign(PAYLOAD, SECRET, 'sha256', 'hex'));

    await expect(verifyHmacSignature(options(received))).resolves.toBeUndefined();
  });

  it('accepts a SHA-256 hex signature in upper case, and the body given as text', async () => {
    const received = await deliver(PAYLOAD, sign(PAYLOAD, SECRET, 'sha256', 'hex').toUpperCase());

    await expect(
      verifyHmacSignature(options(received, { payload: rawBodyText(received.body) })),
    ).resolves.toBeUndefined();
  });

  it('accepts a SHA-1 base64 signature of the raw body', async () => {
    const received = await deliver(PAYLOAD, sign(PAYLOAD, SECRET, 'sha1', 'base64'));

    await expect(
      verifyHmacSignature(options(received, { algorithm: 'SHA-1', encoding: 'base64' })),
    ).resolves.toBeUndefined();
  });

  it('ignores whitespace around the header value', async () => {
    const received = await deliver(PAYLOAD, ` ${sign(PAYLOAD, SECRET, 'sha256', 'hex')} `);

    await expect(verifyHmacSignature(options(received))).resolves.toBeUndefined();
  });
});

describe('verifyHmacSignature: rejections', () => {
  it('rejects a tampered payload as a mismatch', async () => {
    const received = await deliver(PAYLOAD.replace('vi1', 'vi2'), sign(PAYLOAD, SECRET, 'sha256', 'hex'));

    const error = await rejection(verifyHmacSignature(options(received)));

    expect(error.reason).toBe('mismatch');
    expect(error.message).toBe('The X-Signature header does not match the payload');
  });

  it('rejects a signature made with another secret as a mismatch', async () => {
    const received = await deliver(PAYLOAD, sign(PAYLOAD, 'another+secret', 'sha1', 'base64'));

    const error = await rejection(verifyHmacSignature(options(received, { algorithm: 'SHA-1', encoding: 'base64' })));

    expect(error.reason).toBe('mismatch');
  });

  it('rejects a signature of a body that differs by one trailing space as a mismatch', async () => {
    const received = await deliver(PAYLOAD, sign(`${PAYLOAD} `, SECRET, 'sha256', 'hex'));

    expect((await rejection(verifyHmacSignature(options(received)))).reason).toBe('mismatch');
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['blank', '   '],
  ])('rejects a missing signature (%s)', async (_what, signature) => {
    const received = await deliver(PAYLOAD, signature);

    const error = await rejection(verifyHmacSignature(options(received)));

    expect(error.reason).toBe('missing-signature');
    expect(error.message).toBe('The X-Signature header is missing');
  });

  it('rejects null as a missing signature', async () => {
    const received = await deliver(PAYLOAD);

    expect((await rejection(verifyHmacSignature(options(received, { signature: null })))).reason).toBe(
      'missing-signature',
    );
  });

  it.each([
    ['a SHA-1 hex signature where SHA-256 is expected (wrong length)', sign(PAYLOAD, SECRET, 'sha1', 'hex')],
    ['non-hex characters', 'z'.repeat(64)],
    ['an odd number of hex digits', sign(PAYLOAD, SECRET, 'sha256', 'hex').slice(1)],
    ['a base64 signature', sign(PAYLOAD, SECRET, 'sha256', 'base64')],
    ['a prefixed signature', `sha256=${sign(PAYLOAD, SECRET, 'sha256', 'hex')}`],
  ])('rejects a malformed hex signature: %s', async (_what, signature) => {
    const received = await deliver(PAYLOAD, signature);

    const error = await rejection(verifyHmacSignature(options(received)));

    expect(error.reason).toBe('malformed-signature');
    expect(error.message).toBe('The X-Signature header is not a hex SHA-256 HMAC (32 bytes)');
  });

  it.each([
    ['a SHA-256 base64 signature where SHA-1 is expected (wrong length)', sign(PAYLOAD, SECRET, 'sha256', 'base64')],
    ['characters outside base64', `${sign(PAYLOAD, SECRET, 'sha1', 'base64').slice(0, -4)}!!!=`],
    ['a length that is not a multiple of 4', sign(PAYLOAD, SECRET, 'sha1', 'base64').replace(/=+$/, '')],
    ['a hex signature', sign(PAYLOAD, SECRET, 'sha1', 'hex')],
  ])('rejects a malformed base64 signature: %s', async (_what, signature) => {
    const received = await deliver(PAYLOAD, signature);

    const error = await rejection(verifyHmacSignature(options(received, { algorithm: 'SHA-1', encoding: 'base64' })));

    expect(error.reason).toBe('malformed-signature');
  });

  it('never shows the secret in an error', async () => {
    const received = await deliver(PAYLOAD, sign(PAYLOAD, 'wrong', 'sha256', 'hex'));

    const error = await rejection(verifyHmacSignature(options(received)));

    for (const text of [error.message, String(error), JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(encodeURIComponent(SECRET));
    }
  });

  it('rejects an empty secret as a programming error', async () => {
    const received = await deliver(PAYLOAD, sign(PAYLOAD, SECRET, 'sha256', 'hex'));

    await expect(verifyHmacSignature(options(received, { secret: '' }))).rejects.toBeInstanceOf(TypeError);
  });
});

describe('rawBodyText', () => {
  it('reads the raw body from a string, bytes or an ArrayBuffer', async () => {
    const received = await deliver(PAYLOAD);
    const bytes = new Uint8Array(received.body);

    expect(rawBodyText(PAYLOAD)).toBe(PAYLOAD);
    expect(rawBodyText(received.body)).toBe(PAYLOAD);
    expect(rawBodyText(bytes)).toBe(PAYLOAD);
    expect(rawBodyText(bytes.slice().buffer)).toBe(PAYLOAD);
  });
});

describe('the shape of what is verified', () => {
  it.each([
    ['a parsed object', JSON.parse(PAYLOAD), 'an object'],
    ['an array', [1, 2], 'an array'],
    ['a number', 42, 'number'],
    ['null', null, 'null'],
  ])('refuses %s as the payload with a TypeError', async (_what, payload, shape) => {
    const received = await deliver(PAYLOAD, sign(PAYLOAD, SECRET, 'sha256', 'hex'));

    const error = await verifyHmacSignature(options(received, { payload })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain(`got ${shape}`);
    expect(() => rawBodyBytes(payload)).toThrow(TypeError);
  });

  it('accepts a Buffer, a Uint8Array view into a larger buffer and an ArrayBuffer', async () => {
    const received = await deliver(PAYLOAD, sign(PAYLOAD, SECRET, 'sha256', 'hex'));
    const padded = Buffer.concat([Buffer.from('xx'), received.body, Buffer.from('yy')]);
    const view = new Uint8Array(padded.buffer, padded.byteOffset + 2, received.body.length);

    for (const payload of [received.body, view, view.slice().buffer]) {
      await expect(verifyHmacSignature(options(received, { payload }))).resolves.toBeUndefined();
    }
  });

  it('reports a signature header sent twice (an array) as malformed, not a crash', async () => {
    const signature = sign(PAYLOAD, SECRET, 'sha256', 'hex');
    const received = await deliver(PAYLOAD, signature);

    const error = await rejection(verifyHmacSignature(options(received, { signature: [signature, signature] })));

    expect(error.reason).toBe('malformed-signature');
    expect(error.message).toContain('sent 2 times');
  });
});
