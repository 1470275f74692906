// @ts-check
/**
 * Sends signed sample webhook events to a receiver you are writing, the way the provider would.
 *
 *   pnpm webhooks list [provider...]
 *   pnpm webhooks trigger <provider> <event> --url <receiver> [options]
 *
 * Everything comes from the specs' `webhooks:` sections: the events, their examples and schemas,
 * the signature header. See `pnpm webhooks --help`.
 */
import { printTable, runMain } from './lib/cli.js';
import { providers, selectProviders, UsageError } from './lib/registry.js';
import { signerFor } from './lib/webhook-signers.js';
import { findWebhookEvent, loadWebhookSpec } from './lib/webhook-spec.js';
import {
  buildDelivery,
  checkWithPackage,
  DEFAULT_SECRET,
  DeliveryError,
  formatMs,
  sendDelivery,
} from './lib/webhook-trigger.js';

const USAGE = `Usage:
  pnpm webhooks list [provider...]
  pnpm webhooks trigger <provider> <event> --url <receiver> [options]

Options of trigger:
  --url <url>          the receiver to POST the event to (required)
  --secret <key>       the signing key (Pipe: the webhook key; api.video: the signatureSecret);
                       default: the WEBHOOK_SECRET environment variable, else "${DEFAULT_SECRET}"
  --signed-url <url>   Pipe signs the webhook URL as configured in Pipe; default: --url
  --form               send as a form post with the JSON in "payload" (Pipe)
  --example <name>     start from this example of the spec (default: its first)
  --dynamic            generate the event from its schema instead of an example
  --seed <text>        make --dynamic repeatable
  --set <path=value>   override a field, e.g. --set data.id=123 (repeatable); checked against the schema
  --timeout <ms>       how long to wait for the answer (default 10000)

npm works too: npm run webhooks -- trigger pipe video_recorded --url http://localhost:3000/webhooks`;

/** Options that take a value, and the flags that do not. */
const VALUE_OPTIONS = new Set(['--url', '--secret', '--signed-url', '--example', '--seed', '--set', '--timeout']);
const FLAGS = new Set(['--form', '--dynamic']);

/**
 * @param {string[]} args
 * @returns {{ positional: string[], values: Map<string, string[]>, flags: Set<string> }}
 */
function parseArgs(args) {
  /** @type {string[]} */
  const positional = [];
  /** @type {Map<string, string[]>} */
  const values = new Map();
  /** @type {Set<string>} */
  const flags = new Set();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (VALUE_OPTIONS.has(name)) {
      const value = name === arg ? args[++i] : arg.slice(eq + 1);
      if (value === undefined || (name === arg && value.startsWith('--'))) {
        throw new UsageError(`${name} needs a value.\n${USAGE}`);
      }
      values.set(name, [...(values.get(name) ?? []), value]);
    } else if (FLAGS.has(arg)) {
      flags.add(arg);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`Unknown option ${arg}.\n${USAGE}`);
    } else {
      positional.push(arg);
    }
  }
  for (const [name, list] of values) {
    if (name !== '--set' && list.length > 1) throw new UsageError(`${name} is given twice.`);
  }
  return { positional, values, flags };
}

/** @param {string[]} ids */
async function list(ids) {
  const rows = [['Provider', 'Event', 'Delivery', 'Summary']];
  /** @type {string[]} */
  const notes = [];
  const selected = selectProviders(ids);
  for (const provider of selected) {
    const { events } = await loadWebhookSpec(provider);
    if (events.length === 0) {
      if (ids.length > 0) notes.push(`${provider.name} sends no webhooks (${provider.spec} has none).`);
      continue;
    }
    for (const event of events) {
      const delivery = event.mediaTypes.map((type) => (type === 'application/json' ? 'JSON' : 'form')).join(', ');
      rows.push([provider.id, event.name, delivery, event.summary]);
    }
    const signer = signerFor(events[0].headers.map((h) => h.name));
    notes.push(
      `${provider.name}: ${events.length} events from ${provider.spec}; ` +
        (signer ? `signed in ${signer.header}, ${signer.rule}.` : 'no signature header this tool knows.'),
    );
  }
  if (rows.length > 1) printTable(rows);
  if (notes.length > 0) console.log(`${rows.length > 1 ? '\n' : ''}${notes.join('\n')}`);
  const example = rows[1];
  if (example) {
    console.log(
      `\nSend one to your receiver: pnpm webhooks trigger ${example[0]} ${example[1]} --url http://localhost:3000/webhooks`,
    );
  }
}

