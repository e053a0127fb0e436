// `repair FILE...` and `repair --all`: repairs files on disk, backing up every original before it is rewritten.
import fs from 'node:fs';
import path from 'node:path';
import { createBackup, defaultBackupDir, type BackupFile, type BackupInfo, type BackupStore } from './backup.js';
import { repairBuffer, summarize, type FileResult, type RepairBufferOptions } from './repair/repair-buffer.js';
import { writeFileAtomic } from './write-file.js';
import type { RepoInfo } from '../git/repo.js';

/** What a run over several files produced. */
export interface RepairRun {
  files: (FileResult & { diff?: string })[];
  summary: { ok: number; repaired: number; unrepairable: number; skipped: number };
  backup?: BackupInfo;
}

export interface RepairFilesOptions extends RepairBufferOptions {
  cwd: string;
  repo?: RepoInfo;
  /** Write repaired files (false for --check and --dry-run). */
  write: boolean;
  /** Attach a unified diff of each repair (for --dry-run). */
  withDiff?: boolean;
  /** Where backups go when outside a repository (tests point it at a temp dir). */
  backupDir?: string;
}

/** Repairs files on disk; writes only repaired files, after backing all of them up in one backup. */
export async function repairFiles(files: string[], opts: RepairFilesOptions): Promise<RepairRun> {
  const results: RepairRun['files'] = [];
  const pending: { abs: string; shown: string; before: Buffer; after: Buffer; mode: number }[] = [];
  for (const shown of files) {
    const abs = path.resolve(opts.cwd, shown);
    const st = fs.lstatSync(abs, { throwIfNoEntry: false });
    if (!st) {
      results.push({ file: shown, language: 'unknown', status: 'skipped', fixes: [], reason: 'no such file' });
      continue;
    }
    if (st.isSymbolicLink()) {
      results.push({ file: shown, language: 'unknown', status: 'skipped', fixes: [], reason: 'symbolic link (repair its target instead)' });
      continue;
    }
    if (!st.isFile()) {
      results.push({ file: shown, language: 'unknown', status: 'skipped', fixes: [], reason: 'not a regular file' });
      continue;
    }
    const before = fs.readFileSync(abs);
    const dir = path.dirname(abs);
    const { result, output } = await repairBuffer(shown, before, {
      ...opts,
      fileExists: opts.fileExists ?? ((rel) => fs.existsSync(path.resolve(dir, rel))),
      listDir: opts.listDir ?? ((rel) => safeReaddir(path.resolve(dir, rel))),
    });
    const entry: RepairRun['files'][number] = { ...result };
    if (output && opts.withDiff) entry.diff = await unifiedDiff(shown, before.toString('utf8'), output.toString('utf8'));
    results.push(entry);
    if (output) pending.push({ abs, shown, before, after: output, mode: st.mode });
  }

  let backup: BackupInfo | undefined;
  if (opts.write && pending.length) {
    const store: BackupStore = opts.repo ? { kind: 'git', repo: opts.repo } : { kind: 'dir', dir: opts.backupDir ?? defaultBackupDir() };
    const backupFiles: BackupFile[] = pending.map((p) => ({
      path: opts.repo ? path.relative(opts.repo.top, p.abs).split(path.sep).join('/') : p.abs,
      source: 'worktree',
      content: p.before,
      mode: p.mode & 0o111 ? '100755' : '100644',
    }));
    backup = createBackup(store, `repair ${pending.map((p) => p.shown).join(' ')}`.slice(0, 200), backupFiles);
    for (const p of pending) writeFileAtomic(p.abs, p.after);
  }
  return { files: results, summary: summarize(results), backup };
}


function safeReaddir(dir: string): string[] | undefined {
  try {
    return fs.readdirSync(dir);
  } catch {
    return undefined;
  }
}

/** A unified diff produced by `git diff --no-index` (works outside repositories too). */
export async function unifiedDiff(name: string, before: string, after: string): Promise<string> {
  const os = await import('node:os');
  const { gitSync } = await import('../git/git.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qmoi-diff-'));
  try {
    fs.writeFileSync(path.join(dir, 'a'), before);
    fs.writeFileSync(path.join(dir, 'b'), after);
    const r = gitSync(['diff', '--no-index', '--no-color', '--', 'a', 'b'], { cwd: dir, allowFailure: true });
    return r.stdout.replace(/^diff --git a\/a b\/b\n/m, '').replace(/^--- a\/a$/m, `--- a/${name}`).replace(/^\+\+\+ b\/b$/m, `+++ b/${name}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
