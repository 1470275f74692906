/**
 * Webhook verification, with every signature computed independently here with node:crypto:
 * base64 HMAC-SHA1, keyed with the webhook key, over the configured URL followed by the JSON.
 */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { describe, expect, expectTypeOf, it, onTestFinished } from 'vitest';
import {
  PIPE_WEBHOOK_EVENTS,
  type PipeWebhookBody,
  type PipeWebhookEvent,
  type PipeWebhookEventOf,
  parsePipeWebhook,
  verifyPipeWebhook,
  WebhookVerificationError,
} from '../src/index.js';
import { events, videoConverted, videoCopiedS3, videoRecorded } from './fixtures/events.js';

const webhookKey = 'wHk+key/Pipe=7c41e0';
const url = 'https://example.com/hooks/pipe?env=prod';
const sign = (json: string, key = webhookKey, signedUrl = url) =>
  createHmac('sha1', key)
    .update(signedUrl + json)
    .digest('base64');
const form = (json: string) => new URLSearchParams({ payload: json }).toString();
const verify = (body: PipeWebhookBody, signature: string | null | undefined) =>
  verifyPipeWebhook({ body, signature, webhookKey, url });

async function reason(promise: Promise<unknown>) {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return (error as WebhookVerificationError).reason;
}

/** Reads a field only one event has: compiles only if `event` narrows on `event.event`. */
function detail(event: PipeWebhookEvent): string | undefined {
  switch (event.event) {
    case 'video_recorded':
      return event.data.cam_name;
    case 'video_converted':
      return event.data.orientation;
    case 'video_copied_pipe_s3':
      return event.data.cdn?.cdnRecordingUrl;
    case 'video_copied_ftp':
      return event.data.ftpUploadStatus;
    case 'video_copied_s3':
      return event.data.acl;
    case 'video_copied_dbox':
      return event.data.dboxUploadStatus;
  }
}

