// `qmoi-hooks validate`: checks files (named, staged, all tracked, or changed in a range) and never writes.
import path from 'node:path';
import { EXIT } from '../core/errors.js';
import type { RepairRun } from '../core/repair-files.js';
import { openWorkspace, repairSettings } from '../core/workspace.js';
import { messages } from './messages.js';
import { parseCommandArgs, type CommandContext } from './output.js';
import { printRepairRun } from './print-results.js';

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
  const modes = [positionals.length > 0, !!values.staged, !!values.all, values.range !== undefined].filter(Boolean).length;
  if (modes !== 1) return usage(ctx, 'name files, or use exactly one of --staged, --all, --range A..B');
  if (values.shard !== undefined && !values.all) return usage(ctx, messages.shardNeedsAll);
  const { parseShard } = await import('../core/validate-all.js');
  const shard = values.shard !== undefined ? parseShard(values.shard) : undefined;
  if (values.shard !== undefined && !shard) return usage(ctx, messages.badShard(values.shard));
  const range = values.range !== undefined ? /^([^.\s][^\s]*?)\.\.([^.\s][^\s]*)$/.exec(values.range) : undefined;
  if (values.range !== undefined && !range) return usage(ctx, messages.badRange(values.range));

  const ws = openWorkspace();
  for (const p of ws.loaded.problems) ctx.warn(messages.configProblem(p));
  const { options, problems } = await repairSettings(ws);
  for (const p of problems) ctx.warn(messages.pluginProblem(p));
  if ((values.all || values.staged || range) && !ws.repo) {
    ctx.warn(messages.notARepo('validate'));
    return EXIT.usage;
  }
  (await import('../core/compile-cache.js')).enableCompileCache();
  let run: RepairRun;
  if (values.staged) {
    const { repairStaged } = await import('../core/staged.js');
    run = await repairStaged(ws, { ...options, write: false, validateOnly: true });
  } else if (values.all || range) {
    const pluginFiles = ws.loaded.config.plugins.map((p) => path.resolve(ws.root, p));
    const validateOpts = { plugins: options.plugins, limits: options.limits, pluginFiles };
    const timed = values.all
      ? await (await import('../core/validate-all.js')).validateAll(ws, { ...validateOpts, shard })
      : await (await import('../core/validate-commits.js')).validateCommits(ws, range![2], [range![1]], validateOpts);
    ctx.debug(messages.validateStats(timed.stats));
    run = timed;
  } else {
    const { repairFiles } = await import('../core/repair-files.js');
    run = await repairFiles(positionals, { cwd: ws.cwd, ...options, write: false, validateOnly: true });
  }
  await printRepairRun(ctx, run, { mode: 'validate' });
  return run.summary.unrepairable > 0 ? EXIT.problem : EXIT.ok;
}

function usage(ctx: CommandContext, detail: string): number {
  ctx.warn(messages.badArgs('validate', detail));
  return EXIT.usage;
}
