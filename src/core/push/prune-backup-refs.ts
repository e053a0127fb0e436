// Every commit pushed gets a local backup ref; without pruning they pile up by thousands and slow every git
// command that lists refs. A backup ref guards nothing once its commit is on a remote: those older than
// backup.maxAgeDays are deleted after a push. A backup whose commit no remote has (the commits a rebase
// replaced, a commit parked after a conflict) is kept whatever its age.
import { gitSync, splitNul } from '../../git/git.js';
import { backupStampTime, LOCAL_BACKUP_PREFIX } from './backup-ref.js';

/**
 * Deletes the backup refs of `branch` older than `maxAgeDays` whose commit is reachable from one of the
 * `landed` commits (tips a remote was just found to have). Each ref is deleted only if it still points where
 * it did when listed. Returns the refs deleted.
 */
export function pruneLandedBackupRefs(top: string, branch: string, landed: string[], maxAgeDays: number, now = Date.now()): string[] {
  const cutoff = now - maxAgeDays * 86400_000;
  const old = new Map<string, string>();
  for (const tip of new Set(landed)) {
    const listed = gitSync(['for-each-ref', '--format=%(refname)%00%(objectname)%00', `--merged=${tip}`, `${LOCAL_BACKUP_PREFIX}${branch}/`], { cwd: top, allowFailure: true });
    if (listed.exitCode !== 0) continue;
    const fields = splitNul(listed.stdout.replace(/\n/g, ''));
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const time = backupStampTime(fields[i]);
      if (time !== undefined && time < cutoff) old.set(fields[i], fields[i + 1]);
    }
  }
  if (!old.size) return [];
  const input = [...old].map(([ref, sha]) => `delete ${ref}\0${sha}\0`).join('');
  const r = gitSync(['update-ref', '--stdin', '-z'], { cwd: top, input, allowFailure: true });
  return r.exitCode === 0 ? [...old.keys()] : [];
}
