/**
 * api.video: create a webhook, then walk every webhook page by page.
 *
 *   pnpm example apivideo                                         against a Prism mock of the spec
 *   APIVIDEO_API_KEY=... pnpm example apivideo --base-url https://sandbox.api.video    against the sandbox
 */
import { API_VIDEO_SERVERS, createApiVideoClient, paginateWebhooks, unwrap } from '@mediaspec/apivideo';

const client = createApiVideoClient({
  apiKey: process.env.APIVIDEO_API_KEY ?? 'mock-api-key',
  baseUrl: process.env.BASE_URL ?? API_VIDEO_SERVERS.sandbox,
});

const created = await unwrap(
  client.POST('/webhooks', {
    body: { events: ['video.encoding.quality.completed'], url: 'https://example.com/hooks/api-video' },
  }),
);
// The secret signs every delivery: verifyApiVideoWebhook() checks it.
console.log(
  `created ${created.webhookId} -> ${created.url} (secret: ${created.signatureSecret ? 'received' : 'none'})`,
);

let count = 0;
for await (const webhook of paginateWebhooks(client, { pageSize: 25 })) {
  count++;
  console.log(`  ${webhook.webhookId}  ${webhook.url}  ${webhook.events.join(', ')}`);
}
console.log(`${count} webhook(s)`);
