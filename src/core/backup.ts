// Backups of every file before qmoi-hooks changes it. In a repository each backup is a tree under
// refs/qmoi/backups/<id> (never on a branch, so it cannot be pushed or committed by accident, and `git gc`
// keeps it); the ref is created only after every object is stored, so a crash leaves the whole backup or none
// of it. Outside a repository backups are folders that appear whole by a rename.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gitSync, splitNul } from '../git/git.js';
import { readBlobsSync } from '../git/index.js';
import type { RepoInfo } from '../git/repo.js';
import { QmoiError } from './errors.js';

/** One file version kept in a backup. */
export interface BackupFile {
  /** Repo-relative path in a repository, absolute path outside one. */
  path: string;
  /** Where this version came from. */
  source: 'worktree' | 'index';
  /** The bytes, or null when the file did not exist (restoring then deletes it); may be left out when `sha` is given. */
  content?: Buffer | null;
  /** Blob id of a version already in the object store (an index entry): stored by reference, never hashed again. */
  sha?: string;
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

const BACKUP_REF_PREFIX = 'refs/qmoi/backups/';

/** Where backups go: a repository, or a folder for files outside any repository. */
export type BackupStore = { kind: 'git'; repo: RepoInfo } | { kind: 'dir'; dir: string };

/** The folder for backups of files outside a repository. */
export function defaultBackupDir(env: NodeJS.ProcessEnv = process.env): string {
  const state = env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state');
  return path.join(state, 'qmoi-hooks', 'backups');
}

/** A new backup id: sortable by time, unique across concurrent hooks (no crypto module: hooks start faster). */
function newBackupId(now = new Date()): string {
  const rand = Math.floor(Math.random() * 0x1000000).toString(16).padStart(6, '0');
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z') + '-' + rand;
}

/** Saves the given file versions before they are changed; `alsoStore` blobs are written in the same git call and their ids returned. */
export function createBackup(store: BackupStore, reason: string, files: BackupFile[], opts: { now?: Date; alsoStore?: Buffer[] } = {}): BackupInfo & { stored: string[] } {
  const now = opts.now ?? new Date();
  const info: BackupInfo = {
    id: newBackupId(now),
    time: now.toISOString(),
    reason,
    files: files.map((f) => ({ path: f.path, source: f.source, existed: f.content !== null })),
  };
  if (store.kind === 'dir') return { ...writeDirBackup(store.dir, info, files), stored: [] };
  return writeGitBackup(store.repo, info, files, opts.alsoStore ?? []);
}

function writeDirBackup(dir: string, info: BackupInfo, files: BackupFile[]): BackupInfo {
  const target = path.join(dir, info.id);
  const tmp = target + '.partial';
  fs.mkdirSync(tmp, { recursive: true, mode: 0o700 });
  files.forEach((f, i) => {
    if (f.content) fs.writeFileSync(path.join(tmp, `${i}.${f.source}`), f.content, { mode: 0o600 });
  });
  fs.writeFileSync(path.join(tmp, 'meta.json'), JSON.stringify(info, null, 2));
  // The rename makes the backup appear whole or not at all; a crash leaves a .partial folder that prune removes.
  fs.renameSync(tmp, target);
  return info;
}

/**
 * A backup in a repository is a tree (not a commit, so `git log --all` and GUIs never show it) holding
 * `<n>.index`, `<n>.worktree` and `meta.json`, under refs/qmoi/backups/<id>. Index versions are referenced by
 * their blob id; new contents (and `alsoStore`) are written by one `git fast-import`; the ref is created last.
 */
function writeGitBackup(repo: RepoInfo, info: BackupInfo, files: BackupFile[], alsoStore: Buffer[]): BackupInfo & { stored: string[] } {
  const cwd = repo.top;
  const fresh: Buffer[] = [Buffer.from(JSON.stringify(info, null, 2) + '\n', 'utf8')];
  const entries: { name: string; mode: string; at: number | string }[] = [{ name: 'meta.json', mode: '100644', at: 0 }];
  files.forEach((f, i) => {
    if (f.content === null) return;
    const mode = f.mode === '100755' ? '100755' : '100644';
    if (f.sha && f.content === undefined) entries.push({ name: `${i}.${f.source}`, mode, at: f.sha });
    else entries.push({ name: `${i}.${f.source}`, mode, at: fresh.push(f.content ?? Buffer.alloc(0)) - 1 });
  });
  const shas = storeBlobs(cwd, [...fresh, ...alsoStore]);
  const tree = gitSync(['mktree', '-z'], {
    cwd,
    input: entries.map((e) => `${e.mode} blob ${typeof e.at === 'string' ? e.at : shas[e.at]}\t${e.name}\0`).join(''),
  }).stdout.trim();
  gitSync(['update-ref', BACKUP_REF_PREFIX + info.id, tree, ''], { cwd });
  return { ...info, stored: shas.slice(fresh.length) };
}

/** Writes blobs with one `git fast-import` (no temp files; `--done` makes a stream cut short fail) and returns their ids in order. */
function storeBlobs(cwd: string, blobs: Buffer[]): string[] {
  if (!blobs.length) return [];
  const parts: Buffer[] = [];
  blobs.forEach((b, i) => parts.push(Buffer.from(`blob\nmark :${i + 1}\ndata ${b.length}\n`), b, Buffer.from('\n')));
  parts.push(Buffer.from(blobs.map((_, i) => `get-mark :${i + 1}\n`).join('') + 'done\n'));
  const out = gitSync(['fast-import', '--quiet', '--done', '--cat-blob-fd=1'], { cwd, input: Buffer.concat(parts) }).stdout;
  return out.split('\n').filter(Boolean);
}

/** Lists backups, newest first. */
export function listBackups(store: BackupStore): BackupInfo[] {
  const out: BackupInfo[] = [];
  if (store.kind === 'dir') {
    if (!fs.existsSync(store.dir)) return [];
    for (const d of fs.readdirSync(store.dir)) {
      if (d.endsWith('.partial')) continue;
      const info = parseInfo(readText(path.join(store.dir, d, 'meta.json')));
      if (info) out.push(info);
    }
  } else {
    // Two calls for all of them: the refs, then every meta.json in one `cat-file --batch`.
    const top = store.repo.top;
    const trees = gitSync(['for-each-ref', '--format=%(objectname)', BACKUP_REF_PREFIX], { cwd: top }).stdout.split('\n').filter(Boolean);
    for (const m of readBlobsSync(top, trees.map((t) => `${t}:meta.json`), true)) {
      const info = m && parseInfo(m.toString('utf8'));
      if (info) out.push(info);
    }
  }
  return out.sort((a, b) => b.time.localeCompare(a.time) || b.id.localeCompare(a.id));
}

/** One backup by id or unambiguous id prefix. */
function findBackup(store: BackupStore, id: string): BackupInfo {
  const all = listBackups(store);
  const exact = all.find((b) => b.id === id);
  const matches = exact ? [exact] : all.filter((b) => b.id.startsWith(id));
  if (!id || matches.length === 0) throw new QmoiError('backup-not-found', `no backup with id ${id}`, { hint: 'qmoi-hooks restore lists the backups' });
  if (matches.length > 1) throw new QmoiError('backup-ambiguous', `${matches.length} backups start with ${id}`, { hint: 'give more of the id' });
  return matches[0];
}

/** A file version of a backup, with its bytes (null: the file did not exist) and, in a repository, its blob id. */
export type StoredFile = BackupFile & { content: Buffer | null };

/** Reads the file versions of one backup. */
export function readBackup(store: BackupStore, id: string): { info: BackupInfo; files: StoredFile[] } {
  const info = findBackup(store, id);
  if (store.kind === 'dir') {
    const files = info.files.map((f, i) => ({ path: f.path, source: f.source, content: f.existed ? fs.readFileSync(path.join(store.dir, info.id, `${i}.${f.source}`)) : null }));
    return { info, files };
  }
  const top = store.repo.top;
  const tree = new Map<string, { mode: string; sha: string }>();
  for (const rec of splitNul(gitSync(['ls-tree', '-z', BACKUP_REF_PREFIX + info.id], { cwd: top }).stdout)) {
    const tab = rec.indexOf('\t');
    const [mode, , sha] = rec.slice(0, tab).split(' ');
    tree.set(rec.slice(tab + 1), { mode, sha });
  }
  const entries = info.files.map((f, i) => (f.existed ? tree.get(`${i}.${f.source}`) : undefined));
  const present = entries.filter((e): e is { mode: string; sha: string } => !!e);
  const blobs = readBlobsSync(top, present.map((e) => e.sha));
  let next = 0;
  const files = info.files.map((f, i): StoredFile => {
    const e = entries[i];
    return e ? { path: f.path, source: f.source, content: blobs[next++], sha: e.sha, mode: e.mode } : { path: f.path, source: f.source, content: null };
  });
  return { info, files };
}

/** Deletes backups older than `maxAgeDays` (their age is in their id: no object is read); returns the ids removed. */
export function pruneBackups(store: BackupStore, maxAgeDays: number, now = Date.now()): string[] {
  const cutoff = now - maxAgeDays * 86400_000;
  const old = (ids: string[]) => ids.filter((id) => (idTime(id) ?? Infinity) < cutoff);
  if (store.kind === 'dir') {
    if (!fs.existsSync(store.dir)) return [];
    const names = fs.readdirSync(store.dir);
    // A .partial folder is a backup a crash cut short; after an hour nobody is still writing it.
    for (const n of names) if (n.endsWith('.partial') && (idTime(n) ?? Infinity) < now - 3600_000) fs.rmSync(path.join(store.dir, n), { recursive: true, force: true });
    const gone = old(names.filter((n) => !n.endsWith('.partial') && !n.startsWith('.')));
    for (const id of gone) fs.rmSync(path.join(store.dir, id), { recursive: true, force: true });
    return gone;
  }
  const top = store.repo.top;
  const refs = gitSync(['for-each-ref', '--format=%(refname)', BACKUP_REF_PREFIX], { cwd: top }).stdout.split('\n').filter(Boolean);
  const gone = old(refs.map((r) => r.slice(BACKUP_REF_PREFIX.length)));
  if (gone.length) gitSync(['update-ref', '--stdin'], { cwd: top, input: gone.map((id) => `delete ${BACKUP_REF_PREFIX}${id}\n`).join('') });
  return gone;
}

/** Prunes at most once a day (a stamp file's time says when it last ran), so hooks pay one stat, not a listing. */
export function pruneBackupsNow(store: BackupStore, maxAgeDays: number, now = Date.now()): string[] {
  const stamp = store.kind === 'dir' ? path.join(store.dir, '.last-prune') : path.join(store.repo.commonDir, 'qmoi', 'last-prune');
  const st = fs.statSync(stamp, { throwIfNoEntry: false });
  if (st && now - st.mtimeMs < 86400_000) return [];
  fs.mkdirSync(path.dirname(stamp), { recursive: true });
  fs.writeFileSync(stamp, '');
  return pruneBackups(store, maxAgeDays, now);
}

/** The time encoded in a backup id (`20250101T120000Z-…`), or undefined for a name that is not one. */
function idTime(id: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(id);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : undefined;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function parseInfo(text: string | undefined): BackupInfo | undefined {
  if (!text?.trim()) return undefined;
  try {
    const v = JSON.parse(text) as BackupInfo;
    return typeof v.id === 'string' && Array.isArray(v.files) ? v : undefined;
  } catch {
    return undefined; // a damaged backup is skipped, not fatal
  }
}
