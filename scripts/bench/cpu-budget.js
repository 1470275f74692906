// @ts-check
/**
 * The CPU budget of mediaspec's client stack, run by the test command (`turbo run check:cpu`).
 *
 * It measures, in this process, the CPU time per request of bare openapi-fetch and of
 * mediaspec's full stack (auth, retries, timeout, response mapper), both on a stub fetch, in
 * interleaved rounds in random order (stub-cost.js), and fails when the median of the per-round
 * ratios exceeds the budget. A ratio within one run cancels out the machine's speed; what is
 * left is noise, which on a loaded machine moves single rounds by ±20–30 %. So a measurement over
 * the budget is followed by another, up to {@link MEASUREMENTS}, and the median is taken over
 * every round so far: noise averages out, a real regression (a second body copy, a Request or a
 * stream more per call...) stays over. No absolute time is compared.
 *
 *   node scripts/bench/cpu-budget.js [--rounds 31] [--iterations 500]
 */
import { runMain } from '../lib/cli.js';
import { median } from './stats.js';
import { describeStubCost, measureStubCost, numberOption } from './stub-cost.js';

/**
 * mediaspec's CPU per request may be at most this many times bare openapi-fetch's, per call:
 * the target of docs/benchmarks.md. Measured there on a quiet machine: about 0.9× (GET) and 0.7×
 * (POST) on Node 20, where the test command runs, and 1.05× and 0.8× on Node 24: without
 * middleware the client builds no Request, which bare openapi-fetch does (and which a stub fetch
 * never reads). While the rest of the test command runs beside it, or under `pnpm stress`, the
 * median of one measurement has been seen up to 1.2× on Node 20.
 */
export const BUDGET = { get: 1.3, post: 1.3 };

/** At most this many measurements, pooled, before a call is found over the budget. */
export const MEASUREMENTS = 3;

const CALLS = /** @type {const} */ (['get', 'post']);

runMain(import.meta.url, async (args) => {
  const rounds = numberOption(args, 'rounds', 31);
  const iterations = numberOption(args, 'iterations', 500);
  /** @type {Record<'get' | 'post', number[]>} */
  const ratios = { get: [], post: [] };
  /** @type {('get' | 'post')[]} */
  let over = [];
  for (let measurement = 1; measurement <= MEASUREMENTS; measurement++) {
    const cost = await measureStubCost({ rounds, iterations, warmup: 600 });
    console.log(
      `CPU per request on a stub fetch, Node ${cost.node} (${cost.rounds} rounds of ${cost.iterations}, measurement ${measurement} of at most ${MEASUREMENTS}):`,
    );
    console.log(describeStubCost(cost));
    for (const call of CALLS) ratios[call].push(...cost[call].ratio.samples);
    over = CALLS.filter((call) => median(ratios[call]) > BUDGET[call]);
    if (over.length === 0) {
      const pooled = CALLS.map((call) => `${call.toUpperCase()} ${median(ratios[call]).toFixed(2)}×`).join(', ');
      console.log(
        `Within budget (at most ${BUDGET.get}× for GET, ${BUDGET.post}× for POST): ${pooled}, median of ${ratios.get.length} rounds.`,
      );
      return;
    }
    if (measurement < MEASUREMENTS) {
      console.log(`Over the budget for ${over.map((call) => call.toUpperCase()).join(' and ')}: measuring again.`);
    }
  }
  throw new Error(
    over
      .map(
        (call) =>
          `${call.toUpperCase()}: mediaspec costs ${median(ratios[call]).toFixed(2)}× bare openapi-fetch (median of ${ratios[call].length} rounds in ${MEASUREMENTS} measurements), over the budget of ${BUDGET[call]}×`,
      )
      .join('\n'),
  );
});
