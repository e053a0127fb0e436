// One push at a time per repository: a lock file in the common git dir (shared by all worktrees).
// A second push waits for the first (so the newest commit still gets pushed); a lock whose process is
// gone, or that is older than an hour (a reused pid), is taken over.
import fs from 'node:fs';
import path from 'node:path';

/** The lock's name in the common git dir: shared by every worktree of the repository. */
export const LOCK_FILE = 'qmoi-push.lock';
const STALE_MS = 3600_000;

/** Gives the lock back. */
export type ReleaseLock = () => void;

/** Takes the push lock, waiting up to `waitMs`; undefined when another push still holds it then. */
export async function acquirePushLock(commonDir: string, opts: { waitMs: number; pollMs?: number }): Promise<ReleaseLock | undefined> {
  const file = path.join(commonDir, LOCK_FILE);
  const until = Date.now() + opts.waitMs;
  for (;;) {
    if (tryCreate(file)) {
      return () => {
        // Only remove the lock if it is still ours.
        if (readOwner(file) === process.pid) fs.rmSync(file, { force: true });
      };
    }
    const owner = readOwner(file);
    const age = Date.now() - (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    // An unreadable lock older than a few seconds was left by a crash between creating and writing it.
    const stale = owner === undefined ? age > 5000 : !isAlive(owner) || age > STALE_MS;
    if (stale) {
      fs.rmSync(file, { force: true });
      continue;
    }
    if (Date.now() >= until) return undefined;
    await new Promise((resolve) => setTimeout(resolve, opts.pollMs ?? 100));
  }
}

function tryCreate(file: string): boolean {
  try {
    fs.writeFileSync(file, JSON.stringify({ pid: process.pid, time: new Date().toISOString() }), { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** The pid in the lock file; undefined when it is unreadable (being written, or removed meanwhile). */
function readOwner(file: string): number | undefined {
  try {
    const pid = (JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: unknown }).pid;
    return typeof pid === 'number' ? pid : undefined;
  } catch {
    return undefined;
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
