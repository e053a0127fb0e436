// One file backed up before doctor or setup rewrites it, as a backup ref like every other backup.
import fs from 'node:fs';
import path from 'node:path';
import type { RepoInfo } from '../../git/repo.js';
import { createBackup, type BackupInfo } from '../backup.js';

/** Backs up the current bytes of `abs` (a file inside `repo`) under refs/qmoi/backups/. */
export function backupFile(repo: RepoInfo, abs: string, reason: string): BackupInfo {
  const st = fs.statSync(abs);
  const rel = path.relative(repo.top, abs).split(path.sep).join('/');
  return createBackup({ kind: 'git', repo }, reason, [{ path: rel, source: 'worktree', content: fs.readFileSync(abs), mode: st.mode & 0o111 ? '100755' : '100644' }]);
}
