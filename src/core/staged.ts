// The pre-commit pipeline: repairs what is staged (the index), not what is on disk, and carries the same fix
// into the working tree by a 3-way merge. Nothing is stashed or hidden, so the user's unstaged work stays in
// the working tree at every instant. Order: backup (one fast-import, the ref appears whole or not at all),
// then the index (one atomic update-index per index file), then each working-tree file (atomic rename);
// a crash between any two steps leaves every version the user had either in place or in the backup.
import fs from 'node:fs';
import path from 'node:path';
import type { BackupFile } from './backup.js';
import { QmoiError } from './errors.js';
import { acquireLock, type LockOwner } from './lock.js';
import type { FileResult, RepairBufferOptions } from './repair/repair-buffer.js';
import { isRepairable } from './repair/registry.js';
import type { RepairRun } from './repair-files.js';
import { matchesAny } from './glob.js';
import { indexBlobs, indexFilesToUpdate, mergeText, readBlobsSync, stagedChanges, updateIndexEntries, type IndexUpdate, type StagedEntry } from '../git/index.js';
import type { Workspace } from './workspace.js';

export interface StagedOptions extends RepairBufferOptions {
  /** Write the repaired blobs to the index and the working tree (false: report only). */
  write: boolean;
  withDiff?: boolean;
  /** How long a second run waits for the first to finish before declining (default 5 s). */
  lockWaitMs?: number;
}

/**
 * What happened to the working-tree copy of a repaired file: `same` it matched the staged version and now has
 * the fix; `merged` it had unstaged changes and the fix was merged into them; `conflict` the unstaged changes
 * overlap the fix, so the file was left as it was; `changed` it changed while we worked, so it was left alone;
 * `absent` it is deleted (or not a regular file) in the working tree.
 */
export type WorktreeOutcome = 'same' | 'merged' | 'conflict' | 'changed' | 'absent';

/** One file's result; a repaired file also says what its working-tree copy took (and, for --dry-run, the diff). */
export type StagedFileResult = FileResult & { diff?: string; worktree?: WorktreeOutcome };

/** A staged run: the repair results and whether anything is left to commit. */
export interface StagedRun extends RepairRun {
  files: StagedFileResult[];
  /** After repair the staged changes equal HEAD: the commit would be empty (git checks that before the hook). */
  emptied?: boolean;
}

/** The staged files a run looks at: regular files a repairer handles, not excluded by config. */
function repairableEntries(ws: Workspace, entries: StagedEntry[], opts: Pick<RepairBufferOptions, 'plugins' | 'languages'> = {}): StagedEntry[] {
  const exclude = ws.loaded.config.repair.exclude;
  // Regular files only: symlinks (120000) hold a target path, submodules (160000) a commit id.
  return entries.filter(
    (e) => e.status !== 'D' && (e.mode === '100644' || e.mode === '100755') && isRepairable(e.path, opts.plugins, opts.languages) && !(exclude.length && matchesAny(e.path, exclude)),
  );
}

/** The error a second concurrent run returns once it has waited long enough. */
export class StagedBusyError extends QmoiError {
  readonly owner: LockOwner;
  constructor(owner: LockOwner) {
    super('staged-busy', `another qmoi-hooks run (pid ${owner.pid}) is repairing the staged files of this repository`, {
      hint: 'wait for it to finish, then commit again',
    });
    this.owner = owner;
  }
}

