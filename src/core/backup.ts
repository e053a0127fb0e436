// Backups of every file before qmoi-hooks changes it. In a repository they are commits under
// refs/qmoi/backups/ (never on a branch, so they cannot be pushed or committed by accident, and `git gc`
// keeps them); outside one they are folders under the user's state directory.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gitSync, gitSyncBuffer, splitNul } from '../git/git.js';
import type { RepoInfo } from '../git/repo.js';
import { QmoiError } from './errors.js';

/** One file version kept in a backup. */
export interface BackupFile {
  /** Repo-relative path in a repository, absolute path outside one. */
  path: string;
  /** Where this version came from. */
  source: 'worktree' | 'index';
  /** The bytes, or null when the file did not exist (restoring then deletes it). */
  content: Buffer | null;
  /** File mode as git writes it (100644 or 100755). */
  mode?: string;
}

/** What a backup's metadata records. */
export interface BackupInfo {
  id: string;
  time: string;
  reason: string;
  files: { path: string; source: 'worktree' | 'index'; existed: boolean }[];
}

export const BACKUP_REF_PREFIX = 'refs/qmoi/backups/';

/** Where backups go: a repository, or a folder for files outside any repository. */
export type BackupStore = { kind: 'git'; repo: RepoInfo } | { kind: 'dir'; dir: string };

/** The folder for backups of files outside a repository. */
export function defaultBackupDir(env: NodeJS.ProcessEnv = process.env): string {
  const state = env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state');
  return path.join(state, 'qmoi-hooks', 'backups');
}

/** A new backup id: sortable by time, unique across concurrent hooks. */
export function newBackupId(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z') + '-' + crypto.randomBytes(3).toString('hex');
}

/** Saves the given file versions before they are changed; returns the backup's metadata. */
export function createBackup(store: BackupStore, reason: string, files: BackupFile[], now = new Date()): BackupInfo {
  const info: BackupInfo = {
    id: newBackupId(now),
    time: now.toISOString(),
    reason,
    files: files.map((f) => ({ path: f.path, source: f.source, existed: f.content !== null })),
  };
  if (store.kind === 'dir') return writeDirBackup(store.dir, info, files);
  return writeGitBackup(store.repo, info, files);
}

function writeDirBackup(dir: string, info: BackupInfo, files: BackupFile[]): BackupInfo {
  const target = path.join(dir, info.id);
  const tmp = target + '.partial';
  fs.mkdirSync(tmp, { recursive: true, mode: 0o700 });
  files.forEach((f, i) => {
    if (f.content) fs.writeFileSync(path.join(tmp, `${i}.${f.source}`), f.content, { mode: 0o600 });
  });
  fs.writeFileSync(path.join(tmp, 'meta.json'), JSON.stringify(info, null, 2));
  // The rename makes the backup appear whole or not at all.
  fs.renameSync(tmp, target);
  return info;
}

function writeGitBackup(repo: RepoInfo, info: BackupInfo, files: BackupFile[]): BackupInfo {
  const cwd = repo.top;
  const entries: string[] = [];
  files.forEach((f, i) => {
    if (!f.content) return;
    const sha = gitSync(['hash-object', '-w', '--stdin'], { cwd, input: f.content }).stdout.trim();
    entries.push(`${f.mode === '100755' ? '100755' : '100644'} blob ${sha}\t${i}.${f.source}`);
  });
  const metaSha = gitSync(['hash-object', '-w', '--stdin'], { cwd, input: JSON.stringify(info, null, 2) }).stdout.trim();
  entries.push(`100644 blob ${metaSha}\tmeta.json`);
  const tree = gitSync(['mktree'], { cwd, input: entries.join('\n') + '\n' }).stdout.trim();
  const commit = gitSync(['commit-tree', tree, '-m', `qmoi-hooks backup: ${info.reason}`], { cwd, env: identityEnv() }).stdout.trim();
  gitSync(['update-ref', BACKUP_REF_PREFIX + info.id, commit, ''], { cwd });
  return info;
}

