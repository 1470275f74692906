/** Webhook verification, with signatures computed independently here with node:crypto. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  API_VIDEO_WEBHOOK_EVENTS,
  type ApiVideoWebhookEvent,
  parseApiVideoWebhook,
  verifyApiVideoWebhook,
  WebhookVerificationError,
} from '../src/index.js';

const secret = 'sig_sec_Abcd12348RLP7VPLi7nYVh';
const sign = (body: string, key = secret) => createHmac('sha256', key).update(body).digest('hex');

const samples: Record<ApiVideoWebhookEvent['type'], Record<string, unknown>> = {
  'video.encoding.quality.completed': { videoId: 'vi1', encoding: 'hls', quality: '720p' },
  'live-stream.broadcast.started': { liveStreamId: 'li1' },
  'live-stream.broadcast.ended': { liveStreamId: 'li1' },
  'video.source.recorded': { liveStreamId: 'li1', videoId: 'vi2' },
  'video.caption.generated': { videoId: 'vi1', captionId: 'ca1', generationMode: 'automatic', language: 'en' },
  'video.summary.generated': { videoId: 'vi1', summaryId: 'sm1' },
};

async function reason(promise: Promise<unknown>) {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return (error as WebhookVerificationError).reason;
}

describe('verifyApiVideoWebhook', () => {
  it.each(API_VIDEO_WEBHOOK_EVENTS)('verifies and types a %s delivery', async (type) => {
    const body = JSON.stringify({ type, emittedAt: '2024-08-14T10:02:11.044+00:00', ...samples[type] });
    const event = await verifyApiVideoWebhook({ body, signature: sign(body), secret });
    expect(event.type).toBe(type);
    expect(event).toEqual(JSON.parse(body));
  });

  it('narrows on type', async () => {
    const body = JSON.stringify({
      type: 'video.encoding.quality.completed',
      emittedAt: 'x',
      ...samples['video.encoding.quality.completed'],
    });
    const event = await verifyApiVideoWebhook({ body: new TextEncoder().encode(body), signature: sign(body), secret });
    if (event.type !== 'video.encoding.quality.completed') throw new Error('wrong type');
    expect(event.quality).toBe('720p');
  });

  it('accepts an uppercase hex signature', async () => {
    const body = JSON.stringify({ type: 'live-stream.broadcast.started', emittedAt: 'x', liveStreamId: 'li1' });
    await expect(verifyApiVideoWebhook({ body, signature: sign(body).toUpperCase(), secret })).resolves.toMatchObject({
      liveStreamId: 'li1',
    });
  });

  it('rejects a tampered body', async () => {
    const body = JSON.stringify({ type: 'live-stream.broadcast.started', emittedAt: 'x', liveStreamId: 'li1' });
    const tampered = body.replace('li1', 'li2');
    expect(await reason(verifyApiVideoWebhook({ body: tampered, signature: sign(body), secret }))).toBe('mismatch');
  });

  it('rejects a signature made with another secret', async () => {
    const body = JSON.stringify({ type: 'live-stream.broadcast.ended', emittedAt: 'x', liveStreamId: 'li1' });
    expect(await reason(verifyApiVideoWebhook({ body, signature: sign(body, 'other'), secret }))).toBe('mismatch');
  });

  it('rejects a missing or malformed signature', async () => {
    const body = '{}';
    expect(await reason(verifyApiVideoWebhook({ body, signature: undefined, secret }))).toBe('missing-signature');
    expect(await reason(verifyApiVideoWebhook({ body, signature: '', secret }))).toBe('missing-signature');
    expect(await reason(verifyApiVideoWebhook({ body, signature: 'zz', secret }))).toBe('malformed-signature');
    expect(await reason(verifyApiVideoWebhook({ body, signature: sign(body).slice(2), secret }))).toBe(
      'malformed-signature',
    );
  });

  it('rejects a correctly signed body that is not an api.video event', async () => {
    for (const body of ['not json', JSON.stringify({ type: 'video.deleted' }), 'null']) {
      expect(await reason(verifyApiVideoWebhook({ body, signature: sign(body), secret }))).toBe('malformed-payload');
    }
  });

  it('never puts the secret in an error message', async () => {
    const body = '{"type":"x"}';
    const error = await verifyApiVideoWebhook({ body, signature: sign(body, 'nope'), secret }).catch((e: unknown) => e);
    expect(String(error)).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
  });
});

describe('parseApiVideoWebhook', () => {
  it('parses without verifying', () => {
    const event = parseApiVideoWebhook(
      '{"type":"video.summary.generated","emittedAt":"x","videoId":"v","summaryId":"s"}',
    );
    expect(event.type).toBe('video.summary.generated');
  });
});

describe('the shape of the body and signature', () => {
  const body = JSON.stringify({
    type: 'video.source.recorded',
    emittedAt: '2024-08-14T10:02:11.044+00:00',
    liveStreamId: 'li1',
    videoId: 'vi2',
  });

  it('refuses a parsed object with a TypeError instead of checking an HMAC over nothing', async () => {
    const error = await verifyApiVideoWebhook({
      body: JSON.parse(body) as never,
      signature: sign(body),
      secret,
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/raw body .* got an object/);
    expect(() => parseApiVideoWebhook(JSON.parse(body) as never)).toThrow(TypeError);
  });

  it('accepts a Buffer and an ArrayBuffer, and reports an array signature as malformed', async () => {
    const bytes = Buffer.from(body);
    await expect(verifyApiVideoWebhook({ body: bytes, signature: sign(body), secret })).resolves.toMatchObject({
      videoId: 'vi2',
    });
    await expect(
      verifyApiVideoWebhook({ body: new Uint8Array(bytes).buffer, signature: sign(body), secret }),
    ).resolves.toMatchObject({ videoId: 'vi2' });
    expect(await reason(verifyApiVideoWebhook({ body, signature: [sign(body), 'x'], secret }))).toBe(
      'malformed-signature',
    );
  });
});
