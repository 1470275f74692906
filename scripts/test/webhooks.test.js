// @ts-check
/**
 * `pnpm webhooks`: every event of every provider whose spec has webhooks is sent to a real local
 * receiver, as JSON and (where the spec allows it) as a form, and what arrives is verified with
 * the built package's own helper and validated against the spec's schema for that delivery. A
 * tampered delivery must be rejected. The command line is run as a user runs it, against
 * receivers that accept, refuse, hang or are not there, and against examples/webhook-receiver.js.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { parse, stringify } from 'yaml';
import { providers, root } from '../lib/registry.js';
import { signerFor } from '../lib/webhook-signers.js';
import { FORM_TYPE, findWebhookEvent, JSON_TYPE, loadWebhookSpec, schemaValidator } from '../lib/webhook-spec.js';
import { buildDelivery, DEFAULT_SECRET, sendDelivery } from '../lib/webhook-trigger.js';

/** @typedef {import('../lib/webhook-spec.js').WebhookEvent} WebhookEvent */
/** @typedef {{ path: string, headers: import('node:http').IncomingHttpHeaders, body: Buffer }} Received */

const SECRET = 'receiver-test-secret';
const TIMEOUT_MS = 30_000;

/** @type {Received[]} */
const received = [];
/** @type {import('node:http').Server} */
let receiver;
/** @type {string} */
let base;
/** @type {Set<import('node:net').Socket>} */
const sockets = new Set();

/** Providers whose spec has webhooks, with their events and built package. */
/** @type {{ provider: import('../lib/registry.js').Provider, events: WebhookEvent[], pkg: any }[]} */
const senders = [];

before(async () => {
  receiver = createServer((request, response) => {
    /** @type {Buffer[]} */
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks) });
      if (path === '/hang') return; // never answers: the trigger's timeout must end the wait
      if (path === '/refuse') {
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end('{"error":"bad signature"}');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(`got it ${received.length}`);
    });
  });
  receiver.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (receiver.address());
  base = `http://127.0.0.1:${address.port}`;

  for (const provider of providers) {
    const { events } = await loadWebhookSpec(provider);
    if (events.length === 0) continue;
    const entry = join(provider.packageDir, 'dist', 'index.js');
    assert.ok(existsSync(entry), `${provider.package} is not built: ${entry} is missing (turbo builds it first)`);
    senders.push({ provider, events, pkg: await import(pathToFileURL(entry).href) });
  }
});

after(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => receiver.close(() => resolve(undefined)));
});

/**
 * The last request the receiver got.
 * @returns {Received}
 */
function last() {
  const request = received.at(-1);
  assert.ok(request, 'the receiver got nothing');
  return request;
}

/**
 * Checks one received delivery as a receiver would: the package's helper verifies it, and the
 * body validates against the spec's schema for that delivery format.
 * @param {{ provider: import('../lib/registry.js').Provider, pkg: any }} sender
 * @param {WebhookEvent} event
 * @param {Received} request
 * @param {string} signedUrl
 */
async function checkReceived(sender, event, request, signedUrl) {
  const signer = signerFor(event.headers.map((h) => h.name));
  assert.ok(signer, `no signer for ${event.name}`);
  const headers = Object.fromEntries(
    event.headers.map((h) => [h.name, /** @type {string} */ (request.headers[h.name.toLowerCase()])]),
  );
  for (const header of event.headers.filter((h) => h.required)) {
    assert.ok(headers[header.name], `${event.name}: the ${header.name} header the spec requires is missing`);
  }
  const contentType = String(request.headers['content-type']);
  const verified = await signer.verify(sender.pkg, {
    body: request.body.toString('utf8'),
    headers,
    secret: SECRET,
    signedUrl,
  });
  // The package's helper takes raw bytes too, as a framework hands them over.
  await signer.verify(sender.pkg, { body: new Uint8Array(request.body), headers, secret: SECRET, signedUrl });

  const at = `/webhooks/${event.name.replaceAll('/', '~1')}/post/requestBody/content/${contentType.replace('/', '~1')}/schema`;
  const text = request.body.toString('utf8');
  /** @type {unknown} */
  let payload;
  if (contentType === FORM_TYPE) {
    const form = Object.fromEntries(new URLSearchParams(text));
    assert.deepEqual(await (await schemaValidator(sender.provider, at))(form), [], `${event.name}: form body`);
    payload = JSON.parse(form.payload);
    const inner = await schemaValidator(sender.provider, `${at}/properties/payload/contentSchema`);
    assert.deepEqual(inner(payload), [], `${event.name}: the payload of the form`);
  } else {
    assert.equal(contentType, JSON_TYPE);
    payload = JSON.parse(text);
    assert.deepEqual(await (await schemaValidator(sender.provider, at))(payload), [], `${event.name}: JSON body`);
  }
  assert.deepEqual(verified, payload, 'the helper returns the event that was sent');
  return payload;
}

