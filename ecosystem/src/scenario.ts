/**
 * The scenario every runtime runs: per provider package, a typed call against the Prism mock of
 * its spec, an HTTP error unwrapped to its typed class, and (for the APIs that sign webhooks) a
 * webhook verified and a forged one rejected. It uses only what every fetch runtime has (fetch,
 * Web Crypto, TextEncoder), so the same file runs on Node, Bun, Deno, workerd and in a browser.
 */
import {
  NotFoundError as ApiVideoNotFoundError,
  WebhookVerificationError as ApiVideoWebhookVerificationError,
  createApiVideoClient,
  verifyApiVideoWebhook,
} from '@mediaspec/apivideo';
import {
  createPipeClient as createPipeClientFromFacade,
  NotFoundError as FacadeNotFoundError,
} from '@mediaspec/clients';
import { createNodeumClient, NotFoundError as NodeumNotFoundError, paginateCloudConnectors } from '@mediaspec/nodeum';
import {
  createPipeClient,
  MediaspecError,
  NotFoundError as PipeNotFoundError,
  WebhookVerificationError as PipeWebhookVerificationError,
  unwrap,
  verifyPipeWebhook,
} from '@mediaspec/pipe';
import { createPStreamClient, NotFoundError as PStreamNotFoundError } from '@mediaspec/pstream';
import { createValtClient, getDownloadUrl, NotFoundError as ValtNotFoundError } from '@mediaspec/valt';

/** The packages the scenario covers, by provider id. */
export const PROVIDERS = ['pipe', 'pstream', 'apivideo', 'valt', 'nodeum', 'clients'] as const;
export type ScenarioProvider = (typeof PROVIDERS)[number];

/** Mock base URL per API (the facade's step uses the Pipe mock). */
export type MockUrls = Readonly<Record<Exclude<ScenarioProvider, 'clients'>, string>>;

/** What one package's steps gave, or where they failed. */
export interface ScenarioResult {
  provider: ScenarioProvider;
  ok: boolean;
  /** One line per step that passed, then the failure if one did not. */
  steps: string[];
}

const KEY = 'ecosystem-secret-key';
/**
 * Every call's time limit: the runtimes run side by side on a busy machine, and a call that
 * outlives the default limit there would fail as a TimeoutError, which says nothing about the
 * runtime.
 */
const SLOW = { retry: false, timeoutMs: 300_000 } as const;
const NOT_FOUND = { Prefer: 'code=404' } as const;

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`check failed: ${message}`);
}

/** Awaits a call that must throw; returns what it threw. */
async function thrown(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('check failed: the call resolved, an error was expected');
}

/** An error of `expected`, of the one base class, without the credential anywhere in it. */
function checkError(error: unknown, expected: abstract new (...args: never[]) => Error, what: string): string {
  check(error instanceof expected, `${what}: threw ${String(error)}, expected ${expected.name}`);
  check(error instanceof MediaspecError, `${what}: the error extends MediaspecError`);
  const text = `${String(error)} ${JSON.stringify(error)}`;
  check(!text.includes(KEY), `${what}: the error leaks the credential`);
  return `${what} -> ${error.name}`;
}

async function hmac(algorithm: 'SHA-1' | 'SHA-256', secret: string, payload: string): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: algorithm }, false, [
    'sign',
  ]);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(payload)));
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

