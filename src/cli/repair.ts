// `qmoi-hooks repair`: files named, --staged or --all; --check and --dry-run write nothing.
import { EXIT } from '../core/errors.js';
import { repairFiles, type RepairRun } from '../core/repair-files.js';
import { trackedRepairableFiles } from '../core/tracked-files.js';
import { openWorkspace, repairSettings, type Workspace } from '../core/workspace.js';
import { messages } from './messages.js';
import { parseCommandArgs, type CommandContext } from './output.js';
import { printRepairRun } from './print-results.js';

/** Runs `repair`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const parsed = parseCommandArgs<{ staged?: boolean; all?: boolean; check?: boolean; 'dry-run'?: boolean }>(args, {
    staged: { type: 'boolean' },
    all: { type: 'boolean' },
    check: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  });
  if (!parsed.ok) return usage(ctx, parsed.message);
  const { values, positionals } = parsed;
  if (values.help) {
    ctx.print(messages.repairHelp);
    return EXIT.ok;
  }
  const modes = [positionals.length > 0, !!values.staged, !!values.all].filter(Boolean).length;
  if (modes === 0) return usage(ctx, 'name the files to repair, or use --staged or --all');
  if (modes > 1) return usage(ctx, 'use only one of FILE..., --staged and --all');
  if (values.check && values['dry-run']) return usage(ctx, 'use only one of --check and --dry-run');

  const ws = openWorkspace();
  reportConfigProblems(ws, ctx);
  const { options, problems } = await repairSettings(ws);
  for (const p of problems) ctx.warn(messages.pluginProblem(p));

  let result: RepairRun;
  if (values.staged) {
    if (!ws.repo) return usage(ctx, messages.notARepo('repair --staged'), false);
    const { repairStaged } = await import('../core/staged.js');
    result = await repairStaged(ws, { ...options, write: !values.check && !values['dry-run'], withDiff: values['dry-run'] });
  } else {
    let files = positionals;
    let cwd = ws.cwd;
    if (values.all) {
      if (!ws.repo) return usage(ctx, messages.notARepo('repair --all'), false);
      files = trackedRepairableFiles(ws.repo.top, { exclude: ws.loaded.config.repair.exclude, plugins: options.plugins, languages: options.languages });
      cwd = ws.repo.top;
    }
    result = await repairFiles(files, {
      cwd,
      repo: ws.repo,
      ...options,
      write: !values.check && !values['dry-run'],
      checkOnly: values.check,
      withDiff: values['dry-run'],
    });
  }
  logRun(ws, result, values.check || values['dry-run'] ? 'check' : 'repair');
  await printRepairRun(ctx, result, { mode: values.check ? 'check' : values['dry-run'] ? 'dry-run' : 'repair' });
  const stillWrong = result.summary.unrepairable > 0 || ((values.check || values['dry-run']) && result.summary.repaired > 0);
  return stillWrong ? EXIT.problem : EXIT.ok;
}

function usage(ctx: CommandContext, detail: string, wrap = true): number {
  ctx.warn(wrap ? messages.badArgs('repair', detail) : detail);
  return EXIT.usage;
}

/** Config problems are shown, not fatal: defaults fill in. */
export function reportConfigProblems(ws: Workspace, ctx: CommandContext): void {
  for (const p of ws.loaded.problems) ctx.warn(messages.configProblem(p));
}

function logRun(ws: Workspace, run: RepairRun, kind: 'repair' | 'check'): void {
  for (const f of run.files) {
    if (f.status === 'repaired' && kind === 'repair') {
      ws.logger.info('repair', { file: f.file, language: f.language, fixes: f.fixes });
      ws.logger.audit({ action: 'repair', target: f.file, result: 'ok', fixes: f.fixes.map((x) => x.description), backup: run.backup?.id });
    } else if (f.status === 'unrepairable') {
      ws.logger.error('unrepairable', { file: f.file, language: f.language, error: f.error });
    }
  }
  if (run.backup) ws.logger.audit({ action: 'backup', target: run.backup.files.map((f) => f.path), result: 'ok', id: run.backup.id, reason: run.backup.reason });
}