describe('every event of every provider with webhooks', () => {
  test('the specs with webhooks are Pipe and api.video, and list the events their packages know', () => {
    assert.deepEqual(senders.map((s) => s.provider.id).sort(), ['apivideo', 'pipe']);
    const known = { pipe: 'PIPE_WEBHOOK_EVENTS', apivideo: 'API_VIDEO_WEBHOOK_EVENTS' };
    for (const { provider, events, pkg } of senders) {
      const constant = known[/** @type {keyof typeof known} */ (provider.id)];
      assert.deepEqual(
        events.map((e) => e.name).sort(),
        [...pkg[constant]].sort(),
        `${provider.spec} and ${provider.package}'s ${constant}`,
      );
    }
  });

  test('each example, as JSON and as a form where the spec has one, arrives signed, verifies and matches its schema', async () => {
    let sent = 0;
    let forms = 0;
    for (const sender of senders) {
      for (const event of sender.events) {
        assert.ok(event.examples.size > 0, `${event.name} has no example`);
        for (const example of event.examples.keys()) {
          for (const type of event.mediaTypes) {
            const form = type === FORM_TYPE;
            const url = `${base}/ok/${sender.provider.id}/${event.name}`;
            const delivery = await buildDelivery(event, { url, secret: SECRET, example, form });
            const answer = await sendDelivery(delivery, { timeoutMs: TIMEOUT_MS });
            assert.equal(answer.status, 200);
            assert.equal(answer.body, `got it ${received.length}`);
            const request = last();
            assert.equal(request.path, `/ok/${sender.provider.id}/${event.name}`);
            const payload = await checkReceived(sender, event, request, url);
            assert.deepEqual(payload, event.examples.get(example), `${event.name}: the spec's example "${example}"`);
            sent++;
            if (form) forms++;
          }
        }
      }
    }
    const events = senders.reduce((n, s) => n + s.events.length, 0);
    assert.ok(sent >= events, `${sent} deliveries for ${events} events`);
    assert.ok(
      forms >= (senders.find((s) => s.provider.id === 'pipe')?.events.length ?? 1),
      'every Pipe event as a form',
    );
  });

  test('events generated from their schemas (--dynamic) verify and match them too', async () => {
    for (const sender of senders) {
      for (const event of sender.events) {
        for (const form of event.mediaTypes.map((type) => type === FORM_TYPE)) {
          const url = `${base}/ok/dynamic`;
          const delivery = await buildDelivery(event, { url, secret: SECRET, dynamic: true, seed: event.name, form });
          await sendDelivery(delivery, { timeoutMs: TIMEOUT_MS });
          const payload = await checkReceived(sender, event, last(), url);
          assert.notDeepEqual(payload, event.examples.get([...event.examples.keys()][0]), 'generated, not the example');
        }
      }
    }
  });

  test('a tampered delivery is rejected by the package', async () => {
    for (const sender of senders) {
      for (const event of sender.events) {
        for (const form of event.mediaTypes.map((type) => type === FORM_TYPE)) {
          const url = `${base}/ok/tamper`;
          const delivery = await buildDelivery(event, { url, secret: SECRET, form });
          await sendDelivery(delivery, { timeoutMs: TIMEOUT_MS });
          const request = last();
          const headers = Object.fromEntries(
            event.headers.map((h) => [h.name, /** @type {string} */ (request.headers[h.name.toLowerCase()])]),
          );
          const signer = /** @type {import('../lib/webhook-signers.js').Signer} */ (signerFor(Object.keys(headers)));
          const body = request.body.toString('utf8');
          // One digit of the event changed (an id, a date), sent in the same format.
          const json = form ? String(new URLSearchParams(body).get('payload')) : body;
          const changed = json.replace(/\d(?=\D*$)/, (digit) => String((Number(digit) + 1) % 10));
          assert.notEqual(changed, json);
          const tampered = form ? new URLSearchParams({ payload: changed }).toString() : changed;
          await assert.rejects(signer.verify(sender.pkg, { body: tampered, headers, secret: SECRET, signedUrl: url }), {
            name: 'WebhookVerificationError',
            reason: 'mismatch',
          });
          await assert.rejects(
            signer.verify(sender.pkg, { body, headers, secret: `${SECRET}x`, signedUrl: url }),
            { name: 'WebhookVerificationError', reason: 'mismatch' },
            'another secret',
          );
          await assert.rejects(signer.verify(sender.pkg, { body, headers: {}, secret: SECRET, signedUrl: url }), {
            name: 'WebhookVerificationError',
            reason: 'missing-signature',
          });
        }
      }
    }
    // Pipe signs the URL too: the same delivery checked against another URL fails.
    const pipe = /** @type {(typeof senders)[number]} */ (senders.find((s) => s.provider.id === 'pipe'));
    const delivery = await buildDelivery(pipe.events[0], { url: `${base}/ok/url`, secret: SECRET });
    await assert.rejects(delivery.signer.verify(pipe.pkg, { ...delivery, signedUrl: `${base}/ok/other` }), {
      reason: 'mismatch',
    });
    // --signed-url: what the receiver is configured with, when it differs from where it is reached.
    const behindProxy = await buildDelivery(pipe.events[0], {
      url: `${base}/ok/url`,
      signedUrl: 'https://example.com/hooks/pipe',
      secret: SECRET,
    });
    await sendDelivery(behindProxy, { timeoutMs: TIMEOUT_MS });
    await checkReceived(pipe, pipe.events[0], last(), 'https://example.com/hooks/pipe');
  });
});

