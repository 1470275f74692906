// @ts-check
/**
 * The processes a command started, for stopping all of them: turbo runs each task in a process
 * group of its own, so a signal to the command's group does not reach the tasks, and a task
 * whose turbo is killed is left to init. Collected before anything is killed, while the tree is
 * still intact.
 *
 * Uses nothing but Node built-ins: scripts/bootstrap.js uses it before any install.
 */
import { execFileSync } from 'node:child_process';

/**
 * The pids of every descendant of `pid` (POSIX `ps`); none if `ps` cannot be run.
 * @param {number} pid
 * @returns {number[]}
 */
export function descendants(pid) {
  let listing;
  try {
    listing = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const line of listing.split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number);
    if (!child || parent === undefined) continue;
    const siblings = children.get(parent);
    if (siblings) siblings.push(child);
    else children.set(parent, [child]);
  }
  const found = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of children.get(next) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/**
 * Sends `signal` to a process group and to each given pid; gone ones are skipped.
 * @param {number} group  the group's id (its leader's pid)
 * @param {Iterable<number>} pids
 * @param {NodeJS.Signals} signal
 */
export function signalAll(group, pids, signal) {
  for (const target of [-group, ...pids]) {
    try {
      process.kill(target, signal);
    } catch {
      // already gone
    }
  }
}

/** Whether a process (or, with a negative id, a process group) still exists. @param {number} pid */
export function exists(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
