// @ts-check
/**
 * Stops the process groups of scripts/bootstrap.js's commands when bootstrap.js itself is gone,
 * however it ended (even SIGKILL, which it cannot handle): bootstrap starts this guard with an
 * IPC channel and sends it the id of each process group it starts; the channel closes when
 * bootstrap exits, and the guard then sends SIGTERM to each group still running, and SIGKILL to
 * whatever is left 3 s later, so that no server keeps its port.
 *
 * Uses nothing but Node built-ins: it runs before any dependency is installed.
 */

/** How long a group has to stop after SIGTERM before it is killed. */
const GRACE_MS = 3000;

/** @type {Set<number>} */
const groups = new Set();

process.on('message', (/** @type {{ start?: number, end?: number }} */ message) => {
  if (typeof message.start === 'number') groups.add(message.start);
  if (typeof message.end === 'number') groups.delete(message.end);
});

/** @param {number} group @param {NodeJS.Signals | 0} signal @returns {boolean} whether the group still exists */
function signalGroup(group, signal) {
  try {
    process.kill(-group, signal);
    return true;
  } catch {
    return false;
  }
}

process.on('disconnect', () => {
  const running = [...groups].filter((group) => signalGroup(group, 'SIGTERM'));
  if (running.length === 0) process.exit(0);
  const deadline = Date.now() + GRACE_MS;
  setInterval(() => {
    const left = running.filter((group) => signalGroup(group, 0));
    if (left.length === 0) process.exit(0);
    if (Date.now() >= deadline) {
      for (const group of left) signalGroup(group, 'SIGKILL');
      process.exit(0);
    }
  }, 100);
});

// The guard itself ignores the signals a terminal sends to the whole foreground group: bootstrap
// forwards them, and the guard must outlive it to clean up.
for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGHUP'])) process.on(signal, () => {});