/** Repairs the staged versions of the staged files (index first, then the working tree). */
export async function repairStaged(ws: Workspace, opts: StagedOptions): Promise<StagedRun> {
  const repo = ws.repo!;
  const top = repo.top;
  const empty: StagedRun = { files: [], summary: { ok: 0, repaired: 0, unrepairable: 0, skipped: 0 } };

  const lock = opts.write ? await acquireLock(path.join(repo.gitDir, 'qmoi', 'staged.lock'), { waitMs: opts.lockWaitMs }) : undefined;
  if (lock && !lock.ok) throw new StagedBusyError(lock.owner);
  try {
    const all = stagedChanges(top);
    let entries = repairableEntries(ws, all, opts);
    if (entries.length && fs.existsSync(path.join(repo.gitDir, 'MERGE_HEAD'))) {
      // A merge commit: check the user's own resolutions, not files taken unchanged from the branch merged in.
      const fromTheirs = new Set(stagedChanges(top, 'MERGE_HEAD').map((e) => e.path));
      entries = entries.filter((e) => fromTheirs.has(e.path));
    }
    if (!entries.length) return empty; // nothing to do: no blob read, no parser loaded
    // Loaded only when there is something to check: a commit without such files never pays for them.
    const { repairBuffer, summarize } = await import('./repair/repair-buffer.js');

    const blobs = readBlobsSync(top, entries.map((e) => e.sha));
    const results: StagedFileResult[] = [];
    const changes: { entry: StagedEntry; at: number; before: Buffer; after: Buffer }[] = [];
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const dir = path.dirname(path.join(top, e.path));
      const { result, output } = await repairBuffer(e.path, blobs[i], {
        ...opts,
        checkOnly: opts.checkOnly ?? (!opts.write && !opts.withDiff),
        fileExists: (rel) => fs.existsSync(path.resolve(dir, rel)),
        listDir: (rel) => {
          try {
            return fs.readdirSync(path.resolve(dir, rel));
          } catch {
            return undefined;
          }
        },
      });
      results.push(result);
      if (output) changes.push({ entry: e, at: i, before: blobs[i], after: output });
    }
    const run: StagedRun = { files: results, summary: summarize(results) };
    if (opts.withDiff) {
      const { unifiedDiff } = await import('./repair-files.js');
      for (const c of changes) results[c.at].diff = await unifiedDiff(c.entry.path, c.before.toString('utf8'), c.after.toString('utf8'));
    }
    if (!opts.write || !changes.length) return run;
    const { createBackup, pruneBackupsNow } = await import('./backup.js');

    // 1. Back up the staged version (by blob id) and the working-tree version of every file about to change,
    //    storing the repaired blobs in the same git call.
    const onDisk = changes.map((c) => readRegularFile(path.join(top, c.entry.path)));
    const backupFiles: BackupFile[] = [];
    changes.forEach((c, i) => {
      backupFiles.push({ path: c.entry.path, source: 'index', sha: c.entry.sha, mode: c.entry.mode });
      const disk = onDisk[i];
      if (disk?.equals(c.before)) backupFiles.push({ path: c.entry.path, source: 'worktree', sha: c.entry.sha, mode: c.entry.mode });
      else backupFiles.push({ path: c.entry.path, source: 'worktree', content: disk, mode: c.entry.mode });
    });
    const reason = `pre-commit repair of ${changes.map((c) => c.entry.path).join(', ')}`.slice(0, 200);
    const { stored, ...backup } = createBackup({ kind: 'git', repo }, reason, backupFiles, { alsoStore: changes.map((c) => c.after) });
    run.backup = backup;

    // 2. The index git commits from, and for `git commit <path>` also the index the user keeps.
    const updates: IndexUpdate[] = changes.map((c, i) => ({ path: c.entry.path, mode: c.entry.mode, sha: stored[i] }));
    const { primary, also } = indexFilesToUpdate(repo.gitDir);
    updateIndexEntries(top, updates, primary);
    if (also) {
      const current = indexBlobs(top, updates.map((u) => u.path), also);
      updateIndexEntries(top, updates.filter((u, i) => current.get(u.path)?.sha === changes[i].entry.sha), also);
    }

    // 3. The working tree: the same fix, merged into whatever unstaged work is there, written atomically.
    //    Scratch files live in the git dir, so a crash never leaves a stray file in the working tree; we hold
    //    the lock, so whatever a killed run left there is no one's and goes first.
    const scratch = path.join(repo.gitDir, 'qmoi', 'scratch');
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.mkdirSync(scratch, { recursive: true });
    try {
      changes.forEach((c, i) => {
        results[c.at].worktree = applyToWorktree(top, c.entry.path, onDisk[i], c.before, c.after, scratch);
      });
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
    const repaired = new Map(updates.map((u) => [u.path, u.sha]));
    run.emptied = !fs.existsSync(path.join(repo.gitDir, 'MERGE_HEAD')) && all.every((e) => e.status === 'M' && repaired.get(e.path) === e.headSha);
    pruneBackupsNow({ kind: 'git', repo }, ws.loaded.config.backup.maxAgeDays);
    return run;
  } finally {
    if (lock?.ok) lock.lock.release();
  }
}

/** Carries one repair into the working-tree file without losing a byte of unstaged work. */
function applyToWorktree(
  top: string,
  rel: string,
  disk: Buffer | null,
  before: Buffer,
  after: Buffer,
  scratch: string,
): WorktreeOutcome {
  const abs = path.join(top, rel);
  if (disk === null) return 'absent';
  let next: Buffer | undefined;
  let outcome: WorktreeOutcome = 'same';
  if (disk.equals(before)) next = after;
  else if (isCrlfCopyOf(disk, before)) next = Buffer.from(after.toString('utf8').replace(/\r?\n/g, '\r\n'), 'utf8'); // core.autocrlf checkout
  else {
    next = merge3(top, scratch, disk, before, after);
    if (!next) return 'conflict';
    outcome = 'merged';
  }
  // Write only if the file did not change under us while we worked.
  if (!readRegularFile(abs)?.equals(disk)) return 'changed';
  replaceFile(abs, next, path.join(scratch, 'next'));
  return outcome;
}

/** Replaces a file by renaming a finished copy over it (its mode kept): a crash leaves the old or the new bytes. */
function replaceFile(abs: string, content: Buffer, tmp: string): void {
  const mode = fs.statSync(abs).mode & 0o7777;
  fs.writeFileSync(tmp, content, { mode });
  fs.chmodSync(tmp, mode);
  try {
    fs.renameSync(tmp, abs);
  } catch (err) {
    // The git dir on another file system than the working tree: a temp file next to the target instead.
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    const near = path.join(path.dirname(abs), `.${path.basename(abs)}.qmoi-${process.pid}.tmp`);
    fs.copyFileSync(tmp, near);
    fs.chmodSync(near, mode);
    fs.renameSync(near, abs);
  }
}

/** `git merge-file` on three scratch files in the git dir (private to the repository, always writable). */
function merge3(top: string, scratch: string, ours: Buffer, base: Buffer, theirs: Buffer): Buffer | undefined {
  const files = { ours: path.join(scratch, 'ours'), base: path.join(scratch, 'base'), theirs: path.join(scratch, 'theirs') };
  fs.writeFileSync(files.ours, ours);
  fs.writeFileSync(files.base, base);
  fs.writeFileSync(files.theirs, theirs);
  return mergeText(top, files);
}

/** The working-tree file is the staged text with CRLF line endings (what core.autocrlf checks out). */
function isCrlfCopyOf(disk: Buffer, staged: Buffer): boolean {
  return disk.length > staged.length && disk.includes('\r\n') && !staged.includes('\r\n') && disk.toString('utf8').replace(/\r\n/g, '\n') === staged.toString('utf8');
}

function readRegularFile(abs: string): Buffer | null {
  const st = fs.lstatSync(abs, { throwIfNoEntry: false });
  if (!st || !st.isFile()) return null;
  return fs.readFileSync(abs);
}
