// The one report of a repair or validation run: concise, coloured on a terminal, or the JSON document.
import type { RepairRun } from '../core/repair-files.js';
import { messages } from './messages.js';
import type { CommandContext } from './output.js';

/** Prints a run: JSON in --json mode, else one block per file that needs attention and a summary line. */
export async function printRepairRun(ctx: CommandContext, run: RepairRun, opts: { mode: 'repair' | 'check' | 'dry-run' | 'validate'; quietOk?: boolean }): Promise<void> {
  if (ctx.json) {
    ctx.printJson({
      files: run.files.map(({ diff, ...f }) => ({ ...f, ...(diff ? { diff } : {}) })),
      summary: run.summary,
      ...(run.backup ? { backup: run.backup.id } : {}),
    });
    return;
  }
  const c = await ctx.colors();
  for (const f of run.files) {
    if (f.status === 'repaired') {
      ctx.print(c.green(opts.mode === 'repair' ? messages.repaired(f) : messages.wouldRepair(f)));
      for (const fix of f.fixes) ctx.print(messages.fixLine(f.file, fix));
      if (f.diff) ctx.print(f.diff);
    } else if (f.status === 'unrepairable') {
      ctx.print(c.red(opts.mode === 'validate' ? messages.invalid(f) : messages.unrepairable(f)));
    } else if (f.status === 'skipped') {
      ctx.print(c.dim(messages.skipped(f)));
    }
    for (const w of f.warnings ?? []) ctx.print(c.yellow(messages.warning(f.file, w)));
  }
  if (run.backup) ctx.print(c.dim(messages.backupMade(run.backup.id)));
  if (!opts.quietOk || run.summary.repaired || run.summary.unrepairable) ctx.print(messages.summary(run.summary));
}