/** A fixed identity for backup commits, so a repo without user.name still gets its backups. */
function identityEnv(): NodeJS.ProcessEnv {
  return {
    GIT_AUTHOR_NAME: process.env.GIT_AUTHOR_NAME || 'qmoi-hooks',
    GIT_AUTHOR_EMAIL: process.env.GIT_AUTHOR_EMAIL || 'qmoi-hooks@localhost',
    GIT_COMMITTER_NAME: process.env.GIT_COMMITTER_NAME || 'qmoi-hooks',
    GIT_COMMITTER_EMAIL: process.env.GIT_COMMITTER_EMAIL || 'qmoi-hooks@localhost',
  };
}

/** Lists backups, newest first. */
export function listBackups(store: BackupStore): BackupInfo[] {
  if (store.kind === 'dir') {
    if (!fs.existsSync(store.dir)) return [];
    return fs
      .readdirSync(store.dir)
      .filter((d) => !d.endsWith('.partial') && fs.existsSync(path.join(store.dir, d, 'meta.json')))
      .map((d) => JSON.parse(fs.readFileSync(path.join(store.dir, d, 'meta.json'), 'utf8')) as BackupInfo)
      .sort((a, b) => b.id.localeCompare(a.id));
  }
  const cwd = store.repo.top;
  const refs = gitSync(['for-each-ref', '--format=%(refname)', BACKUP_REF_PREFIX], { cwd }).stdout.split('\n').filter(Boolean);
  const out: BackupInfo[] = [];
  for (const ref of refs) {
    const meta = gitSync(['cat-file', 'blob', `${ref}:meta.json`], { cwd, allowFailure: true });
    if (meta.exitCode !== 0) continue;
    try {
      out.push(JSON.parse(meta.stdout) as BackupInfo);
    } catch {
      /* a damaged backup is skipped, not fatal */
    }
  }
  return out.sort((a, b) => b.id.localeCompare(a.id));
}

/** Reads the file versions of one backup. */
export function readBackup(store: BackupStore, id: string): { info: BackupInfo; files: BackupFile[] } {
  const info = listBackups(store).find((b) => b.id === id || b.id.startsWith(id));
  if (!info) throw new QmoiError('backup-not-found', `no backup with id ${id}`, { hint: 'qmoi-hooks restore lists the backups' });
  const files: BackupFile[] = info.files.map((f, i) => {
    if (!f.existed) return { path: f.path, source: f.source, content: null };
    if (store.kind === 'dir') return { path: f.path, source: f.source, content: fs.readFileSync(path.join(store.dir, info.id, `${i}.${f.source}`)) };
    const spec = `${BACKUP_REF_PREFIX}${info.id}:${i}.${f.source}`;
    const mode = splitNul(gitSync(['ls-tree', '-z', `${BACKUP_REF_PREFIX}${info.id}`, '--', `${i}.${f.source}`], { cwd: store.repo.top }).stdout)[0]?.split(' ')[0];
    return { path: f.path, source: f.source, content: gitSyncBuffer(['cat-file', 'blob', spec], { cwd: store.repo.top }), mode };
  });
  return { info, files };
}

/** Deletes backups older than `maxAgeDays`; returns the ids removed. */
export function pruneBackups(store: BackupStore, maxAgeDays: number, now = Date.now()): string[] {
  const cutoff = now - maxAgeDays * 86400_000;
  const old = listBackups(store).filter((b) => Date.parse(b.time) < cutoff);
  for (const b of old) {
    if (store.kind === 'dir') fs.rmSync(path.join(store.dir, b.id), { recursive: true, force: true });
    else gitSync(['update-ref', '-d', BACKUP_REF_PREFIX + b.id], { cwd: store.repo.top });
  }
  return old.map((b) => b.id);
}