const steps: Record<ScenarioProvider, (urls: MockUrls) => Promise<string[]>> = {
  async pipe(urls) {
    const pipe = createPipeClient({ apiKey: KEY, baseUrl: urls.pipe, ...SLOW });
    const { videos, total_videos } = await unwrap(pipe.GET('/video/all'));
    // Pipe's numbers are decimal strings inside a recording; the count is a number.
    const size: string | undefined = videos[0]?.size;
    check(typeof total_videos === 'number' && typeof size === 'string', 'GET /video/all: typed videos');
    const error = await thrown(unwrap(pipe.GET('/video/{id}', { params: { path: { id: 1 } }, headers: NOT_FOUND })));

    const url = 'https://example.com/pipe-webhook';
    const body = JSON.stringify({ version: '1.0', event: 'video_recorded', data: { videoName: 'ecosystem' } });
    const signature = base64(await hmac('SHA-1', KEY, url + body));
    const event = await verifyPipeWebhook({ body, signature, webhookKey: KEY, url });
    check(event.event === 'video_recorded', 'verifyPipeWebhook returns the event');
    const forged = await thrown(
      verifyPipeWebhook({ body: body.replace('ecosystem', 'forged'), signature, webhookKey: KEY, url }),
    );
    return [
      `GET /video/all -> ${videos.length} video(s) of ${total_videos}`,
      checkError(error, PipeNotFoundError, 'GET /video/{id} 404'),
      `webhook ${event.event} verified; ${checkError(forged, PipeWebhookVerificationError, 'forged webhook')}`,
    ];
  },

  async pstream(urls) {
    const pstream = createPStreamClient({ login: 'ecosystem', key: KEY, baseUrl: urls.pstream, ...SLOW });
    const account = await unwrap(pstream.GET('/account/info'));
    const email: string = account.result.email;
    check(email.includes('@'), 'GET /account/info: the account e-mail');
    const error = await thrown(unwrap(pstream.GET('/account/info', { headers: NOT_FOUND })));
    return [`GET /account/info -> ${email}`, checkError(error, PStreamNotFoundError, 'GET /account/info 404')];
  },

  async apivideo(urls) {
    const apivideo = createApiVideoClient({ apiKey: KEY, baseUrl: urls.apivideo, ...SLOW });
    const page = await unwrap(apivideo.GET('/webhooks', { params: { query: { pageSize: 25 } } }));
    const total: number = page.pagination.itemsTotal;
    check(Array.isArray(page.data), 'GET /webhooks: a page of webhooks');
    const error = await thrown(
      unwrap(apivideo.GET('/webhooks/{webhookId}', { params: { path: { webhookId: 'missing' } }, headers: NOT_FOUND })),
    );

    const body = JSON.stringify({ type: 'video.source.recorded', emittedAt: '2026-01-01T00:00:00Z', videoId: 'vi1' });
    const signature = hex(await hmac('SHA-256', KEY, body));
    const event = await verifyApiVideoWebhook({ body, signature, secret: KEY });
    check(event.type === 'video.source.recorded', 'verifyApiVideoWebhook returns the event');
    const forged = await thrown(verifyApiVideoWebhook({ body: `${body} `, signature, secret: KEY }));
    return [
      `GET /webhooks -> ${page.data.length} webhook(s) of ${total}`,
      checkError(error, ApiVideoNotFoundError, 'GET /webhooks/{webhookId} 404'),
      `webhook ${event.type} verified; ${checkError(forged, ApiVideoWebhookVerificationError, 'forged webhook')}`,
    ];
  },

  async valt(urls) {
    const valt = createValtClient({ baseUrl: urls.valt, username: 'ecosystem', password: KEY, ...SLOW });
    const recordID = '6ecfe37c-a2e9-4f2d-b56e-847a4e730ed0';
    const videoID = 'd6799d1c-8e0f-4dc6-9483-8f3545fc5ce5';
    const url = await getDownloadUrl(valt, recordID, videoID);
    check(new URL(url).protocol === 'https:', 'getDownloadUrl: an https URL');
    const error = await thrown(
      unwrap(
        valt.GET('/records/download/{recordID}/{videoID}', {
          params: { path: { recordID, videoID } },
          headers: NOT_FOUND,
        }),
      ),
    );
    return [
      `login + getDownloadUrl -> ${new URL(url).origin}/...`,
      checkError(error, ValtNotFoundError, 'GET /records/download/{recordID}/{videoID} 404'),
    ];
  },

  async nodeum(urls) {
    const nodeum = createNodeumClient({ baseUrl: urls.nodeum, username: 'ecosystem', password: KEY, ...SLOW });
    const connectors = await paginateCloudConnectors(nodeum, { limit: 50 }).toArray(5);
    check(
      connectors.length > 0 && typeof connectors[0]?.name === 'string',
      'paginateCloudConnectors: named connectors',
    );
    const error = await thrown(
      unwrap(
        nodeum.GET('/cloud_connectors/{cloud_connector_id}', {
          params: { path: { cloud_connector_id: 'missing' } },
          headers: NOT_FOUND,
        }),
      ),
    );
    return [
      `paginateCloudConnectors -> ${connectors.length} connector(s)`,
      checkError(error, NodeumNotFoundError, 'GET /cloud_connectors/{cloud_connector_id} 404'),
    ];
  },

  async clients(urls) {
    // The facade re-exports the providers: its client is Pipe's, its error class core's.
    const pipe = createPipeClientFromFacade({ apiKey: KEY, baseUrl: urls.pipe, ...SLOW });
    const account = await unwrap(pipe.GET('/account'));
    check(account.account_details.length > 0, 'GET /account through @mediaspec/clients');
    const error = await thrown(unwrap(pipe.GET('/video/{id}', { params: { path: { id: 2 } }, headers: NOT_FOUND })));
    check(
      error instanceof PipeNotFoundError,
      `the facade and the provider share one NotFoundError (threw ${String(error)})`,
    );
    return [`pipe GET /account -> 1 account`, checkError(error, FacadeNotFoundError, 'pipe GET /video/{id} 404')];
  },
};

/** Runs every package's steps; one package failing does not stop the others. */
export async function runScenario(urls: MockUrls): Promise<ScenarioResult[]> {
  return Promise.all(
    PROVIDERS.map(async (provider): Promise<ScenarioResult> => {
      try {
        return { provider, ok: true, steps: await steps[provider](urls) };
      } catch (error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        return { provider, ok: false, steps: [message] };
      }
    }),
  );
}
