// @ts-check
/** docs/benchmarks.md, written from the results of one `pnpm bench` run. */
import { cpus } from 'node:os';
import { BUDGET, MEASUREMENTS } from './cpu-budget.js';
import { DOCS_BUDGET, DOCS_HEADER, docsRows } from './docs.js';
import { CONCURRENCIES, SCENARIOS, VARIANTS } from './http.js';

/**
 * @typedef {Awaited<ReturnType<typeof import('./http.js').runHttpBenchmark>>} HttpResult
 * @typedef {import('./http.js').Cell} Cell
 * @typedef {import('./stub-cost.js').StubCost} StubCost
 * @typedef {Awaited<ReturnType<typeof import('./tooling.js').measureTestCommand>>} TestTimes
 * @typedef {Awaited<ReturnType<typeof import('./tooling.js').measureMocks>>} MockFigures
 * @typedef {Awaited<ReturnType<typeof import('./tooling.js').measureConsumerTypecheck>>} TscFigures
 * @typedef {import('./docs.js').PageFigures[]} DocsFigures
 */

/**
 * A measurement that may have failed (the report says so instead of failing the whole run).
 * @template T
 * @typedef {{ ok: true, value: T } | { ok: false, error: string }} Outcome
 */

/**
 * @typedef {object} Report
 * @property {Date} date
 * @property {{ cpus: number, model: string, memoryGb: number, platform: string, loadBefore: number[], loadAfter: number[] }} machine
 * @property {Record<string, string>} versions
 * @property {HttpResult[]} http         one per Node version
 * @property {StubCost[]} stub           one per Node version
 * @property {Outcome<TestTimes>} tests
 * @property {Outcome<MockFigures>} mocks
 * @property {Outcome<TscFigures>} tsc
 * @property {Outcome<DocsFigures>} [docs]  the docs portal, per page (scripts/bench/docs.js)
 * @property {{ rounds: number, stubRounds: number, stubIterations: number, seconds: number }} run
 */

const us = (/** @type {number} */ value) => `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} µs`;
const pct = (/** @type {number} */ value) => `${(value * 100).toFixed(0)} %`;
const times = (/** @type {number} */ value) => `${value.toFixed(2)}×`;
const major = (/** @type {string} */ version) => version.replace(/^v/, '').split('.')[0];

/** @param {HttpResult} http @param {string} scenario @param {number} concurrency @param {string} variant */
function cell(http, scenario, concurrency, variant) {
  const found = http.cells.find(
    (c) => c.scenario === scenario && c.concurrency === concurrency && c.variant === variant,
  );
  if (!found) throw new Error(`no result for ${variant} ${scenario} c=${concurrency} on ${http.node}`);
  return found;
}

