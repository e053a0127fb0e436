// `restore ID`: puts the file versions of a backup back, after backing up what is there now, so that a restore
// can itself be undone with the backup it reports.
import fs from 'node:fs';
import path from 'node:path';
import { createBackup, readBackup, type BackupFile, type BackupInfo, type BackupStore, type StoredFile } from './backup.js';
import { indexBlobs, updateIndexEntries } from '../git/index.js';
import { QmoiError } from './errors.js';
import { writeFileAtomic } from './write-file.js';

/** Which versions to put back (default: both, the state before the backed-up change), and of which files. */
export interface RestoreOptions {
  index?: boolean;
  worktree?: boolean;
  /** Only these paths (repo-relative in a repository, absolute outside one). */
  files?: string[];
}

/** One file version put back. */
export interface RestoredFile {
  path: string;
  source: 'worktree' | 'index';
  /** written: the backed-up bytes are back; deleted: the file did not exist then, so it was removed. */
  action: 'written' | 'deleted';
}

/** What a restore did, and the backup that undoes it. */
export interface RestoreResult {
  backup: BackupInfo;
  restored: RestoredFile[];
  undo?: BackupInfo;
}

/** Restores backup `id`: working-tree versions to the working tree, index versions to the index. */
export function restoreBackup(store: BackupStore, id: string, opts: RestoreOptions = {}): RestoreResult {
  const { info, files } = readBackup(store, id);
  const both = !opts.index && !opts.worktree;
  const wanted = files.filter(
    (f) => (both || (f.source === 'index' ? opts.index : opts.worktree)) && (!opts.files?.length || opts.files.includes(f.path)),
  );
  if (store.kind === 'dir' && wanted.some((f) => f.source === 'index')) {
    throw new QmoiError('restore-no-index', 'this backup was made outside a repository: it has working-tree versions only', { exitCode: 2 });
  }
  if (!wanted.length) {
    throw new QmoiError('restore-nothing', `backup ${info.id} has no ${opts.index ? 'index ' : opts.worktree ? 'working-tree ' : ''}version of the files asked for`, {
      exitCode: 2,
      hint: `it holds: ${[...new Set(info.files.map((f) => f.path))].join(', ')}`,
    });
  }
  const base = store.kind === 'git' ? store.repo.top : '/';
  const undo = createBackup(store, `before restore ${info.id}`, currentVersions(store, wanted));
  const indexed = wanted.filter((f) => f.source === 'index');
  if (store.kind === 'git' && indexed.length) {
    updateIndexEntries(
      store.repo.top,
      indexed.map((f) => (f.content === null ? { path: f.path, mode: '0', sha: '' } : { path: f.path, mode: f.mode ?? '100644', sha: f.sha! })),
    );
  }
  for (const f of wanted) {
    if (f.source !== 'worktree') continue;
    const abs = path.resolve(base, f.path);
    if (f.content === null) fs.rmSync(abs, { force: true });
    else {
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      writeFileAtomic(abs, f.content);
      if (f.mode) fs.chmodSync(abs, f.mode === '100755' ? 0o755 : 0o644);
    }
  }
  const restored = wanted.map((f): RestoredFile => ({ path: f.path, source: f.source, action: f.content === null ? 'deleted' : 'written' }));
  return { backup: info, restored, undo: { id: undo.id, time: undo.time, reason: undo.reason, files: undo.files } };
}

/** The versions a restore is about to replace: index entries by blob id, working-tree files by content. */
function currentVersions(store: BackupStore, wanted: StoredFile[]): BackupFile[] {
  const top = store.kind === 'git' ? store.repo.top : '/';
  const inIndex = store.kind === 'git' ? indexBlobs(top, wanted.filter((f) => f.source === 'index').map((f) => f.path)) : new Map();
  return wanted.map((f): BackupFile => {
    if (f.source === 'index') {
      const e = inIndex.get(f.path);
      return e ? { path: f.path, source: 'index', sha: e.sha, mode: e.mode } : { path: f.path, source: 'index', content: null };
    }
    const abs = path.resolve(top, f.path);
    const st = fs.lstatSync(abs, { throwIfNoEntry: false });
    if (!st?.isFile()) return { path: f.path, source: 'worktree', content: null };
    return { path: f.path, source: 'worktree', content: fs.readFileSync(abs), mode: st.mode & 0o111 ? '100755' : '100644' };
  });
}
