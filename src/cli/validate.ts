// `qmoi-hooks validate`: checks files (named, staged, all tracked, or changed in a range) and never writes.
import { EXIT } from '../core/errors.js';
import { repairFiles } from '../core/repair-files.js';
import { trackedRepairableFiles } from '../core/tracked-files.js';
import { loadPlugins, openWorkspace } from '../core/workspace.js';
import { messages } from './messages.js';
import { parseCommandArgs, type CommandContext } from './output.js';
import { printRepairRun } from './print-results.js';
import { reportConfigProblems } from './repair.js';

/** Runs `validate`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const parsed = parseCommandArgs<{ staged?: boolean; all?: boolean; range?: string; shard?: string }>(args, {
    staged: { type: 'boolean' },
    all: { type: 'boolean' },
    range: { type: 'string' },
    shard: { type: 'string' },
  });
  if (!parsed.ok) return usage(ctx, parsed.message);
  const { values, positionals } = parsed;
  if (values.help) {
    ctx.print(messages.validateHelp);
    return EXIT.ok;
  }
  const modes = [positionals.length > 0, !!values.staged, !!values.all, !!values.range].filter(Boolean).length;
  if (modes !== 1) return usage(ctx, 'name files, or use exactly one of --staged, --all, --range A..B');
  const ws = openWorkspace();
  reportConfigProblems(ws, ctx);
  const { plugins, problems } = await loadPlugins(ws);
  for (const p of problems) ctx.warn(messages.pluginProblem(p));
  if ((values.all || values.staged || values.range) && !ws.repo) {
    ctx.warn(messages.notARepo('validate'));
    return EXIT.usage;
  }
  const limits = { maxRepairBytes: ws.loaded.config.repair.maxFileBytes, timeoutMs: ws.loaded.config.repair.timeoutMs };
  let run;
  if (values.staged) {
    const { repairStaged } = await import('../core/staged.js');
    run = await repairStaged(ws, { plugins, limits, write: false, validateOnly: true });
  } else {
    let files = positionals;
    let cwd = ws.cwd;
    if (values.all) {
      files = trackedRepairableFiles(ws.repo!.top, { exclude: ws.loaded.config.repair.exclude, plugins });
      cwd = ws.repo!.top;
    }
    run = await repairFiles(files, { cwd, plugins, limits, write: false, validateOnly: true });
  }
  await printRepairRun(ctx, run, { mode: 'validate' });
  return run.summary.unrepairable > 0 ? EXIT.problem : EXIT.ok;
}

function usage(ctx: CommandContext, detail: string): number {
  ctx.warn(messages.badArgs('validate', detail));
  return EXIT.usage;
}
