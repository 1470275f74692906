// @ts-check
/**
 * Stops the commands of scripts/bootstrap.js when bootstrap.js itself is gone, however it ended
 * (even SIGKILL, which it cannot handle): bootstrap starts this guard with an IPC channel and
 * sends it the id of each process group it starts; the channel closes when bootstrap exits, and
 * the guard then sends SIGTERM to each group still running, and SIGKILL to every process of it
 * (turbo's tasks included, see process-tree.js) still there 3 s later, so no server keeps its port.
 *
 * Uses nothing but Node built-ins: it runs before any dependency is installed.
 */
import { descendants, exists, signalAll } from './process-tree.js';

/** How long a command has to stop after SIGTERM before all of it is killed. */
const GRACE_MS = 3000;

/** @type {Set<number>} */
const groups = new Set();

process.on('message', (/** @type {{ start?: number, end?: number }} */ message) => {
  if (typeof message.start === 'number') groups.add(message.start);
  if (typeof message.end === 'number') groups.delete(message.end);
});

process.on('disconnect', () => {
  const alive = [...groups].filter((group) => exists(-group));
  if (alive.length === 0) process.exit(0);
  for (const group of alive) signalAll(group, [], 'SIGTERM');
  const running = alive.map((group) => ({ group, pids: [group, ...descendants(group)] }));
  const deadline = Date.now() + GRACE_MS;
  setInterval(() => {
    const left = running.filter(({ group, pids }) => exists(-group) || pids.some(exists));
    if (left.length === 0) process.exit(0);
    if (Date.now() >= deadline) {
      for (const { group, pids } of left) signalAll(group, [...pids, ...descendants(group)], 'SIGKILL');
      process.exit(0);
    }
  }, 100);
});

// The guard ignores the signals a terminal sends to the whole foreground group: bootstrap
// forwards them, and the guard must outlive it to clean up.
for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGHUP'])) process.on(signal, () => {});