test('a change to a spec changes the trigger: events, schemas and what is said of retries are read from it', async () => {
  const pipe = /** @type {(typeof senders)[number]} */ (senders.find((s) => s.provider.id === 'pipe'));
  const document = parse(readFileSync(pipe.provider.specPath, 'utf8'));
  // An id that may be a string, and a word on retries where a failed delivery is described.
  document.components.schemas.WebhookEventData.properties.id = { type: ['integer', 'string'] };
  document.components.responses.DeliveryRejected.description +=
    ' Pipe retries a failed delivery 3 times, an hour apart.';
  const dir = mkdtempSync(join(tmpdir(), 'mediaspec-webhooks-'));
  try {
    const specPath = join(dir, 'openapi.yaml');
    writeFileSync(specPath, stringify(document));
    const provider = { ...pipe.provider, id: 'pipe-changed', spec: specPath, specPath };
    const { events } = await loadWebhookSpec(provider);
    const event = /** @type {WebhookEvent} */ (events.find((e) => e.name === 'video_copied_s3'));
    assert.deepEqual(event.retryNotes, ['Pipe retries a failed delivery 3 times, an hour apart.']);
    const url = `${base}/ok/changed`;
    const delivery = await buildDelivery(event, { url, secret: SECRET, sets: ['data.id=rec-123'] });
    await sendDelivery(delivery, { timeoutMs: TIMEOUT_MS });
    const verified = await pipe.pkg.verifyPipeWebhook({
      body: last().body,
      signature: last().headers['x-pipe-signature'],
      webhookKey: SECRET,
      url,
    });
    assert.equal(verified.data.id, 'rec-123');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('--set', () => {
  /** @param {string} providerId */
  const sender = (providerId) =>
    /** @type {(typeof senders)[number]} */ (senders.find((s) => s.provider.id === providerId));

  test('an override is applied, signed and still valid; a value the schema wants as a string stays one', async () => {
    const pipe = sender('pipe');
    const event = /** @type {WebhookEvent} */ (pipe.events.find((e) => e.name === 'video_converted'));
    const url = `${base}/ok/set`;
    const delivery = await buildDelivery(event, {
      url,
      secret: SECRET,
      form: true,
      sets: ['data.id=123', 'data.width=1280', 'data.payload={"userId":7}', 'data.extra.note=hi'],
    });
    await sendDelivery(delivery, { timeoutMs: TIMEOUT_MS });
    const payload = /** @type {{ data: Record<string, unknown> }} */ (await checkReceived(pipe, event, last(), url));
    assert.equal(payload.data.id, 123);
    assert.equal(payload.data.width, '1280', 'the spec types width as a string');
    assert.equal(payload.data.payload, '{"userId":7}', 'the spec types payload as a string');
    assert.deepEqual(payload.data.extra, { note: 'hi' });
  });

  test('an override that breaks the schema is refused, naming the field', async () => {
    const pipe = sender('pipe').events.find((e) => e.name === 'video_converted');
    const apivideo = sender('apivideo').events.find((e) => e.name === 'video.encoding.quality.completed');
    const url = `${base}/ok/refused`;
    const count = received.length;
    await assert.rejects(buildDelivery(/** @type {WebhookEvent} */ (pipe), { url, sets: ['event=video_nope'] }), {
      name: 'UsageError',
      message: /--set event=video_nope is refused: event must be "video_converted"/,
    });
    await assert.rejects(buildDelivery(/** @type {WebhookEvent} */ (pipe), { url, sets: ['data.size=big'] }), {
      message: /refused: data\.size must match pattern/,
    });
    await assert.rejects(buildDelivery(/** @type {WebhookEvent} */ (apivideo), { url, sets: ['encoding=webm'] }), {
      message: /refused: encoding must be one of "hls", "mp4"/,
    });
    await assert.rejects(
      buildDelivery(/** @type {WebhookEvent} */ (apivideo), { url, sets: ['emittedAt=yesterday'] }),
      {
        message: /refused: emittedAt must match format "date-time"/,
      },
    );
    await assert.rejects(buildDelivery(/** @type {WebhookEvent} */ (apivideo), { url, sets: ['videoId'] }), {
      message: /expected field\.path=value/,
    });
    assert.equal(received.length, count, 'nothing was sent');
  });
});

/**
 * Runs `node scripts/webhooks.js ...args` as a user would.
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string }>}
 */
function cli(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'webhooks.js'), ...args], {
      cwd: root,
      env: { ...process.env, WEBHOOK_SECRET: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the command line', () => {
  test('list prints every event from the specs', async () => {
    const { code, stdout } = await cli(['list']);
    assert.equal(code, 0);
    for (const { events } of senders) for (const event of events) assert.match(stdout, new RegExp(`${event.name} `));
    assert.match(stdout, /X-Pipe-Signature, base64 HMAC-SHA1/);
    assert.match(stdout, /X-Api-Video-Signature, lowercase hex HMAC-SHA256/);
    const none = await cli(['list', 'nodeum']);
    assert.equal(none.code, 0);
    assert.match(none.stdout, /Nodeum sends no webhooks/);
  });

  test('trigger prints the status, time and body of the answer', async () => {
    const url = `${base}/ok/cli`;
    const { code, stdout, stderr } = await cli(['trigger', 'pipe', 'video_recorded', '--url', url, '--form'], {
      WEBHOOK_SECRET: SECRET,
    });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^<- 200 OK in \d+(\.\d)? m?s$/m);
    assert.match(stdout, new RegExp(`^ {3}got it ${received.length}$`, 'm'));
    assert.match(stdout, /signed with the key in WEBHOOK_SECRET/);
    assert.doesNotMatch(stdout + stderr, new RegExp(SECRET), 'the secret is never printed');
    const pipe = /** @type {(typeof senders)[number]} */ (senders.find((s) => s.provider.id === 'pipe'));
    await checkReceived(pipe, pipe.events[0], last(), url);
  });

  test('the default key is the one the example receiver uses', async () => {
    const { code, stdout } = await cli(['trigger', 'apivideo', 'video.source.recorded', '--url', `${base}/ok/default`]);
    assert.equal(code, 0);
    assert.match(stdout, new RegExp(`default local key "${DEFAULT_SECRET}"`));
  });

  test('unknown provider, event or option, a form api.video does not send, a bad --set: exit 2 and what is known', async () => {
    const url = `${base}/ok/never`;
    const count = received.length;
    // One after another: each is a Node process, and other test tasks share the machine.
    const provider = await cli(['trigger', 'vimeo', 'video_recorded', '--url', url]);
    assert.equal(provider.code, 2);
    assert.match(provider.stderr, /Unknown provider "vimeo"\. Known providers: pipe, pstream, apivideo/);
    const event = await cli(['trigger', 'pipe', 'VIDEO_RECORDED', '--url', url]);
    assert.equal(event.code, 2);
    assert.match(event.stderr, /Pipe has no webhook event "VIDEO_RECORDED"\. Did you mean "video_recorded"\?/);
    const form = await cli(['trigger', 'apivideo', 'video.source.recorded', '--url', url, '--form']);
    assert.equal(form.code, 2);
    assert.match(form.stderr, /as application\/json only/);
    const badSet = await cli(['trigger', 'pipe', 'video_converted', '--url', url, '--set', 'data.size=1.5']);
    assert.equal(badSet.code, 2);
    assert.match(badSet.stderr, /--set data\.size=1\.5 is refused: data\.size must be integer/);
    const option = await cli(['trigger', 'pipe', 'video_recorded', '--url', url, '--retry']);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /Unknown option --retry/);
    const pstream = /** @type {import('../lib/registry.js').Provider} */ (providers.find((p) => p.id === 'pstream'));
    await assert.rejects(findWebhookEvent(pstream, 'file.uploaded'), { message: /PStream sends no webhooks/ });
    assert.equal(received.length, count, 'nothing was sent');
  });

  test('a receiver that answers outside 2xx: exit 1, its answer, and what the spec says the provider does', async () => {
    const apivideo = /** @type {(typeof senders)[number]} */ (senders.find((s) => s.provider.id === 'apivideo'));
    const event = apivideo.events[0];
    const { code, stdout, stderr } = await cli(['trigger', 'apivideo', event.name, '--url', `${base}/refuse`]);
    assert.equal(code, 1);
    assert.match(stdout, /^<- 401 Unauthorized in /m);
    assert.match(stdout, /\{"error":"bad signature"\}/);
    assert.match(stderr, /answered 401, not a 2xx status/);
    assert.ok(event.rejections.length > 0, 'the spec describes the answers it does not accept');
    for (const rejection of event.rejections) {
      assert.ok(stderr.includes(rejection.description.replace(/\s+/g, ' ')), `the spec's ${rejection.status} text`);
    }
    if (event.retryNotes.length > 0) {
      for (const note of event.retryNotes) assert.ok(stderr.includes(note), `the spec's word on retries: ${note}`);
    } else {
      assert.match(stderr, /does not say whether api\.video retries a failed delivery/);
    }
  });

  test('a receiver that does not answer in time: exit 1 naming the timeout', async () => {
    const { code, stderr } = await cli([
      'trigger',
      'pipe',
      'video_converted',
      '--url',
      `${base}/hang`,
      '--timeout',
      '200',
    ]);
    assert.equal(code, 1);
    assert.match(stderr, /\/hang did not answer within 200 ms \(--timeout\)/);
  });

  test('a receiver that is not running: exit 1 saying so', async () => {
    const closed = createServer();
    await new Promise((resolve) => closed.listen(0, '127.0.0.1', () => resolve(undefined)));
    const { port } = /** @type {import('node:net').AddressInfo} */ (closed.address());
    await new Promise((resolve) => closed.close(() => resolve(undefined)));
    const { code, stderr } = await cli([
      'trigger',
      'pipe',
      'video_recorded',
      '--url',
      `http://127.0.0.1:${port}/webhooks`,
    ]);
    assert.equal(code, 1);
    assert.match(
      stderr,
      /Could not reach http:\/\/127\.0\.0\.1:\d+\/webhooks: connection refused\. Is the receiver running\?/,
    );
  });
});

