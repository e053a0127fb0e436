// Names that keep commits reachable whatever happens to the branch: a local ref per commit pushed
// (refs/qmoi/backup/<branch>/<time>) and, when a push cannot land, a remote branch qmoi/backup/<branch>/<time>.
import { gitSync } from '../../git/git.js';
import { QmoiError } from '../errors.js';

/** Local backup refs live outside refs/heads, so no branch listing or push picks them up by accident. */
export const LOCAL_BACKUP_PREFIX = 'refs/qmoi/backup/';
/** Remote backup branches: a name that says what they are and sorts by branch and time. */
export const REMOTE_BACKUP_PREFIX = 'qmoi/backup/';

/** A sortable, ref-safe UTC time stamp: 20250102T030405.678Z. */
export function backupStamp(now: Date = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '');
}

/** The time a backup ref or branch was made, read back from its name (…/20250102T030405.678Z, maybe -2). */
export function backupStampTime(ref: string): number | undefined {
  const m = /\/(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.(\d{3}))?Z(?:-\d+)?$/.exec(ref);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], +(m[7] ?? 0)) : undefined;
}

/**
 * Creates refs/qmoi/backup/<branch>/<time> at `commit`; never moves an existing ref (a second backup in
 * the same millisecond gets a -2 suffix). Returns the ref's full name.
 */
export function createBackupRef(top: string, branch: string, commit: string, now: Date = new Date()): string {
  const base = `${LOCAL_BACKUP_PREFIX}${branch}/${backupStamp(now)}`;
  for (let n = 1; ; n++) {
    const ref = n === 1 ? base : `${base}-${n}`;
    // The empty old value makes update-ref fail instead of overwriting a ref that exists.
    const r = gitSync(['update-ref', '-m', 'qmoi-hooks: backup before push', ref, commit, ''], { cwd: top, allowFailure: true });
    if (r.exitCode === 0) return ref;
    // Only a name already taken is worth another suffix; any other failure (disk full, refs not writable) is final.
    if (n >= 20 || !/already exists/.test(r.stderr)) {
      const why = r.stderr.trim().split('\n').filter(Boolean).join('; ');
      throw new QmoiError('backup-ref-failed', `cannot create backup ref ${ref}: ${why}`);
    }
  }
}

/** The remote branch a commit goes to when it cannot land on `branch`. */
export function remoteBackupBranch(branch: string, now: Date = new Date()): string {
  return `${REMOTE_BACKUP_PREFIX}${branch}/${backupStamp(now)}`;
}
