// @ts-check
/**
 * What the clients' own code costs per request, with the network taken out: each client sends
 * through a stub fetch that answers at once with a ready-made JSON response, so the CPU time
 * left is the client's own work (openapi-fetch's Request and parsing, plus, for mediaspec, the
 * auth strategy, retry and timeout bookkeeping, response mapping and redaction). Variants run
 * in interleaved rounds, in random order, in one process; the ratio is taken per round.
 *
 *   node scripts/bench/stub-cost.js [--rounds 15] [--iterations 2000] [--json]
 */
import { runMain } from '../lib/cli.js';
import { calls, mediaspecClient, openapiFetchClient } from './clients.js';
import { CREATED_JSON, LIST_JSON } from './payloads.js';
import { shuffled, summarize } from './stats.js';

const BASE_URL = 'http://api.example.test/v1';
const SCENARIOS = /** @type {const} */ (['get', 'post']);
const VARIANTS = /** @type {const} */ (['openapi-fetch', 'mediaspec']);

/**
 * @typedef {import('./stats.js').Summary} Summary
 * @typedef {{ 'openapi-fetch': Summary, mediaspec: Summary, ratio: Summary }} ScenarioCost
 * @typedef {{ node: string, rounds: number, iterations: number, get: ScenarioCost, post: ScenarioCost, primitives?: Record<string, number> }} StubCost
 */

/** A fetch that answers every call at once: 201 with the created item for a POST, else the list. */
function stubFetch() {
  const headers = (/** @type {string} */ body) => ({
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
  });
  /** @type {(input: RequestInfo | URL, init?: RequestInit) => Promise<Response>} */
  const stub = async (input, init) => {
    const method = input instanceof Request ? input.method : (init?.method ?? 'GET');
    return method === 'POST'
      ? new Response(CREATED_JSON, { status: 201, headers: headers(CREATED_JSON) })
      : new Response(LIST_JSON, { status: 200, headers: headers(LIST_JSON) });
  };
  return /** @type {typeof globalThis.fetch} */ (stub);
}

/**
 * Measures CPU µs per request of bare openapi-fetch and of mediaspec's full stack.
 * @param {{ rounds?: number, iterations?: number, warmup?: number }} [options]
 * @returns {Promise<StubCost>}
 */
export async function measureStubCost({ rounds = 15, iterations = 2000, warmup = 1000 } = {}) {
  const stub = stubFetch();
  const clients = { 'openapi-fetch': openapiFetchClient(BASE_URL, stub), mediaspec: mediaspecClient(BASE_URL, stub) };
  /** @type {Record<string, Record<string, number[]>>} */
  const samples = {};
  for (const scenario of SCENARIOS) {
    samples[scenario] = { 'openapi-fetch': [], mediaspec: [], ratio: [] };
    for (const variant of VARIANTS) for (let i = 0; i < warmup; i++) await calls[scenario](clients[variant]);
  }
  for (let round = 0; round < rounds; round++) {
    for (const scenario of shuffled(SCENARIOS)) {
      /** @type {Record<string, number>} */
      const cost = {};
      for (const variant of shuffled(VARIANTS)) {
        const call = calls[scenario];
        const client = clients[variant];
        const start = process.cpuUsage();
        for (let i = 0; i < iterations; i++) await call(client);
        const used = process.cpuUsage(start);
        cost[variant] = (used.user + used.system) / iterations;
        samples[scenario][variant].push(cost[variant]);
      }
      samples[scenario].ratio.push(cost.mediaspec / cost['openapi-fetch']);
    }
  }
  /** @param {string} scenario @returns {ScenarioCost} */
  const scenarioCost = (scenario) => ({
    'openapi-fetch': summarize(samples[scenario]['openapi-fetch']),
    mediaspec: summarize(samples[scenario].mediaspec),
    ratio: summarize(samples[scenario].ratio),
  });
  return { node: process.version, rounds, iterations, get: scenarioCost('get'), post: scenarioCost('post') };
}

/**
 * The cost of the web objects a request goes through, in µs of CPU per object: what openapi-fetch
 * builds for every call (a Request, with its AbortSignal and, for a body, its stream), and what
 * the transports build. Median of interleaved rounds.
 * @param {{ rounds?: number, iterations?: number }} [options]
 */
export async function measurePrimitives({ rounds = 9, iterations = 5000 } = {}) {
  const url = `${BASE_URL}/items?limit=5&offset=20&tag=a&tag=b`;
  const headers = new Headers({ Authorization: 'Bearer token', 'Content-Type': 'application/json' });
  const bytes = new TextEncoder().encode(LIST_JSON);
  /** @type {Record<string, () => unknown>} */
  const operations = {
    'new Request (GET)': () => new Request(url, { method: 'GET', headers, redirect: 'follow' }),
    'new Request (POST, JSON body)': () =>
      new Request(url, { method: 'POST', headers, body: CREATED_JSON, redirect: 'follow' }),
    'new AbortController().signal': () => new AbortController().signal,
    'new Response(bytes)': () => new Response(bytes, { status: 200, headers }),
    'new Response(null)': () => new Response(null, { status: 200, headers }),
  };
  /** @type {Record<string, number[]>} */
  const samples = Object.fromEntries(Object.keys(operations).map((name) => [name, []]));
  for (const operation of Object.values(operations)) for (let i = 0; i < 1000; i++) operation();
  for (let round = 0; round < rounds; round++) {
    for (const name of shuffled(Object.keys(operations))) {
      const operation = operations[name];
      const start = process.cpuUsage();
      for (let i = 0; i < iterations; i++) operation();
      const used = process.cpuUsage(start);
      samples[name].push((used.user + used.system) / iterations);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, summarize(values).median]));
}

/**
 * The value of `--name <value>` in `args`, as a number.
 * @param {string[]} args
 * @param {string} name
 * @param {number} fallback
 */
export function numberOption(args, name, fallback) {
  const index = args.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(args[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a whole number >= 1`);
  return value;
}

/** @param {StubCost} cost */
export function describeStubCost(cost) {
  return SCENARIOS.map((scenario) => {
    const s = cost[scenario];
    return `${scenario.toUpperCase().padEnd(4)} openapi-fetch ${s['openapi-fetch'].median.toFixed(1)} µs, mediaspec ${s.mediaspec.median.toFixed(1)} µs: ${s.ratio.median.toFixed(2)}× (±${(s.ratio.spread * 100).toFixed(0)} %)`;
  }).join('\n');
}

runMain(import.meta.url, async (args) => {
  const cost = await measureStubCost({
    rounds: numberOption(args, 'rounds', 15),
    iterations: numberOption(args, 'iterations', 2000),
  });
  const primitives = await measurePrimitives();
  if (args.includes('--json')) {
    console.log(JSON.stringify({ ...cost, primitives }));
    return;
  }
  console.log(`Node ${cost.node}\n${describeStubCost(cost)}`);
  for (const [name, value] of Object.entries(primitives)) console.log(`${name.padEnd(32)} ${value.toFixed(2)} µs`);
});