describe('verifyPipeWebhook', () => {
  it('lists every event of the union', () => {
    expectTypeOf<(typeof PIPE_WEBHOOK_EVENTS)[number]>().toEqualTypeOf<PipeWebhookEvent['event']>();
    expect(events.map((e) => e.event)).toEqual([...PIPE_WEBHOOK_EVENTS]);
  });

  it.each(events.map((e) => [e.event, e] as const))('verifies a JSON %s delivery and types it', async (name, sent) => {
    const json = JSON.stringify(sent);
    const event = await verify(json, sign(json));
    expect(event).toEqual(sent);
    expect(event.event).toBe(name);
    expect(event.data.id).toBe(13360);
    expect(detail(event)).toBeDefined();
  });

  it.each(events.map((e) => [e.event, e] as const))('verifies a form %s delivery', async (name, sent) => {
    const json = JSON.stringify(sent);
    const event = await verify(form(json), sign(json));
    expect(event).toEqual(sent);
    expect(event.event).toBe(name);
  });

  it('narrows each event to its own type', async () => {
    const json = JSON.stringify(videoCopiedS3);
    const event = await verify(json, sign(json));
    if (event.event !== 'video_copied_s3') throw new Error(`unexpected ${event.event}`);
    expectTypeOf(event).toEqualTypeOf<PipeWebhookEventOf<'video_copied_s3'>>();
    expectTypeOf(event.data.id).toEqualTypeOf<number>();
    expect(event.data.acl).toBe('public-read');
  });

  it('takes the body as a string, bytes or an ArrayBuffer', async () => {
    const json = JSON.stringify(videoConverted);
    const signature = sign(json);
    const bytes = new TextEncoder().encode(json);
    for (const body of [json, bytes, bytes.buffer, Buffer.from(form(json))]) {
      await expect(verify(body, signature)).resolves.toEqual(videoConverted);
    }
  });

  it('signs the JSON text exactly as sent, whitespace and key order included', async () => {
    const json = `{\n  "event": "video_recorded", "version": "1.0",\n  "data": ${JSON.stringify(videoRecorded.data)}\n}`;
    await expect(verify(json, sign(json))).resolves.toMatchObject({ event: 'video_recorded' });
    const reserialized = JSON.stringify(JSON.parse(json));
    expect(await reason(verify(reserialized, sign(json)))).toBe('mismatch');
  });

  it('rejects a tampered body', async () => {
    const json = JSON.stringify(videoRecorded);
    const tampered = json.replace('13360', '13361');
    expect(await reason(verify(tampered, sign(json)))).toBe('mismatch');
    expect(await reason(verify(form(tampered), sign(json)))).toBe('mismatch');
  });

  it('rejects a signature made for another URL', async () => {
    const json = JSON.stringify(videoRecorded);
    for (const other of ['https://example.com/hooks/pipe', 'http://example.com/hooks/pipe?env=prod', `${url}/`]) {
      expect(await reason(verify(json, sign(json, webhookKey, other)))).toBe('mismatch');
    }
  });

  it('rejects a signature made with another key', async () => {
    const json = JSON.stringify(videoRecorded);
    expect(await reason(verify(json, sign(json, 'another-key')))).toBe('mismatch');
  });

  it('rejects a missing signature', async () => {
    const json = JSON.stringify(videoRecorded);
    for (const signature of [undefined, null, '', '  ']) {
      expect(await reason(verify(json, signature))).toBe('missing-signature');
    }
  });

  it('rejects a signature that is not a base64 HMAC-SHA1', async () => {
    const json = JSON.stringify(videoRecorded);
    const hex = Buffer.from(sign(json), 'base64').toString('hex');
    const sha256 = createHmac('sha256', webhookKey).update(`${url}${json}`).digest('base64');
    for (const signature of [hex, sha256, 'not base64!']) {
      expect(await reason(verify(json, signature))).toBe('malformed-signature');
    }
  });

  it('rejects a signed body that is not a Pipe event', async () => {
    const bodies = [
      'not json',
      '{"version":"1.0","event":"video_transcoded","data":{}}',
      '{"version":"1.0","event":"video_recorded"}',
      '{"version":"1.0","event":"video_recorded","data":[]}',
    ];
    for (const json of bodies) {
      expect(await reason(verify(form(json), sign(json)))).toBe('malformed-payload');
    }
    expect(await reason(verify('video=1', sign('')))).toBe('malformed-payload');
  });

  it('refuses a parsed body, a missing key or a missing URL with a TypeError', async () => {
    const json = JSON.stringify(videoRecorded);
    const signature = sign(json);
    await expect(verifyPipeWebhook({ body: videoRecorded as never, signature, webhookKey, url })).rejects.toThrow(
      /raw body/,
    );
    await expect(verifyPipeWebhook({ body: json, signature, webhookKey: '', url })).rejects.toThrow(TypeError);
    await expect(verifyPipeWebhook({ body: json, signature, webhookKey, url: undefined as never })).rejects.toThrow(
      TypeError,
    );
  });

  it('never shows the webhook key in an error', async () => {
    const json = JSON.stringify(videoRecorded);
    const error = await verify(json, sign(`${json} `)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    for (const text of [(error as Error).message, String(error), JSON.stringify(error), inspect(error)]) {
      expect(text).not.toContain(webhookKey);
    }
  });
});

describe('parsePipeWebhook', () => {
  it('parses JSON and form deliveries without verifying them', () => {
    const json = JSON.stringify(videoConverted);
    expect(parsePipeWebhook(json)).toEqual(videoConverted);
    expect(parsePipeWebhook(form(json))).toEqual(videoConverted);
    expect(parsePipeWebhook(new TextEncoder().encode(json)).event).toBe('video_converted');
  });

  it('throws a WebhookVerificationError for a body that is not a Pipe event', () => {
    expect(() => parsePipeWebhook('payload=%7Bbroken')).toThrow(WebhookVerificationError);
    expect(() => parsePipeWebhook('{"event":"video_deleted","data":{}}')).toThrow(/Unknown Pipe event "video_deleted"/);
  });
});

describe('deliveries over HTTP', () => {
  /** A receiver as an application writes it: the raw body and header straight into verifyPipeWebhook. */
  async function startReceiver() {
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      try {
        const event = await verifyPipeWebhook({
          body: Buffer.concat(chunks),
          signature: req.headers['x-pipe-signature'] as string | undefined,
          webhookKey,
          url,
        });
        res.writeHead(200).end(event.event);
      } catch (error) {
        if (!(error instanceof WebhookVerificationError)) throw error;
        res.writeHead(400).end(error.reason);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/pipe?env=prod`;
  }

  async function deliver(target: string, contentType: string, body: string | Buffer, signature?: string) {
    const headers: Record<string, string> = { 'content-type': contentType };
    if (signature !== undefined) headers['x-pipe-signature'] = signature;
    const response = await fetch(target, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    return `${response.status} ${await response.text()}`;
  }

  it('accepts JSON and form deliveries and refuses forged ones', async () => {
    const target = await startReceiver();
    const json = JSON.stringify(videoRecorded);
    const formType = 'application/x-www-form-urlencoded';
    expect(await deliver(target, 'application/json', json, sign(json))).toBe('200 video_recorded');
    expect(await deliver(target, formType, form(json), sign(json))).toBe('200 video_recorded');
    expect(await deliver(target, 'application/json', json.replace('Default', 'Other'), sign(json))).toBe(
      '400 mismatch',
    );
    expect(await deliver(target, formType, form(json))).toBe('400 missing-signature');
  });

  it('verifies a JSON delivery over its raw bytes: a byte order mark, bytes that are not UTF-8', async () => {
    const target = await startReceiver();
    const json = JSON.stringify(videoRecorded);
    const signRaw = (raw: Buffer) =>
      createHmac('sha1', webhookKey)
        .update(Buffer.concat([Buffer.from(url), raw]))
        .digest('base64');
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]);
    // A Latin-1 "é" (byte 0xE9) inside a string value: not valid UTF-8.
    const at = json.indexOf('Default') + 1;
    const latin1 = Buffer.concat([Buffer.from(json.slice(0, at)), Buffer.from([0xe9]), Buffer.from(json.slice(at))]);

    expect(await deliver(target, 'application/json', withBom, signRaw(withBom))).toBe('200 video_recorded');
    expect(await deliver(target, 'application/json', latin1, signRaw(latin1))).toBe('200 video_recorded');
    expect(await deliver(target, 'application/json', latin1, signRaw(withBom))).toBe('400 mismatch');
  });
});

describe('the shape of the body and signature', () => {
  it('refuses a parsed object or array body with a TypeError, and an array signature as malformed', async () => {
    const json = JSON.stringify(videoRecorded);
    for (const body of [videoRecorded, [json]]) {
      const error = await verify(body as unknown as PipeWebhookBody, sign(json)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/raw body/);
    }
    const twice = verifyPipeWebhook({ body: json, signature: [sign(json), sign(json)], webhookKey, url });
    expect(await reason(twice)).toBe('malformed-signature');
  });
});
