// @ts-check
/**
 * The HTTP benchmark, in the Node that runs it: every client against a local node:http server
 * (its own process), for a GET with query parameters, a JSON POST and a ~100 KB JSON response,
 * one request at a time and 16 at once. Each round runs every cell once, cells in random order;
 * a cell's sample is the wall time per request of one batch per client, run in slices with the
 * clients taking turns. Ratios are taken per round against raw fetch (and bare openapi-fetch) of
 * the same cell, then their median is reported.
 *
 *   node scripts/bench/http.js [--rounds 20] [--json]
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { PerformanceObserver } from 'node:perf_hooks';
import axios from 'axios';
import { runMain } from '../lib/cli.js';
import { calls, mediaspecClient, openapiFetchClient } from './clients.js';
import { LIST_QUERY, NEW_ITEM, TOKEN } from './payloads.js';
import { shuffled, summarize } from './stats.js';
import { numberOption } from './stub-cost.js';

const require = createRequire(import.meta.url);

/** @typedef {'get' | 'post' | 'large'} Scenario */
/** @typedef {Record<Scenario, () => Promise<unknown>>} Calls */

export const SCENARIOS = /** @type {const} */ ({
  get: 'GET /items?limit=5&offset=20&tag=a&tag=b (0.5 KB JSON)',
  post: 'POST /items, JSON body (201, 0.1 KB JSON)',
  large: 'GET /large (100 KB JSON)',
});
export const CONCURRENCIES = /** @type {const} */ ([1, 16]);

/**
 * The clients, in the order the report lists them.
 * @type {Record<string, string>}
 */
export const VARIANTS = {
  fetch: 'raw `fetch(url, init)` + `json()`',
  'openapi-fetch': 'bare openapi-fetch (token as a default header)',
  mediaspec:
    'mediaspec: `createApiClient` with default options and bearer auth, a response mapper, sending through the same `fetch`',
  'mediaspec, no mapper':
    'the default stack without the response mapper (the body is parsed by `json()`, not in the transport)',
  axios: 'axios (Node http adapter, keep-alive agent)',
  'undici.request':
    'undici `request()` + `body.json()`, own keep-alive Agent (reference: no WHATWG layer, no typed client)',
};

/**
 * Requests per batch, per cell: enough for a few tens of ms, so a round stays short.
 * @type {Record<Scenario, Record<number, number>>}
 */
const BATCH = { get: { 1: 150, 16: 640 }, post: { 1: 150, 16: 640 }, large: { 1: 30, 16: 160 } };

/** Slices each batch is run in, the variants taking turns (every batch size divides by it). */
const SLICES = 5;

/**
 * @typedef {object} Cell
 * @property {Scenario} scenario
 * @property {number} concurrency
 * @property {string} variant
 * @property {import('./stats.js').Summary} wall   µs of wall time per request
 * @property {import('./stats.js').Summary} cpu    µs of client CPU time per request
 * @property {import('./stats.js').Summary} gc     µs of garbage-collection pauses per request
 * @property {import('./stats.js').Summary} ratio  wall time / raw fetch's, per round
 * @property {import('./stats.js').Summary} vsOpenapiFetch  wall time / bare openapi-fetch's, per round
 */