test('examples/webhook-receiver.js verifies what pnpm webhooks trigger sends, and refuses a tampered event', async () => {
  const child = spawn(process.execPath, [join(root, 'examples', 'webhook-receiver.js')], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', WEBHOOK_SECRET: '' },
  });
  let log = '';
  child.stdout.on('data', (chunk) => (log += chunk));
  child.stderr.on('data', (chunk) => (log += chunk));
  /**
   * Resolves once the receiver has logged a line matching `pattern`: it logs before it answers,
   * but its output reaches this process through a pipe, on its own schedule.
   * @param {RegExp} pattern
   */
  const logged = (pattern) =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (!pattern.test(log)) return;
        child.stdout.off('data', check);
        resolve(undefined);
      };
      child.stdout.on('data', check);
      child.once('exit', () => reject(new Error(`the receiver exited before logging ${pattern}: ${log}`)));
      check();
    });
  try {
    const port = await new Promise((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /Listening on http:\/\/127\.0\.0\.1:(\d+)\/webhooks/.exec(log);
        if (match) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`the receiver exited (${code}): ${log}`)));
    });
    // The URL the README uses, on the port the receiver got; Pipe signs it.
    const url = `http://localhost:${port}/webhooks`;
    for (const args of [
      ['pipe', 'video_recorded'],
      ['pipe', 'video_copied_s3', '--form'],
      ['apivideo', 'video.encoding.quality.completed'],
    ]) {
      const { code, stdout, stderr } = await cli(['trigger', ...args, '--url', url]);
      assert.equal(code, 0, stdout + stderr);
      assert.match(stdout, new RegExp(`\\{"received":"${args[1]}"\\}`));
      await logged(new RegExp(`verified ${args[0]} ${args[1].replaceAll('.', '\\.')}: \\{`));
    }
    const tampered = await cli([
      'trigger',
      'apivideo',
      'video.caption.generated',
      '--url',
      url,
      '--secret',
      'not-the-key',
    ]);
    assert.equal(tampered.code, 1);
    assert.match(tampered.stdout, /^<- 401 /m);
    await logged(/rejected: The X-Api-Video-Signature header does not match the payload \(mismatch\)/);
    assert.doesNotMatch(log, /not-the-key|mediaspec-local-secret/, 'the receiver never logs a key');
  } finally {
    child.kill('SIGTERM');
  }
});
