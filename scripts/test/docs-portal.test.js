// @ts-check
/** The portal's copy of a spec: what it adds, and that the published spec is left as it is. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { portalDocument, splitNotes, webhookTriggerCommand } from '../lib/docs-portal.js';
import { providers } from '../lib/registry.js';

const pipe = providers.find((p) => p.id === 'pipe');
assert.ok(pipe);

test('maintainers’ notes leave the overview for an appendix at its end; the rest keeps its order', () => {
  const { body, notes } = splitNotes(
    'Intro.\n\n## Authentication\nKey.\n\n## Corrections to the published reference page\n- one\n\n## Errors\nE.',
  );
  assert.equal(body, 'Intro.\n\n## Authentication\nKey.\n\n## Errors\nE.');
  assert.deepEqual(notes, [{ title: 'Corrections to the published reference page', text: '- one' }]);
  const bold = splitNotes('Intro.\n\n**Differences from the provider’s page.**\n- two\n\n**Errors.** E.');
  assert.equal(bold.notes[0]?.title, 'Differences from the provider’s page');
  assert.match(bold.body, /\*\*Errors\.\*\* E\./);
});

test('the portal copy puts the mock first, adds samples and trigger commands, and leaves the spec unchanged', () => {
  const spec = parse(readFileSync(pipe.specPath, 'utf8'));
  const before = JSON.stringify(spec);
  const { document, search, mockAuth } = portalDocument(pipe, spec, { mockUrl: 'http://127.0.0.1:4999' });
  assert.equal(JSON.stringify(spec), before, 'the parsed spec is not modified');

  assert.equal(document.servers[0].url, 'http://127.0.0.1:4999');
  assert.deepEqual(document.servers.slice(1), spec.servers);

  const description = document.info.description;
  assert.ok(description.indexOf('## Appendix') > description.indexOf('## Response envelope'));
  assert.match(description, /### Corrections to the published reference page/);

  const samples = document.paths['/video/{id}'].get['x-codeSamples'];
  assert.equal(samples[0].lang, 'typescript');
  assert.match(samples[0].source, /import \{ createPipeClient, NotFoundError, unwrap \} from '@mediaspec\/pipe';/);
  assert.match(samples[0].source, /client\.GET\('\/video\/\{id\}', \{ params: \{ path: \{ id: 13360 \} \} \}\)/);
  assert.match(
    samples[1].source,
    /^curl 'http:\/\/127\.0\.0\.1:4999\/video\/13360' \\\n {2}-H "X-PIPE-AUTH: \$PIPE_API_KEY"$/,
  );

  const webhook = document.webhooks.video_recorded.post;
  assert.equal(
    webhookTriggerCommand('pipe', 'video_recorded'),
    'pnpm webhooks trigger pipe video_recorded --url http://localhost:3000/webhooks',
  );
  assert.ok(webhook.description.includes(webhookTriggerCommand('pipe', 'video_recorded')));
  // `event` is given as a const only; the copy says it is a string.
  const event = document.components.schemas.VideoRecordedEvent.properties.event;
  assert.equal(event.type, 'string');

  assert.deepEqual(mockAuth, { PipeApiKey: 'mock-key' });
  assert.ok(search.some((entry) => entry.href === 'pipe/#/operations/getVideo' && entry.method === 'GET'));
  assert.ok(search.some((entry) => entry.href === 'pipe/#/webhooks/videoRecorded' && entry.method === 'WEBHOOK'));
});
