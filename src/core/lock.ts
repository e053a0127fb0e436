// A lock file that survives crashes: it records the holder's pid and process start time, so a lock left by
// a killed hook (pid gone, or pid reused by another process) is recognised as stale and taken over.
import fs from 'node:fs';
import path from 'node:path';

/** Who holds a lock. */
export interface LockOwner {
  pid: number;
  /** Process start time (Linux: clock ticks since boot; elsewhere: undefined). */
  start?: string;
  /** When the lock was taken (epoch ms). */
  since: number;
}

/** A held lock; `release` is idempotent. */
export interface Lock {
  file: string;
  release(): void;
}

/** The result of trying to take a lock: held, or busy with the live owner. */
export type LockAttempt = { ok: true; lock: Lock } | { ok: false; owner: LockOwner };

/** How long to wait for a busy lock, and when a lock is old enough to be stale whatever its pid says. */
export interface LockOptions {
  waitMs?: number;
  pollMs?: number;
  staleAfterMs?: number;
}

/** Takes the lock at `file`, waiting up to `waitMs` for a live owner and taking over a stale lock at once. */
export async function acquireLock(file: string, opts: LockOptions = {}): Promise<LockAttempt> {
  const waitMs = opts.waitMs ?? 5000;
  const pollMs = opts.pollMs ?? 50;
  const staleAfterMs = opts.staleAfterMs ?? 10 * 60_000;
  const giveUp = Date.now() + waitMs;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (;;) {
    const me: LockOwner = { pid: process.pid, start: processStart(process.pid), since: Date.now() };
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: 'wx' });
      return { ok: true, lock: heldLock(file) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const raw = readRaw(file);
    if (raw === undefined) continue; // released between our two calls: try again at once
    const owner = parseOwner(raw);
    // An unreadable lock is one cut short by a crash, or one being written right now: give the writer a moment.
    if (owner ? isStale(owner, staleAfterMs) : ageMs(file) > 2000) {
      breakStale(file, raw);
      continue;
    }
    if (Date.now() >= giveUp) return { ok: false, owner: owner ?? { pid: 0, since: Date.now() } };
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Whether the recorded owner is gone: dead pid, a different process under a reused pid, or too old. */
function isStale(owner: LockOwner, staleAfterMs = 10 * 60_000): boolean {
  if (Date.now() - owner.since > staleAfterMs) return true;
  if (!isAlive(owner.pid)) return true;
  const start = processStart(owner.pid);
  return owner.start !== undefined && start !== undefined && start !== owner.start;
}

function heldLock(file: string): Lock {
  let held = true;
  return {
    file,
    release() {
      if (!held) return;
      held = false;
      fs.rmSync(file, { force: true });
    },
  };
}

/**
 * Removes a stale lock only if it is still the one judged stale: it is renamed aside first (only one of several
 * waiters wins the rename), then checked; a lock that changed in between is put back.
 */
function breakStale(file: string, judged: string): void {
  const aside = `${file}.stale-${process.pid}-${Date.now()}`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return; // someone else moved it first
  }
  if (readRaw(aside) !== judged) {
    try {
      fs.linkSync(aside, file); // put a fresh owner's lock back, unless a newer one is there already
    } catch {
      /* a newer lock exists: leave it */
    }
  }
  fs.rmSync(aside, { force: true });
}

function ageMs(file: string): number {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return st ? Date.now() - st.mtimeMs : 0;
}

function readRaw(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function parseOwner(raw: string): LockOwner | undefined {
  try {
    const v = JSON.parse(raw) as Partial<LockOwner>;
    if (typeof v.pid !== 'number' || typeof v.since !== 'number') return undefined;
    return { pid: v.pid, since: v.since, ...(typeof v.start === 'string' ? { start: v.start } : {}) };
  } catch {
    return undefined; // a lock cut short by a crash while being written
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Start time of a process from /proc (field 22 of stat), so a reused pid is not mistaken for the owner. */
function processStart(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count fields after its closing ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