/** @param {HttpResult} http */
function httpTable(http) {
  const columns = Object.keys(SCENARIOS).flatMap((scenario) =>
    CONCURRENCIES.map((c) => /** @type {const} */ ([scenario, c])),
  );
  const label = { get: 'GET', post: 'POST', large: '100 KB' };
  const header = `| Client | ${columns.map(([s, c]) => `${label[/** @type {keyof typeof label} */ (s)]} ×${c}`).join(' | ')} |`;
  const rule = `| --- | ${columns.map(() => '---:').join(' | ')} |`;
  const rows = Object.keys(VARIANTS).map((variant) => {
    const cells = columns.map(([scenario, concurrency]) => {
      const c = cell(http, scenario, concurrency, variant);
      const ratio = variant === 'fetch' ? '1' : times(c.ratio.median);
      return `**${ratio}** ${us(c.wall.median)} ±${pct(c.wall.spread)}`;
    });
    return `| ${variant} | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}

/** @param {HttpResult} http */
function vsOpenapiFetchTable(http) {
  const columns = Object.keys(SCENARIOS).flatMap((scenario) =>
    CONCURRENCIES.map((c) => /** @type {const} */ ([scenario, c])),
  );
  const label = { get: 'GET', post: 'POST', large: '100 KB' };
  const header = `| mediaspec ÷ bare openapi-fetch | ${columns.map(([s, c]) => `${label[/** @type {keyof typeof label} */ (s)]} ×${c}`).join(' | ')} |`;
  const rule = `| --- | ${columns.map(() => '---:').join(' | ')} |`;
  const rows = ['mediaspec', 'mediaspec, no mapper'].map((variant) => {
    const cells = columns.map(([scenario, concurrency]) =>
      times(cell(http, scenario, concurrency, variant).vsOpenapiFetch.median),
    );
    return `| ${variant} | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}

/**
 * The issue's targets, each with the measured figure and whether it is met.
 * @param {Report} report
 */
function targets(report) {
  /** @type {string[][]} */
  const rows = [];
  for (const http of report.http) {
    const node = major(http.node);
    for (const scenario of /** @type {const} */ (['get', 'post'])) {
      for (const concurrency of CONCURRENCIES) {
        const ratio = cell(http, scenario, concurrency, 'mediaspec').vsOpenapiFetch.median;
        rows.push([
          `Default stack within 5 % of bare openapi-fetch on the same fetch, ${scenario.toUpperCase()} ×${concurrency}, Node ${node}`,
          '≤ 1.05×',
          times(ratio),
          ratio <= 1.05 ? 'met' : '**not met**',
        ]);
      }
    }
  }
  for (const cost of report.stub) {
    for (const call of /** @type {const} */ (['get', 'post'])) {
      const ratio = cost[call].ratio.median;
      rows.push([
        `CPU per request on a stub fetch, at most 1.3× bare openapi-fetch, ${call.toUpperCase()}, Node ${major(cost.node)}`,
        '≤ 1.3×',
        times(ratio),
        ratio <= 1.3 ? 'met' : '**not met**',
      ]);
    }
  }
  if (report.mocks.ok) {
    const m = report.mocks.value;
    rows.push([
      'All five mocks ready',
      '< 2 s',
      `${m.readySeconds.toFixed(2)} s`,
      m.readySeconds < 2 ? 'met' : '**not met**',
    ]);
    rows.push([
      'All five mocks, resident memory',
      '< 300 MB',
      `${m.rssServedMb.toFixed(0)} MB`,
      m.rssServedMb < 300 ? 'met' : '**not met**',
    ]);
  }
  if (report.tests.ok) {
    const t = report.tests.value;
    rows.push([
      `Cold \`npm test\` (every task, load average ${t.load.before.toFixed(1)} at the start)`,
      '< 240 s',
      `${t.coldSeconds.toFixed(0)} s`,
      t.coldSeconds < 240 ? 'met' : '**not met**',
    ]);
    rows.push([
      'Cached `npm test` (nothing changed)',
      '< 5 s',
      `${t.cachedSeconds.toFixed(1)} s`,
      t.cachedSeconds < 5 && t.fullTurbo ? 'met' : '**not met**',
    ]);
  }
  if (report.docs?.ok) {
    for (const page of report.docs.value) {
      rows.push([
        `Docs portal, ${page.page} page: transferred on a first visit`,
        '≤ 600 KB',
        `${(page.transferredBytes / 1024).toFixed(0)} KB`,
        page.transferredBytes <= DOCS_BUDGET.transferredBytes ? 'met' : '**not met**',
      ]);
      rows.push([
        `Docs portal, ${page.page} page: first render`,
        '< 1 s',
        `${page.firstRenderMs.toFixed(0)} ms`,
        page.firstRenderMs < DOCS_BUDGET.firstRenderMs ? 'met' : '**not met**',
      ]);
    }
  }
  return [
    '| Target | Limit | Measured | |',
    '| --- | ---: | ---: | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** @param {Report} report */
function stubTable(report) {
  const rows = report.stub.flatMap((cost) =>
    /** @type {const} */ (['get', 'post']).map((call) => {
      const s = cost[call];
      return `| Node ${major(cost.node)} | ${call.toUpperCase()} | ${us(s['openapi-fetch'].median)} ±${pct(s['openapi-fetch'].spread)} | ${us(s.mediaspec.median)} ±${pct(s.mediaspec.spread)} | +${us(s.mediaspec.median - s['openapi-fetch'].median)} | ${times(s.ratio.median)} ±${pct(s.ratio.spread)} |`;
    }),
  );
  return [
    '| Node | Call | bare openapi-fetch | mediaspec | mediaspec adds | Ratio (median of rounds) |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

/**
 * @template T
 * @param {Outcome<T>} outcome
 * @param {(value: T) => string} render
 */
function section(outcome, render) {
  return outcome.ok ? render(outcome.value) : `Not measured: ${outcome.error.split('\n')[0]}`;
}

/** @param {Report} report @returns {string} */
export function renderReport(report) {
  const { machine, versions } = report;
  const nodes = report.http.map((h) => `Node ${h.node} (undici ${h.undiciInNode})`).join(', ');
  const httpSections = report.http
    .map(
      (http) => `### Node ${http.node}

${httpTable(http)}

Our stack against bare openapi-fetch (median of the per-round ratios; below 1 is faster):

${vsOpenapiFetchTable(http)}`,
    )
    .join('\n\n');

  return `# Benchmarks

Written by \`pnpm bench\` (scripts/bench/) on ${report.date.toISOString().slice(0, 10)}, in ${Math.round(report.run.seconds / 60)} minutes. Every figure
below comes from that one run on one machine: compare rows with each other, not with other machines.
Run it again with \`pnpm bench\` (it is not part of \`pnpm test\`).

## Targets

${targets(report)}

Where a target is not met, the reason measured is given under [Findings](#findings).

## Machine and versions

| | |
| --- | --- |
| CPU | ${machine.model}, ${machine.cpus} cores |
| Memory | ${machine.memoryGb.toFixed(0)} GB |
| System | ${machine.platform} |
| Load average (1, 5, 15 min) | ${machine.loadBefore.map((l) => l.toFixed(1)).join(', ')} before, ${machine.loadAfter.map((l) => l.toFixed(1)).join(', ')} after |
| Node | ${nodes} |
${Object.entries(versions)
  .map(([name, version]) => `| ${name} | ${version} |`)
  .join('\n')}

## Method

- **HTTP**: a \`node:http\` server on 127.0.0.1 in a process of its own (so its work does not share the
  client's event loop), answering from prepared buffers: \`GET /items?limit=5&offset=20&tag=a&tag=b\`
  (five items, 0.6 KB of JSON), \`POST /items\` with a JSON body (the server parses it, answers 201
  with 0.1 KB), \`GET /large\` (100 KB of JSON). Keep-alive connections throughout.
- Each client makes the call and parses the JSON answer. One request at a time (×1) and 16 in flight
  (×16). A batch is ${'150'} requests (×1) or ${'640'} (×16), 30 or 160 for 100 KB; a round runs one batch
  of every client for every call, calls in random order, each batch in five slices with the
  clients taking turns in a new random order for every slice. One warm-up round is not
  recorded, then ${report.run.rounds} rounds, on Node 20 and on Node 24 (the harness runs itself under each).
- Figures: the median wall time per request over the rounds, ± half the interquartile range as a
  share of the median (the spread), and in bold the median of the per-round ratios to raw
  \`fetch\` of the same round (paired, so a slow moment of the machine affects both).
- Clients:
${Object.entries(VARIANTS)
  .map(([name, description]) => `  - **${name}**: ${description}`)
  .join('\n')}
- **Client CPU with a stub fetch**: each client is given a fetch that answers at once with a
  ready-made Response, so what is left is the client's own CPU time (\`process.cpuUsage()\`, µs
  per request): ${report.run.stubRounds} interleaved rounds of ${report.run.stubIterations} requests in random order, in one process.
- **Test command**: \`node scripts/bootstrap.js test --force\` (what \`pnpm test\` runs, every task
  run), then \`node scripts/bootstrap.js test\` with nothing changed (every task replayed by turbo),
  both with \`--continue\` so that a failing task does not cut the run short.
- **Mocks**: \`node scripts/mock.js --quiet\` (all five Prism mocks in one process): time from
  spawning it to "Mocks are running", and its resident memory (VmRSS) then and after one request
  to each mock; median of 3 starts.
- **tsc**: a project outside the workspace, linked to the built packages, with one file that
  imports the facade and makes typed calls on each of the five clients (strict, NodeNext,
  \`skipLibCheck\`); \`tsc --extendedDiagnostics\`, median of 3 runs; the same calls typed as bare
  openapi-fetch clients are checked in turn, for the cost of exact calls as a ratio.

## HTTP: time per request

Bold: ratio to raw \`fetch\` (below 1 is faster). Then the median time per request and its spread.

${httpSections}

## Client CPU per request, stub fetch

What the client code itself costs, with no network: openapi-fetch builds a Request and parses
the answer; mediaspec adds its transport (credentials, timeout, retry bookkeeping, reading the
body once with its size limit, response mapping, a redacted description for errors).

${stubTable(report)}

\`pnpm test\` holds this ratio to a budget (\`turbo run check:cpu\`, scripts/bench/cpu-budget.js):
at most ${BUDGET.get}× for a GET and ${BUDGET.post}× for a POST, measured the same way in one process, on Node 20
(the Node the test command runs on). It compares with openapi-fetch in the same run rather than
with a fixed time, so a slower machine does not trip it; on a busy one, a measurement over the
budget is repeated (up to ${MEASUREMENTS}, the median taken over every round) before it fails.

## Test command

${section(
  report.tests,
  (t) => `| | Time |
| --- | ---: |
| Cold: \`pnpm test\` with \`--force\` (${t.tasks} tasks, all run) | ${t.coldSeconds.toFixed(0)} s |
| Cached: \`pnpm test\` again, nothing changed (${t.cachedTasks} tasks replayed${t.fullTurbo ? ', FULL TURBO' : ''}) | ${t.cachedSeconds.toFixed(1)} s |

Load average (1 min) before and after the cold run: ${t.load.before.toFixed(1)} / ${t.load.after.toFixed(1)} on ${cpus().length} cores; a busy machine stretches the cold time.

${groupTable(t.coldGroups, t.cachedGroups)}
${t.passed ? '\nEvery task passed.' : `\n**Not every task passed** in this run (run with \`--continue\`, so the others still ran): ${t.failed || 'see `pnpm test`'}.`}`,
)}

## Mocks

${section(
  report.mocks,
  (m) => `All ${m.mocks} Prism mocks in one process (\`pnpm mock\`), median of ${m.runs} starts:

| Ready (spawn to listening) | Of which: Node loading Prism's libraries | Resident memory when ready | After one request to each |
| ---: | ---: | ---: | ---: |
| ${m.readySeconds.toFixed(2)} s | ${m.prismLoadSeconds.toFixed(2)} s | ${m.rssReadyMb.toFixed(0)} MB | ${m.rssServedMb.toFixed(0)} MB |`,
)}

## Type-checking a consumer

${section(
  report.tsc,
  (t) => `A consumer importing ${t.imports} (TypeScript ${t.typescript}), median of ${t.runs} runs:

| tsc wall time | Total time (tsc) | Check time | Instantiations | Types | Files | Memory |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| ${t.wallSeconds.toFixed(2)} s | ${t.totalSeconds.toFixed(2)} s | ${t.checkSeconds.toFixed(2)} s | ${t.instantiations.toLocaleString('en-US')} | ${t.types.toLocaleString('en-US')} | ${t.files} | ${t.memoryMb.toFixed(0)} MB |
${
  t.bare
    ? `
The cost of exact calls: the same calls typed as bare openapi-fetch clients (\`Client<paths>\`), runs
interleaved with the ones above. Target: check time at most 1.20× the bare one.

| Types | Total time (tsc) | Check time | Instantiations | Types created |
| --- | ---: | ---: | ---: | ---: |
| Exact (what the packages ship) | ${t.totalSeconds.toFixed(2)} s | ${t.checkSeconds.toFixed(2)} s | ${t.instantiations.toLocaleString('en-US')} | ${t.types.toLocaleString('en-US')} |
| Bare openapi-fetch | ${t.bare.totalSeconds.toFixed(2)} s | ${t.bare.checkSeconds.toFixed(2)} s | ${t.bare.instantiations.toLocaleString('en-US')} | ${t.bare.types.toLocaleString('en-US')} |
| **Exact / bare** (median of per-run ratios) | **${t.exactTotalRatio.toFixed(2)}×** | **${t.exactRatio.toFixed(2)}×** | ${(t.instantiations / t.bare.instantiations).toFixed(2)}× | ${(t.types / t.bare.types).toFixed(2)}× |`
    : ''
}`,
)}

## Docs portal

${section(
  report.docs ?? { ok: false, error: 'skipped' },
  (
    pages,
  ) => `Each page of the built site/ in a fresh Chromium context (empty cache), served by \`scripts/lib/static-server.js\`
(brotli made at build), median of the rounds (\`node scripts/bench/docs.js\`). *Transferred* is every byte on the wire
for the page and what it loads; *first render* is the first contentful paint; *content shown* is until the API's
reference (or the index's list) is on screen.

| ${DOCS_HEADER.join(' | ')} |
| --- | ---: | ---: | ---: | ---: | --- |
${docsRows(pages)
  .map((row) => `| ${row.join(' | ')} |`)
  .join('\n')}`,
)}

## Findings

${findings(report)}
`;
}

/**
 * What the figures say about the targets, with the measured reasons.
 * @param {Report} report
 */
function findings(report) {
  /** @type {string[]} */
  const items = [];
  const [n20, n24] = report.http;
  const stubOf = (/** @type {HttpResult} */ http) => report.stub.find((s) => s.node === http.node);
  const primitive = (/** @type {HttpResult} */ http, /** @type {string} */ name) => stubOf(http)?.primitives?.[name];

  const transportLines = report.http.map((http) => {
    const f = cell(http, 'get', 1, 'fetch').wall.median;
    const o = cell(http, 'get', 1, 'openapi-fetch');
    const m = cell(http, 'get', 1, 'mediaspec');
    const u = cell(http, 'get', 1, 'undici.request');
    return `Node ${major(http.node)}: a GET ×1 takes ${us(f)} with raw fetch, ${us(o.wall.median)} with bare openapi-fetch (${times(o.ratio.median)}), ${us(m.wall.median)} with the full client (${times(m.ratio.median)}), ${us(u.wall.median)} with undici's \`request()\` alone (${times(u.ratio.median)})`;
  });
  items.push(
    `**Transport decision: fetch everywhere, no Node fast path.** The client used to send on Node through the dispatcher under Node's fetch, reached with a private undici symbol and a copy of fetch's redirect and decoding rules; it is gone. Every runtime sends with \`fetch\` (the platform's or the \`fetch\` option), with redirects followed by the transport so that credentials are checked on every hop. An opt-in transport on the \`undici\` package's public API (\`Agent\`, \`request()\`, its interceptors) was not built: undici's \`request()\` is listed beside raw fetch as the bound such a transport could approach. ${transportLines.join('; ')}.`,
  );

  const requestCosts = report.http
    .map((http) => {
      const get = primitive(http, 'new Request (GET)');
      const post = primitive(http, 'new Request (POST, JSON body)');
      const signal = primitive(http, 'new AbortController().signal');
      return get === undefined || post === undefined || signal === undefined
        ? ''
        : `${us(get)} (GET) and ${us(post)} (POST with a JSON body, a stream) on Node ${major(http.node)}, of which ${us(signal)} is its AbortSignal`;
    })
    .filter(Boolean);
  items.push(
    `**No Request for a call without middleware.** openapi-fetch builds \`new Request(url, init)\` for every call: ${requestCosts.join('; ')} (CPU per object, this run). When a call may meet middleware (one registered with \`use()\`, or given in the call), or gives fetch options of its own (\`credentials\`, \`referrer\`...), the client's \`Request\` class builds that real Request: openapi-fetch checks what \`onRequest\` returns with \`instanceof\` its \`Request\`, and a middleware's \`new Request(request, init)\` or \`fetch(request)\` reads a real Request's internal state; an invalid fetch option is refused by it before anything is sent. Without either, nothing but the transport sees the request, so the class hands it the URL (normalised), method, headers and signal alone, and \`fetch\` builds the one Request that is sent. On a stub fetch this makes a call cheaper than bare openapi-fetch's, whose Request the stub never reads; over HTTP, bare openapi-fetch's \`fetch(request)\` builds a second Request from the first, which the client's \`fetch(url, init)\` does not.`,
  );

  for (const http of report.http) {
    const over = Object.keys(SCENARIOS).flatMap((s) =>
      CONCURRENCIES.map((c) => ({ s, c, r: cell(http, s, c, 'mediaspec').vsOpenapiFetch.median })).filter(
        (x) => x.r > 1.05,
      ),
    );
    if (over.length === 0) continue;
    const list = over.map((x) => `${x.s === 'large' ? '100 KB' : x.s.toUpperCase()} ×${x.c}: ${times(x.r)}`).join(', ');
    const withoutMapper = over
      .map(
        (x) =>
          `${x.s === 'large' ? '100 KB' : x.s.toUpperCase()} ×${x.c}: ${times(cell(http, x.s, x.c, 'mediaspec, no mapper').vsOpenapiFetch.median)}`,
      )
      .join(', ');
    const gcLines = over
      .map((x) => {
        const withMapper = cell(http, x.s, x.c, 'mediaspec').gc.median;
        const without = cell(http, x.s, x.c, 'mediaspec, no mapper').gc.median;
        const bare = cell(http, x.s, x.c, 'openapi-fetch').gc.median;
        return `${x.s === 'large' ? '100 KB' : x.s.toUpperCase()} ×${x.c}: ${us(withMapper)} with the mapper, ${us(without)} without, ${us(bare)} for openapi-fetch`;
      })
      .join('; ');
    const gcMeasured = over.some((x) => cell(http, x.s, x.c, 'openapi-fetch').gc.median > 0);
    const cpuLines = over
      .map(
        (x) =>
          `${x.s === 'large' ? '100 KB' : x.s.toUpperCase()} ×${x.c}: ${times(cell(http, x.s, x.c, 'mediaspec').cpu.median / cell(http, x.s, x.c, 'openapi-fetch').cpu.median)} (±${(cell(http, x.s, x.c, 'mediaspec').vsOpenapiFetch.spread * 100).toFixed(0)} % between rounds)`,
      )
      .join(', ');
    const mapperExplains = over.every(
      (x) => cell(http, x.s, x.c, 'mediaspec, no mapper').vsOpenapiFetch.median <= 1.05,
    );
    const reason = mapperExplains
      ? `With a mapper, the transport parses the body before it returns the response (the mapper reads it; \`json()\` then reuses the result, so the body is parsed once either way), and with large answers in flight that parse leaves more live objects for the young-generation collector to copy.${gcMeasured ? ` Garbage-collection pauses per request in this run: ${gcLines}.` : ''}`
      : `The response mapper does not account for it. The client's CPU per request in the same cells, next to bare openapi-fetch's: ${cpuLines}. No cause was isolated in this run${gcMeasured ? `; garbage-collection pauses per request: ${gcLines}` : ' (this Node reported no garbage-collection pauses to the benchmark)'}.`;
    items.push(
      `**Node ${major(http.node)}: the full client is more than 5 % over bare openapi-fetch in ${over.length === 1 ? 'one cell' : `${over.length} cells`}** (${list}). Without the response mapper the same cells measure ${withoutMapper}. ${reason}`,
    );
  }

  const signed = (/** @type {number} */ value) => (value < 0 ? `−${us(-value)}` : `+${us(value)}`);
  const stubLines = report.stub.map((cost) => {
    const signal = cost.primitives?.['new AbortController().signal'];
    return `Node ${major(cost.node)}: ${signed(cost.get.mediaspec.median - cost.get['openapi-fetch'].median)} per GET, ${signed(cost.post.mediaspec.median - cost.post['openapi-fetch'].median)} per POST${signal === undefined ? '' : ` (an AbortSignal alone costs ${us(signal)})`}`;
  });
  items.push(
    `**What the stack costs in CPU.** Its CPU per request on a stub fetch, next to bare openapi-fetch's: ${stubLines.join('; ')}. What it does for every attempt: an AbortSignal for the timeout (Node 20 makes every AbortSignal transferable, which is what makes them dear there; Node 24's cost next to nothing), a copy of the headers for the auth strategy, the body read chunk by chunk with its size limit inside the timeout (\`arrayBuffer()\` would copy it twice more), and, for the caller, the network's own Response with its body read, rather than a new one. Without middleware it builds no Request, which more than pays for the rest where a Request is dear (a POST's body stream). Over HTTP the network dwarfs it.`,
  );

  items.push(
    "**Redirects that keep a body.** Node 20's own redirect handling (undici 6) cannot send a request body again on a 307 or 308 (it fails with \"Cannot perform ArrayBuffer.prototype.slice on a detached ArrayBuffer\"). The transport sends with `redirect: 'manual'` and follows redirects itself, sending the same body bytes again, on every Node and every `fetch` (packages/core/test/redirects.test.ts).",
  );

  if (report.mocks.ok && report.mocks.value.readySeconds >= 2) {
    const m = report.mocks.value;
    items.push(
      `**Mocks ready in ${m.readySeconds.toFixed(2)} s, over the 2 s target.** ${m.prismLoadSeconds.toFixed(2)} s of it is Node loading Prism's libraries (a process that only loads them, as scripts/lib/mock-server.js does, takes that long here), before any spec is read; the five specs take the rest. Memory is well within its target.`,
    );
  } else if (report.mocks.ok) {
    const m = report.mocks.value;
    items.push(
      `**Mocks ready in ${m.readySeconds.toFixed(2)} s.** One process serves all five specs (one Prism CLI per spec costs about 1 s and 150 MB each), and faker, which Prism loads at start with every locale although only responses generated on request (\`Prefer: dynamic=true\`) use it, is loaded on first use instead: about 1 s of Node's 1.6 s of loading Prism, and 30 MB. ${m.prismLoadSeconds.toFixed(2)} s of the time to ready is loading Prism's libraries; the five specs take the rest.`,
    );
  }

  const bare = report.tsc.ok ? report.tsc.value.bare : undefined;
  if (report.tsc.ok && bare) {
    const t = report.tsc.value;
    const met = t.exactRatio <= 1.2;
    items.push(
      `**Exact calls ${met ? 'stay within' : 'exceed'} their type-check budget** (at most 1.20× the check time of the same calls typed as bare openapi-fetch clients): ${t.exactRatio.toFixed(2)}× check time, ${t.exactTotalRatio.toFixed(2)}× total, ${(t.instantiations / bare.instantiations).toFixed(2)}× instantiations. The exact second argument is a concrete type where openapi-fetch infers one per call, so TypeScript has less to instantiate.`,
    );
  }

  const load = report.machine.loadBefore[0] ?? 0;
  if (load > report.machine.cpus) {
    items.push(
      `**The machine was busy** (load average ${load.toFixed(1)} on ${report.machine.cpus} cores when the run began): absolute times are inflated and spreads are wide. The ratios are taken per round, between clients measured back to back, which keeps them usable.`,
    );
  }
  if (!n20 || !n24) items.push('Only one Node version was measured.');
  return items.map((item) => `- ${item}`).join('\n');
}

/**
 * The test command's time per task group (lint, typecheck, test...), cold and cached: the wall
 * time from the group's first task start to its last task end (its tasks run in parallel with
 * each other and with other groups), and the sum of its tasks' own times.
 * @param {Record<string, { tasks: number, cached: number, taskSeconds: number, wallSeconds: number }>} cold
 * @param {Record<string, { tasks: number, cached: number, taskSeconds: number, wallSeconds: number }>} cached
 */
function groupTable(cold, cached) {
  const names = Object.keys(cold).sort((a, b) => (cold[b]?.taskSeconds ?? 0) - (cold[a]?.taskSeconds ?? 0));
  if (names.length === 0) return '(no turbo run summary: per-group times unavailable)';
  const rows = names.map((name) => {
    const c = cold[name];
    const w = cached[name];
    return `| ${name} | ${c?.tasks ?? 0} | ${c ? `${c.wallSeconds.toFixed(1)} s` : '-'} | ${c ? `${c.taskSeconds.toFixed(1)} s` : '-'} | ${w ? `${w.cached} of ${w.tasks}` : '-'} | ${w ? `${w.wallSeconds.toFixed(2)} s` : '-'} |`;
  });
  return [
    '| Task group | Tasks | Cold: wall | Cold: sum of tasks | Cached: replayed | Cached: wall |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}
