// One push at a time per repository: a lock file in the common git dir (shared by all worktrees).
// A second push waits for the first (so the newest commit still gets pushed). The lock records its holder's
// pid and process start time (src/core/lock.ts), so a lock whose process is gone, or whose pid now belongs to
// another process (pids wrap around), is taken over at once; one older than an hour is taken over regardless.
import path from 'node:path';
import { acquireLock } from '../lock.js';

/** The lock's name in the common git dir: shared by every worktree of the repository. */
export const LOCK_FILE = 'qmoi-push.lock';
const STALE_MS = 3600_000;

/** Gives the lock back. */
export type ReleaseLock = () => void;

/** Takes the push lock, waiting up to `waitMs`; undefined when another push still holds it then. */
export async function acquirePushLock(commonDir: string, opts: { waitMs: number; pollMs?: number }): Promise<ReleaseLock | undefined> {
  const got = await acquireLock(path.join(commonDir, LOCK_FILE), { waitMs: opts.waitMs, pollMs: opts.pollMs ?? 100, staleAfterMs: STALE_MS });
  return got.ok ? () => got.lock.release() : undefined;
}
