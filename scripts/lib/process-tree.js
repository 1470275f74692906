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
import { readdirSync, readFileSync } from 'node:fs';

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

/**
 * Whether a process (or, with a negative id, a process group) is still running. A zombie (a
 * process that has ended but not yet been reaped by its parent, here often init, which may take
 * seconds) holds no port and does nothing: on Linux it does not count.
 * @param {number} pid
 */
export function exists(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  if (pid > 0) return state(String(pid))?.state !== 'Z';
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return true;
  }
  return entries.some((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    const found = state(entry);
    return found !== undefined && found.group === -pid && found.state !== 'Z';
  });
}

/**
 * A Linux process's state letter and process group, from /proc/<pid>/stat; undefined when it is gone.
 * @param {string} pid
 */
function state(pid) {
  let stat;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (command) state ppid pgrp ...": the command may hold spaces and parentheses.
  const [letter, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: letter, group: Number(group) };
}
