// @ts-check
/**
 * A minimal webhook receiver for Pipe and api.video on node:http: it verifies each delivery's
 * signature with the packages' helpers and logs the event. Try it with `pnpm webhooks trigger`:
 *
 *   node examples/webhook-receiver.js
 *   pnpm webhooks trigger pipe video_recorded --url http://localhost:3000/webhooks
 *   pnpm webhooks trigger apivideo video.encoding.quality.completed --url http://localhost:3000/webhooks
 *
 * Settings (environment variables):
 *   PORT                      the port to listen on (3000; 0 picks a free one)
 *   HOST                      the address to listen on (localhost)
 *   PIPE_WEBHOOK_KEY          Pipe's webhook key (Webhooks tab of your Pipe account)
 *   APIVIDEO_WEBHOOK_SECRET  the `signatureSecret` api.video returned for the webhook
 *   WEBHOOK_SECRET            the fallback for both; `pnpm webhooks trigger` signs with it too
 *   PIPE_WEBHOOK_URL          the webhook URL as configured in Pipe, which Pipe signs
 *                             (http://localhost:<port>/webhooks)
 */
import { createServer } from 'node:http';
import { verifyApiVideoWebhook } from '@mediaspec/apivideo';
import { verifyPipeWebhook, WebhookVerificationError } from '@mediaspec/pipe';

// The same default key as `pnpm webhooks trigger`, so the two work together out of the box.
const fallbackSecret = process.env.WEBHOOK_SECRET || 'mediaspec-local-secret';
const pipeKey = process.env.PIPE_WEBHOOK_KEY || fallbackSecret;
const apiVideoSecret = process.env.APIVIDEO_WEBHOOK_SECRET || fallbackSecret;
const host = process.env.HOST || 'localhost';
const path = '/webhooks';
/** Deliveries are small JSON documents; anything bigger is refused before it is buffered. */
const MAX_BODY_BYTES = 1024 * 1024;

/** @type {string} */
let pipeUrl;

/**
 * Reads the raw body: the signature covers its exact bytes, so it is never parsed first.
 * @param {import('node:http').IncomingMessage} request
 * @returns {Promise<Buffer | undefined>} undefined when the body is over the limit
 */
async function readBody(request) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Verifies a delivery by the signature header it carries, and returns what to log.
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @param {Buffer} body
 * @returns {Promise<{ provider: string, name: string, event: unknown } | undefined>}
 */
async function verify(headers, body) {
  const pipeSignature = headers['x-pipe-signature'];
  if (typeof pipeSignature === 'string') {
    const event = await verifyPipeWebhook({ body, signature: pipeSignature, webhookKey: pipeKey, url: pipeUrl });
    return { provider: 'pipe', name: event.event, event };
  }
  const apiVideoSignature = headers['x-api-video-signature'];
  if (typeof apiVideoSignature === 'string') {
    const event = await verifyApiVideoWebhook({ body, signature: apiVideoSignature, secret: apiVideoSecret });
    return { provider: 'apivideo', name: event.type, event };
  }
  return undefined;
}

/**
 * @param {import('node:http').ServerResponse} response
 * @param {number} status
 * @param {unknown} body
 */
function reply(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

const server = createServer(async (request, response) => {
  if (new URL(request.url ?? '/', 'http://localhost').pathname !== path)
    return reply(response, 404, { error: 'not found' });
  if (request.method !== 'POST') return reply(response, 405, { error: 'POST only' });
  const body = await readBody(request);
  if (!body) return reply(response, 413, { error: 'body too large' });
  try {
    const verified = await verify(request.headers, body);
    if (!verified) {
      console.log('rejected: no X-Pipe-Signature or X-Api-Video-Signature header');
      return reply(response, 400, { error: 'no signature header' });
    }
    console.log(`verified ${verified.provider} ${verified.name}: ${JSON.stringify(verified.event)}`);
    // Acknowledge at once; real work belongs in a queue, so a slow job never delays the answer.
    return reply(response, 200, { received: verified.name });
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) {
      console.error('failed:', error);
      return reply(response, 500, { error: 'internal error' });
    }
    // Pipe signs the URL configured in its dashboard: a different PIPE_WEBHOOK_URL fails every check.
    const hint = request.headers['x-pipe-signature'] ? `; Pipe's signed URL is taken to be ${pipeUrl}` : '';
    console.log(`rejected: ${error.message} (${error.reason}${hint})`);
    return reply(response, 401, { error: error.message });
  }
});

server.listen(Number(process.env.PORT ?? 3000), host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 3000;
  pipeUrl = process.env.PIPE_WEBHOOK_URL || `http://localhost:${port}${path}`;
  console.log(`Listening on http://${host}:${port}${path} (Pipe deliveries are checked against ${pipeUrl})`);
});

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
