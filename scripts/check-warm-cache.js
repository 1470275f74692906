// @ts-check
/**
 * Checks that, once `npm test` has run, nothing is done twice: a second `npm test` replays every
 * task from turbo's cache (FULL TURBO), and so does the build step of `npm start` from its second
 * run on. `.ci/run` calls it right after the first `npm test` of a fresh clone, which is how a
 * new user meets the project.
 *
 *   node scripts/check-warm-cache.js
 *
 * `npm start` runs with `--docs-port 0 --free-ports` (no fixed port is taken) and is stopped with
 * SIGTERM once everything is running.
 */
import { spawn } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';
import { runMain } from './lib/cli.js';
import { root } from './lib/registry.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * Runs an npm command, its output kept; with `until`, stops it with SIGTERM once that text
 * appears. Resolves with the output and wall time.
 * @param {string[]} args
 * @param {string} [until]
 * @returns {Promise<{ output: string, seconds: number }>}
 */
function runNpm(args, until) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(npm, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stopped = false;
    const collect = (/** @type {Buffer} */ chunk) => {
      output += chunk;
      if (until && !stopped && output.includes(until)) {
        stopped = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code === 0 || stopped) resolve({ output, seconds });
      else reject(new Error(`npm ${args.join(' ')} exited with ${code}:\n${output.trim().slice(-4000)}`));
    });
  });
}

/**
 * The turbo summary of a run, and the tasks it ran rather than replayed.
 * @param {string} output
 */
function turboRun(output) {
  const plain = stripVTControlCharacters(output);
  return {
    fullTurbo: plain.includes('FULL TURBO'),
    summary: /Cached:\s+\d+ cached, \d+ total/.exec(plain)?.[0] ?? '(no turbo summary)',
    executed: [...plain.matchAll(/^(\S+): cache miss, executing/gm)].map((m) => m[1]),
  };
}

runMain(import.meta.url, async () => {
  const problems = [];

  const test = await runNpm(['test']);
  const testRun = turboRun(test.output);
  console.log(`second npm test: ${testRun.summary}, ${test.seconds.toFixed(1)} s`);
  if (!testRun.fullTurbo) problems.push(`npm test ran tasks again: ${testRun.executed.join(', ') || testRun.summary}`);

  const startArgs = ['start', '--', '--docs-port', '0', '--free-ports'];
  const ready = 'Everything is running';
  const first = turboRun((await runNpm(startArgs, ready)).output);
  console.log(`first npm start: ${first.summary}`);
  const second = await runNpm(startArgs, ready);
  const secondRun = turboRun(second.output);
  console.log(`second npm start: ${secondRun.summary}, ready in ${second.seconds.toFixed(1)} s`);
  if (!secondRun.fullTurbo) {
    problems.push(`npm start built again: ${secondRun.executed.join(', ') || secondRun.summary}`);
  }

  if (problems.length > 0) throw new Error(problems.join('\n'));
  console.log('Warm: the second npm test and the second npm start were FULL TURBO.');
});