/**
 * @param {string[]} positional
 * @param {Map<string, string[]>} values
 * @param {Set<string>} flags
 */
async function trigger(positional, values, flags) {
  const [providerId, eventName, extra] = positional;
  if (!providerId || !eventName) throw new UsageError(`trigger needs a provider and an event.\n${USAGE}`);
  if (extra !== undefined) throw new UsageError(`Unexpected argument "${extra}".\n${USAGE}`);
  const [provider] = selectProviders([providerId]);
  const event = await findWebhookEvent(provider, eventName);
  const one = (/** @type {string} */ name) => values.get(name)?.[0];
  const timeoutText = one('--timeout') ?? '10000';
  const timeoutMs = Number(timeoutText);
  if (!/^\d+$/.test(timeoutText) || timeoutMs < 1)
    throw new UsageError(`--timeout ${timeoutText}: give milliseconds, e.g. 5000.`);
  const fromOption = one('--secret');
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: a user's setting for this command; no turbo task reads it (the tests set it themselves)
  const fromEnv = process.env.WEBHOOK_SECRET || undefined;
  const delivery = await buildDelivery(event, {
    url: /** @type {string} */ (one('--url')),
    signedUrl: one('--signed-url'),
    secret: fromOption ?? fromEnv,
    form: flags.has('--form'),
    example: one('--example'),
    dynamic: flags.has('--dynamic'),
    seed: one('--seed'),
    sets: values.get('--set') ?? [],
  });
  const check = await checkWithPackage(delivery);

  const format = delivery.contentType === 'application/json' ? 'JSON' : 'form';
  const secretFrom = fromOption
    ? 'the key given with --secret'
    : fromEnv
      ? 'the key in WEBHOOK_SECRET'
      : `the default local key "${DEFAULT_SECRET}" (set --secret or WEBHOOK_SECRET to use yours)`;
  console.log(`-> POST ${delivery.url}`);
  console.log(
    `   ${provider.name} ${event.name}, ${delivery.source}, as ${format} (${Buffer.byteLength(delivery.body)} bytes)`,
  );
  for (const [name, value] of Object.entries(delivery.headers)) console.log(`   ${name}: ${value}`);
  console.log(`   signed with ${secretFrom}: ${delivery.signer.rule}`);
  if (delivery.signedUrl !== delivery.url) console.log(`   signed URL: ${delivery.signedUrl}`);
  console.log(
    check.checked ? `   verified with ${check.by} before sending` : `   not verified before sending: ${check.why}`,
  );

  try {
    const answer = await sendDelivery(delivery, { timeoutMs });
    printAnswer(answer);
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    if (error.answer) printAnswer(error.answer);
    console.error(`error: ${error.message}`);
    // What the provider makes of a failed delivery, as far as its spec says.
    for (const rejection of event.rejections) {
      console.error(
        `${provider.name} would count this delivery as failed. ${provider.spec} (${event.name}, response ${rejection.status}): ` +
          rejection.description.replace(/\s+/g, ' '),
      );
    }
    console.error(
      event.retryNotes.length > 0
        ? `Retries, per ${provider.spec}: ${event.retryNotes.join(' ')}`
        : `${provider.spec} does not say whether ${provider.name} retries a failed delivery.`,
    );
    process.exitCode = 1;
  }
}

/** Longest answer body printed; a receiver's answer is for a human to glance at. */
const MAX_BODY = 2000;

/** @param {import('./lib/webhook-trigger.js').Answer} answer */
function printAnswer(answer) {
  console.log(`<- ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''} in ${formatMs(answer.ms)}`);
  if (answer.body === '') {
    console.log('   (empty body)');
    return;
  }
  const shown =
    answer.body.length > MAX_BODY ? `${answer.body.slice(0, MAX_BODY)}... (${answer.body.length} chars)` : answer.body;
  console.log(shown.replace(/^/gm, '   '));
}

runMain(import.meta.url, async (args) => {
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const [command, ...rest] = args;
  const { positional, values, flags } = parseArgs(rest);
  if (command === 'list') {
    if (values.size > 0 || flags.size > 0) throw new UsageError(`list takes provider ids only.\n${USAGE}`);
    await list(positional);
  } else if (command === 'trigger') {
    await trigger(positional, values, flags);
  } else {
    throw new UsageError(
      `Unknown command "${command}": use list or trigger. Providers: ${providers.map((p) => p.id).join(', ')}.\n${USAGE}`,
    );
  }
});
