// `qmoi-hooks restore`: lists backups, or puts the files of one back (index and/or working tree).
import path from 'node:path';
import { EXIT, QmoiError, errorMessage } from '../core/errors.js';
import { openWorkspace } from '../core/workspace.js';
import { messages } from './messages.js';
import { parseCommandArgs, type CommandContext } from './output.js';

/** Runs `restore`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const parsed = parseCommandArgs<{ index?: boolean; worktree?: boolean }>(args, { index: { type: 'boolean' }, worktree: { type: 'boolean' } });
  if (!parsed.ok) return usage(ctx, parsed.message);
  const { values, positionals } = parsed;
  if (values.help) {
    ctx.print(messages.restoreHelp);
    return EXIT.ok;
  }
  if (values.index && values.worktree) return usage(ctx, messages.restoreBoth);
  const { defaultBackupDir, listBackups, pruneBackupsNow } = await import('../core/backup.js');
  const ws = openWorkspace();
  const store = ws.repo ? ({ kind: 'git', repo: ws.repo } as const) : ({ kind: 'dir', dir: defaultBackupDir() } as const);
  try {
    pruneBackupsNow(store, ws.loaded.config.backup.maxAgeDays);
    const [id, ...files] = positionals;
    if (!id) {
      const backups = listBackups(store);
      if (ctx.json) ctx.printJson({ backups });
      else if (!backups.length) ctx.print(messages.noBackups);
      else for (const b of backups) ctx.print(messages.backupLine(b));
      return EXIT.ok;
    }
    const { restoreBackup } = await import('../core/restore.js');
    // Files are named relative to where the user stands; backups in a repository hold repo-relative paths.
    const named = files.map((f) => (ws.repo ? path.relative(ws.repo.top, path.resolve(f)).split(path.sep).join('/') : path.resolve(f)));
    const result = restoreBackup(store, id, { index: values.index, worktree: values.worktree, files: named });
    ws.logger.audit({ action: 'restore', target: result.restored.map((f) => f.path), result: 'ok', id: result.backup.id, undo: result.undo?.id });
    if (ctx.json) ctx.printJson(result);
    else {
      for (const f of result.restored) ctx.print(messages.restoredFile(f));
      ctx.print(messages.restoreDone(result.backup.id, result.undo?.id));
    }
    return EXIT.ok;
  } catch (err) {
    if (err instanceof QmoiError) {
      ctx.warn(`qmoi-hooks restore: ${err.message}${err.hint ? `\n  ${err.hint}` : ''}`);
      return err.exitCode;
    }
    ctx.warn(`qmoi-hooks restore: ${errorMessage(err)}`);
    return EXIT.problem;
  }
}

function usage(ctx: CommandContext, detail: string): number {
  ctx.warn(messages.badArgs('restore', detail));
  return EXIT.usage;
}