/** Starts the server in a child process; resolves with its base URL and a way to stop it. */
async function startServer() {
  const child = fork(new URL('./server.js', import.meta.url), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(/** @type {{ port: number }} */ (message).port));
    child.once('exit', (code) => reject(new Error(`the benchmark server exited with ${code}`)));
  });
  return { baseUrl: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

/**
 * Every client's three calls, against `baseUrl`.
 * @param {string} baseUrl
 * @returns {Promise<Record<string, Calls>>}
 */
async function buildClients(baseUrl) {
  // Node's fetch installs its dispatcher when first touched. The undici package, imported
  // afterwards, then finds it and leaves it alone: fetch and mediaspec are measured on Node's own.
  const dispatcherKey = Symbol.for('undici.globalDispatcher.1');
  void globalThis.Response;
  const nodeDispatcher = /** @type {Record<symbol, unknown>} */ (globalThis)[dispatcherKey];
  const undici = await import('undici');
  if (!nodeDispatcher || /** @type {Record<symbol, unknown>} */ (globalThis)[dispatcherKey] !== nodeDispatcher) {
    throw new Error("importing undici replaced Node's fetch dispatcher: the measurements would be wrong");
  }
  const agent = new undici.Agent();

  const authorization = `Bearer ${TOKEN}`;
  const listUrl = `${baseUrl}/items?limit=${LIST_QUERY.limit}&offset=${LIST_QUERY.offset}&tag=a&tag=b`;
  const newItem = JSON.stringify(NEW_ITEM);
  const jsonHeaders = { Authorization: authorization, 'Content-Type': 'application/json' };
  /** @param {Response} response */
  const json = async (response) => {
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  };

  const instance = axios.create({
    baseURL: baseUrl,
    headers: { Authorization: authorization },
    paramsSerializer: { indexes: null }, // tag=a&tag=b, as the others send it
  });

  /** @param {import('./clients.js').BenchClient} client @returns {Calls} */
  const typed = (client) => ({
    get: () => calls.get(client),
    post: () => calls.post(client),
    large: () => calls.large(client),
  });

  return {
    fetch: {
      get: () => fetch(listUrl, { headers: { Authorization: authorization } }).then(json),
      post: () => fetch(`${baseUrl}/items`, { method: 'POST', headers: jsonHeaders, body: newItem }).then(json),
      large: () => fetch(`${baseUrl}/large`, { headers: { Authorization: authorization } }).then(json),
    },
    'openapi-fetch': typed(openapiFetchClient(baseUrl)),
    mediaspec: typed(mediaspecClient(baseUrl)),
    'mediaspec, no mapper': typed(mediaspecClient(baseUrl, undefined, { responseMapper: false })),
    axios: {
      get: async () => (await instance.get('/items', { params: LIST_QUERY })).data,
      post: async () => (await instance.post('/items', NEW_ITEM)).data,
      large: async () => (await instance.get('/large')).data,
    },
    'undici.request': {
      get: async () => (await undici.request(listUrl, { dispatcher: agent, headers: { authorization } })).body.json(),
      post: async () =>
        (
          await undici.request(`${baseUrl}/items`, {
            dispatcher: agent,
            method: 'POST',
            headers: jsonHeaders,
            body: newItem,
          })
        ).body.json(),
      large: async () =>
        (await undici.request(`${baseUrl}/large`, { dispatcher: agent, headers: { authorization } })).body.json(),
    },
  };
}

/** Garbage-collection pauses of this process so far, in ms (from the `gc` performance entries). */
let gcPauseMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauseMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

/**
 * Runs `total` calls with `concurrency` in flight; returns µs of wall and CPU time per call, and
 * of garbage-collection pauses per call.
 * @param {() => Promise<unknown>} call
 * @param {number} total
 * @param {number} concurrency
 */
async function batch(call, total, concurrency) {
  let remaining = total;
  const worker = async () => {
    while (remaining-- > 0) await call();
  };
  const gcBefore = gcPauseMs;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  // gc entries are delivered after the fact: let them arrive before reading the total.
  await new Promise((resolve) => setImmediate(resolve));
  return {
    wall: (wall * 1000) / total,
    cpu: (used.user + used.system) / total,
    gc: ((gcPauseMs - gcBefore) * 1000) / total,
  };
}

/**
 * Runs the whole matrix.
 * @param {{ rounds?: number, log?: (line: string) => void }} [options]
 */
export async function runHttpBenchmark({ rounds = 20, log = () => {} } = {}) {
  const server = await startServer();
  try {
    const clients = await buildClients(server.baseUrl);
    const variants = Object.keys(VARIANTS);
    const cells = /** @type {Array<[Scenario, number]>} */ (
      Object.keys(SCENARIOS).flatMap((scenario) => CONCURRENCIES.map((c) => [scenario, c]))
    );
    /** @type {Map<string, { wall: number[], cpu: number[], gc: number[], ratio: number[], vsOpenapiFetch: number[] }>} */
    const samples = new Map();
    const key = (/** @type {string} */ scenario, /** @type {number} */ c, /** @type {string} */ variant) =>
      `${scenario}|${c}|${variant}`;

    // A warm-up round (not recorded): connections open, code optimized.
    for (const [scenario, concurrency] of cells) {
      for (const variant of variants) {
        await batch(clients[variant][scenario], BATCH[scenario][concurrency], concurrency);
      }
    }
    for (let round = 1; round <= rounds; round++) {
      for (const [scenario, concurrency] of shuffled(cells)) {
        // Each variant's batch runs in slices, the variants taking turns in a new random order
        // for every slice: a swing of the machine that lasts a few ms falls on all of them alike
        // instead of on whichever ran then.
        /** @type {Record<string, { wall: number, cpu: number, gc: number }>} */
        const sums = Object.fromEntries(variants.map((variant) => [variant, { wall: 0, cpu: 0, gc: 0 }]));
        const perSlice = BATCH[scenario][concurrency] / SLICES;
        for (let slice = 0; slice < SLICES; slice++) {
          for (const variant of shuffled(variants)) {
            const result = await batch(clients[variant][scenario], perSlice, concurrency);
            const sum = /** @type {{ wall: number, cpu: number, gc: number }} */ (sums[variant]);
            sum.wall += result.wall / SLICES;
            sum.cpu += result.cpu / SLICES;
            sum.gc += result.gc / SLICES;
          }
        }
        /** @type {Record<string, number>} */
        const wallOf = {};
        for (const variant of variants) {
          const result = /** @type {{ wall: number, cpu: number, gc: number }} */ (sums[variant]);
          wallOf[variant] = result.wall;
          const entry = samples.get(key(scenario, concurrency, variant)) ?? {
            wall: [],
            cpu: [],
            gc: [],
            ratio: [],
            vsOpenapiFetch: [],
          };
          entry.wall.push(result.wall);
          entry.cpu.push(result.cpu);
          entry.gc.push(result.gc);
          samples.set(key(scenario, concurrency, variant), entry);
        }
        for (const variant of variants) {
          const entry = samples.get(key(scenario, concurrency, variant));
          entry?.ratio.push(wallOf[variant] / wallOf.fetch);
          entry?.vsOpenapiFetch.push(wallOf[variant] / wallOf['openapi-fetch']);
        }
      }
      log(`  round ${round}/${rounds} done`);
    }

    /** @type {Cell[]} */
    const results = [];
    for (const [scenario, concurrency] of cells) {
      for (const variant of variants) {
        const entry = samples.get(key(scenario, concurrency, variant));
        if (!entry) continue;
        results.push({
          scenario,
          concurrency,
          variant,
          wall: summarize(entry.wall),
          cpu: summarize(entry.cpu),
          gc: summarize(entry.gc),
          ratio: summarize(entry.ratio),
          vsOpenapiFetch: summarize(entry.vsOpenapiFetch),
        });
      }
    }
    return {
      node: process.version,
      undiciInNode: process.versions.undici ?? '',
      rounds,
      versions: {
        'openapi-fetch': require('openapi-fetch/package.json').version,
        axios: require('axios/package.json').version,
        undici: require('undici/package.json').version,
        '@mediaspec/core': require('@mediaspec/core/package.json').version,
      },
      cells: results,
    };
  } finally {
    server.stop();
  }
}

runMain(import.meta.url, async (args) => {
  const result = await runHttpBenchmark({
    rounds: numberOption(args, 'rounds', 20),
    log: (line) => console.error(line),
  });
  if (args.includes('--json')) {
    console.log(JSON.stringify(result));
    return;
  }
  console.log(`Node ${result.node}`);
  for (const cell of result.cells) {
    console.log(
      `${cell.scenario.padEnd(5)} c=${String(cell.concurrency).padEnd(2)} ${cell.variant.padEnd(20)} ${cell.wall.median.toFixed(0).padStart(6)} µs  ${cell.ratio.median.toFixed(2)}×  cpu ${cell.cpu.median.toFixed(0)} µs`,
    );
  }
});
