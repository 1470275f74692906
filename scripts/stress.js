// @ts-check
/**
 * Runs the test command several times in a row (default 3) on a machine kept busy: CPU-bound
 * loops, two per core by default (4 on 2 cores), run for the whole time, so the CPU is
 * oversubscribed the way a shared CI runner or a laptop building something else is. Every run
 * uses `--force`, so every task really runs each time; the first failing run stops it.
 *
 *   pnpm stress [--runs 3] [--busy <loops>]        (npm alone: npm run stress -- --runs 3)
 *
 * Tests must assert what the code guarantees, not what timing usually gives: this is how to
 * check that they do. Takes several times as long as one cold `npm test`.
 */
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { runMain } from './lib/cli.js';
import { root, UsageError } from './lib/registry.js';

/** @param {string[]} args @param {string} name @param {number} fallback */
function count(args, name, fallback) {
  const index = args.indexOf(name);
  if (index === -1) return fallback;
  const value = Number(args[index + 1]);
  if (!Number.isInteger(value) || value < 0)
    throw new UsageError(`${name} needs a whole number, got ${args[index + 1]}`);
  return value;
}

runMain(import.meta.url, async (args) => {
  const unknown = args.find((a) => a.startsWith('-') && a !== '--runs' && a !== '--busy');
  if (unknown) throw new UsageError(`Unknown option ${unknown}. Usage: pnpm stress [--runs 3] [--busy <loops>]`);
  const runs = count(args, '--runs', 3);
  const busy = count(args, '--busy', 2 * availableParallelism());

  // Busy loops in their own processes (each pins one core's worth of CPU), ended when this ends.
  const loops = Array.from({ length: busy }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  const stopLoops = () => {
    for (const loop of loops) loop.kill('SIGKILL');
  };
  process.on('exit', stopLoops);
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.on(signal, () => {
      stopLoops();
      process.exit(130);
    });
  }
  console.log(`${busy} busy loop(s) on ${availableParallelism()} core(s); ${runs} run(s) of npm test -- --force\n`);

  // The loops are child processes that keep this one alive: stop them when the runs end, pass or fail.
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    for (let run = 1; run <= runs; run++) {
      const started = performance.now();
      const load = loadavg()[0];
      const child = spawn(npm, ['test', '--', '--force'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const code = await new Promise((resolve) => child.on('close', resolve));
      const seconds = (performance.now() - started) / 1000;
      const line = `run ${run}/${runs}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds.toFixed(0)} s (load average ${load.toFixed(1)} at the start)`;
      console.log(line);
      if (code !== 0) {
        console.error(`\n${output.trim().split('\n').slice(-80).join('\n')}\n`);
        throw new Error(`npm test failed on run ${run} of ${runs} with the CPU oversubscribed`);
      }
    }
    console.log(`\nnpm test passed ${runs} time(s) in a row with ${busy} busy loop(s).`);
  } finally {
    stopLoops();
  }
});
