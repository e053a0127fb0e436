// The pre-commit pipeline: repairs what is staged (the index), not what is on disk, and carries the same fix
// into the working tree by a 3-way merge. Nothing is stashed or hidden, so the user's unstaged work stays in
// the working tree at every instant; every original is backed up before the index or a file changes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackup, type BackupFile } from './backup.js';
import { repairBuffer, type RepairBufferOptions } from './repair/repair-buffer.js';
import { isRepairable } from './repair/registry.js';
import { summarize, type RepairRun } from './repair-files.js';
import { matchesAny } from './glob.js';
import { writeFileAtomic } from './write-file.js';
import { mergeText, readBlobs, stagedEntries, updateIndexEntries, writeBlob } from '../git/index.js';
import type { Workspace } from './workspace.js';

export interface StagedOptions extends RepairBufferOptions {
  /** Write the repaired blobs to the index and the working tree (false: report only). */
  write: boolean;
  withDiff?: boolean;
}

/** What happened to the working-tree copy of a repaired file. */
export type WorktreeOutcome = 'same' | 'merged' | 'kept' | 'absent';

/** Repairs the staged versions of the staged files. */
export async function repairStaged(ws: Workspace, opts: StagedOptions): Promise<RepairRun & { worktree: Record<string, WorktreeOutcome> }> {
  const top = ws.repo!.top;
  const exclude = ws.loaded.config.repair.exclude;
  const entries = stagedEntries(top).filter(
    (e) => (e.mode === '100644' || e.mode === '100755') && isRepairable(e.path, opts.plugins) && !(exclude.length && matchesAny(e.path, exclude)),
  );
  const blobs = await readBlobs(top, entries.map((e) => e.sha));
  const results: RepairRun['files'] = [];
  const changes: { path: string; mode: string; before: Buffer; after: Buffer }[] = [];
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
    if (output) changes.push({ path: e.path, mode: e.mode, before: blobs[i], after: output });
  }

  const worktree: Record<string, WorktreeOutcome> = {};
  const run: RepairRun & { worktree: typeof worktree } = { files: results, summary: summarize(results), worktree };
  if (!opts.write || !changes.length) return run;

  // 1. Back up the staged and the working-tree version of every file about to change.
  const backupFiles: BackupFile[] = [];
  const onDisk = new Map<string, Buffer | null>();
  for (const c of changes) {
    const abs = path.join(top, c.path);
    const disk = readRegularFile(abs);
    onDisk.set(c.path, disk);
    backupFiles.push({ path: c.path, source: 'index', content: c.before, mode: c.mode });
    backupFiles.push({ path: c.path, source: 'worktree', content: disk, mode: c.mode });
  }
  run.backup = createBackup({ kind: 'git', repo: ws.repo! }, 'pre-commit repair', backupFiles);

  // 2. The index: new blobs, one atomic update.
  updateIndexEntries(top, changes.map((c) => ({ path: c.path, mode: c.mode, sha: writeBlob(top, c.after) })));

  // 3. The working tree: same fix, merged into whatever unstaged work is there, written atomically.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qmoi-merge-'));
  try {
    for (const c of changes) {
      const abs = path.join(top, c.path);
      const disk = onDisk.get(c.path) ?? null;
      if (disk === null) {
        worktree[c.path] = 'absent';
        continue;
      }
      if (disk.equals(c.before)) {
        writeFileAtomic(abs, c.after);
        worktree[c.path] = 'same';
        continue;
      }
      const [ours, base, theirs] = ['ours', 'base', 'theirs'].map((n) => path.join(tmp, n));
      fs.writeFileSync(ours, disk);
      fs.writeFileSync(base, c.before);
      fs.writeFileSync(theirs, c.after);
      const merged = mergeText(top, { ours, base, theirs });
      // Write only if the file did not change under us while we merged.
      if (merged && readRegularFile(abs)?.equals(disk)) {
        writeFileAtomic(abs, merged);
        worktree[c.path] = 'merged';
      } else {
        worktree[c.path] = 'kept';
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return run;
}

function readRegularFile(abs: string): Buffer | null {
  const st = fs.lstatSync(abs, { throwIfNoEntry: false });
  if (!st || !st.isFile()) return null;
  return fs.readFileSync(abs);
}
