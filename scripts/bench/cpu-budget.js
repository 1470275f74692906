// @ts-check
/**
 * The CPU budget of mediaspec's client stack, run by the test command (`turbo run check:cpu`).
 *
 * It measures, in this process, the CPU time per request of bare openapi-fetch and of
 * mediaspec's full stack (auth, retries, timeout, response mapper), both on a stub fetch, in
 * interleaved rounds in random order (stub-cost.js), and fails when the median of the per-round
 * ratios exceeds the budget. A ratio within one run cancels out the machine's speed and most of
 * its noise; the budget leaves a wide margin over what is measured (see docs/benchmarks.md), so
 * only a real regression (a second body copy, a stream per response...) trips it. No absolute
 * time is compared.
 *
 *   node scripts/bench/cpu-budget.js [--rounds 21] [--iterations 300]
 */
import { runMain } from '../lib/cli.js';
import { describeStubCost, measureStubCost, numberOption } from './stub-cost.js';

/**
 * mediaspec's CPU per request may be at most this many times bare openapi-fetch's, per call.
 * Measured on the project's machines (docs/benchmarks.md): 1.6–2.2 on Node 20, where the test
 * command runs and each attempt's AbortController costs several µs (most of it Node 20's
 * transferable-object setup), and 1.5–1.7 on Node 24; up to 2.3 on Node 20 while the rest of the
 * test command runs beside it. The budget sits above that spread, so only a real regression (a
 * second body copy, a stream per response...) trips it, never the machine's noise.
 */
export const BUDGET = { get: 3, post: 3 };

runMain(import.meta.url, async (args) => {
  const cost = await measureStubCost({
    rounds: numberOption(args, 'rounds', 21),
    iterations: numberOption(args, 'iterations', 300),
    warmup: 600,
  });
  console.log(`CPU per request on a stub fetch, Node ${cost.node} (${cost.rounds} rounds of ${cost.iterations}):`);
  console.log(describeStubCost(cost));
  const over = /** @type {const} */ (['get', 'post']).filter((call) => cost[call].ratio.median > BUDGET[call]);
  if (over.length > 0) {
    throw new Error(
      over
        .map(
          (call) =>
            `${call.toUpperCase()}: mediaspec costs ${cost[call].ratio.median.toFixed(2)}× bare openapi-fetch, over the budget of ${BUDGET[call]}×`,
        )
        .join('\n'),
    );
  }
  console.log(`Within budget (at most ${BUDGET.get}× for GET, ${BUDGET.post}× for POST).`);
});
