// @ts-check
/**
 * The servers behind `npm run mock` (and `npm start`, which stops the same way) stop with the
 * command, however it is stopped: SIGTERM to npm (a process manager, a container stop), SIGINT to
 * npm, or the bootstrap script killed outright. Every port is freed and no process the command
 * started is left (npm itself must exit too, in its own time). The mocks run on free ports
 * (`--free-ports`), never the fixed ones.
 *
 * Within 5 s: bootstrap.js signals the command at once and kills whatever is left 3 s later (its
 * guard does, if bootstrap.js itself was killed), so the limit holds while the CPU is shared
 * (`pnpm stress` runs the suite with twice as many busy loops as cores; stops there took 0.6 to
 * 1.4 s). Each test reports the time its stop took.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { providers, root } from '../lib/registry.js';

/** Every port free and every process gone this soon after the stop. */
const STOP_WITHIN_MS = 5000;

/** Every process as `{ pid, ppid, state, command }`. */
function processes() {
  return execFileSync('ps', ['-A', '-o', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((m) => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), state: m[3] ?? '', command: m[4] ?? '' }));
}

/** The pids of `pid` and all its descendants. @param {number} pid */
function tree(pid) {
  const all = processes();
  const found = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (found.has(p.ppid) && !found.has(p.pid)) {
        found.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => found.has(p.pid));
}

/** Whether something accepts connections on the port. @param {number} port */
function listening(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts `npm run mock -- --free-ports --quiet` and waits until every mock listens.
 * @returns {Promise<{ npm: import('node:child_process').ChildProcess, ports: number[], pids: ReturnType<typeof tree>, output: () => string }>}
 */
async function startMocks() {
  const npm = spawn(
    process.platform === 'win32' ? 'npm.cmd' : 'npm',
    ['run', 'mock', '--', '--free-ports', '--quiet'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  npm.stdout?.on('data', (chunk) => (output += chunk));
  npm.stderr?.on('data', (chunk) => (output += chunk));
  await new Promise((resolve, reject) => {
    npm.stdout?.on('data', () => output.includes('Mocks are running') && resolve(undefined));
    npm.once('exit', (code) => reject(new Error(`npm run mock exited with ${code} before it was ready:\n${output}`)));
  });
  const ports = [...output.matchAll(/http:\/\/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
  assert.equal(ports.length, providers.length, `one port per mock:\n${output}`);
  for (const port of ports) assert.equal(await listening(port), true, `port ${port} listens`);
  const pids = tree(/** @type {number} */ (npm.pid));
  assert.ok(
    pids.some((p) => p.command.includes('scripts/bootstrap.js')) &&
      pids.some((p) => p.command.includes('scripts/mock.js')),
    `npm, bootstrap.js and mock.js run:\n${pids.map((p) => p.command).join('\n')}`,
  );
  return { npm, ports, pids, output: () => output };
}

/**
 * Waits until no port listens and no process is left, and fails unless that was seen within
 * STOP_WITHIN_MS of `since` (a check counts when it ends, so its own time counts against the
 * stop), naming what is left.
 * @param {number[]} ports @param {ReturnType<typeof tree>} pids @param {number} since
 * @returns {Promise<number>} how long the stop took, in ms
 */
async function expectAllStopped(ports, pids, since) {
  /** @type {string[]} */
  let left = [];
  let took = 0;
  for (;;) {
    const alive = new Set(
      processes()
        .filter((p) => !p.state.startsWith('Z'))
        .map((p) => p.pid),
    );
    const open = [];
    for (const port of ports) if (await listening(port)) open.push(`port ${port}`);
    left = [...open, ...pids.filter((p) => alive.has(p.pid)).map((p) => `process ${p.pid}: ${p.command}`)];
    took = performance.now() - since;
    if (left.length === 0 && took <= STOP_WITHIN_MS) return took;
    if (took >= STOP_WITHIN_MS) break;
    await sleep(100);
  }
  for (const p of pids) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  assert.fail(
    left.length === 0
      ? `everything was gone only ${(took / 1000).toFixed(1)} s after the stop, over the ${STOP_WITHIN_MS / 1000} s limit`
      : `${(took / 1000).toFixed(1)} s after the stop, still there:\n  ${left.join('\n  ')}`,
  );
}

for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT', 'SIGKILL'])) {
  test(`${signal} to the npm process stops every mock`, async (t) => {
    const { npm, ports, pids } = await startMocks();
    const exited = new Promise((resolve) => npm.once('exit', resolve));
    const since = performance.now();
    npm.kill(signal);
    // npm itself may take a while to tidy up and exit once its script has ended (seconds on a
    // busy machine); what it started must be gone within the limit, and npm must exit.
    const took = await expectAllStopped(
      ports,
      pids.filter((p) => p.pid !== npm.pid),
      since,
    );
    t.diagnostic(`every port free and every process gone ${(took / 1000).toFixed(1)} s after ${signal}`);
    await exited;
  });
}

for (const signal of /** @type {const} */ (['SIGKILL', 'SIGTERM'])) {
  test(`${signal} to bootstrap.js stops every mock`, async (t) => {
    const { npm, ports, pids } = await startMocks();
    const exited = new Promise((resolve) => npm.once('exit', resolve));
    const bootstrap = pids.find((p) => p.command.includes('scripts/bootstrap.js'));
    assert.ok(bootstrap);
    const since = performance.now();
    process.kill(bootstrap.pid, signal);
    // npm, which ran bootstrap.js, reports the failure and exits in its own time, as above.
    const took = await expectAllStopped(
      ports,
      pids.filter((p) => p.pid !== npm.pid),
      since,
    );
    t.diagnostic(`every port free and every process gone ${(took / 1000).toFixed(1)} s after ${signal}`);
    await exited;
  });
}
