// `qmoi-hooks ci`: the pipeline entry. Prints progress and each step's outcome (or one JSON document),
// notifies, and exits 0 all good, 1 something still wrong, 2 could not run as asked.
import path from 'node:path';
import { CONFIG_FILE } from '../config/load.js';
import type { CiProgress, CiResult } from '../core/ci/run-ci.js';
import { EXIT, QmoiError, errorMessage } from '../core/errors.js';
import { notify } from '../notify/index.js';
import { messages } from './messages.js';
import { parseCommandArgs, type CommandContext } from './output.js';
import { printRepairRun } from './print-results.js';

interface CiFlags {
  script?: string[];
  'no-install'?: boolean;
  'no-commands'?: boolean;
  push?: boolean;
  'no-push'?: boolean;
}

/** Runs `ci`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const parsed = parseCommandArgs<CiFlags>(
    args,
    { script: { type: 'string', multiple: true }, 'no-install': { type: 'boolean' }, 'no-commands': { type: 'boolean' }, push: { type: 'boolean' }, 'no-push': { type: 'boolean' } },
    false,
  );
  if (!parsed.ok) return usage(ctx, parsed.message);
  const v = parsed.values;
  if (v.help) {
    ctx.print(messages.ciHelp);
    return EXIT.ok;
  }
  if (v.push && v['no-push']) return usage(ctx, 'use only one of --push and --no-push');
  if (v.script && v['no-commands']) return usage(ctx, 'use only one of --script and --no-commands');
  if (v.script?.some((s) => !/^[\w:.@/-]+$/.test(s))) return usage(ctx, '--script takes the name of an npm script');

  const { runCi } = await import('../core/ci/run-ci.js');
  let outcome;
  try {
    outcome = await runCi({
      install: v['no-install'] ? false : undefined,
      commands: v['no-commands'] ? false : undefined,
      push: v.push ? true : v['no-push'] ? false : undefined,
      scripts: v.script,
      // Command output goes to stderr in --json mode, so stdout stays one JSON document.
      output: ctx.json ? process.stderr : process.stdout,
      onStep: ctx.json ? undefined : (step) => (step.step === 'repaired' ? printRepairRun(ctx, step.run, { mode: 'repair', quietOk: true }) : ctx.print(progress(step))),
    });
  } catch (err) {
    if (ctx.json) ctx.printJson({ ok: false, exitCode: err instanceof QmoiError ? err.exitCode : EXIT.problem, error: { code: (err as QmoiError).code ?? 'error', message: errorMessage(err) } });
    ctx.warn(messages.ciCannotRun(errorMessage(err), err instanceof QmoiError ? err.hint : undefined));
    return err instanceof QmoiError ? err.exitCode : EXIT.problem;
  }
  const { result, workspace } = outcome;
  for (const p of result.configProblems) ctx.warn(messages.configProblem(p));
  for (const p of result.pluginProblems) ctx.warn(messages.pluginProblem(p));
  if (result.exitCode === EXIT.usage) ctx.warn(messages.ciConfigBad(CONFIG_FILE));

  const summary = messages.ciDone(result.ok, summaryParts(result));
  if (ctx.json) ctx.printJson(result);
  else {
    await print(ctx, result);
    ctx.print(summary);
  }
  await notify(workspace, {
    event: 'ci',
    level: result.ok ? 'info' : 'error',
    title: messages.ciNotifyTitle(result.ok, result.environment.provider, result.environment.branch),
    text: summary,
    fields: { ...(result.environment.branch ? { branch: result.environment.branch } : {}), ...(result.environment.commit ? { commit: result.environment.commit.slice(0, 12) } : {}) },
  });
  return result.exitCode;
}

function progress(step: Exclude<CiProgress, { step: 'repaired' }>): string {
  switch (step.step) {
    case 'start':
      return messages.ciStart(step.environment.provider, step.environment.branch, step.environment.commit);
    case 'repair':
      return messages.ciRepairStep(step.files);
    case 'install':
      return messages.ciInstallStep(step.command, step.attempt);
    case 'command':
      return messages.ciCommandStep(step.command, step.attempt);
    case 'push':
      return messages.ciPushStep(step.remotes, step.commit);
  }
}

/** The outcome of each step, after the live output. */
async function print(ctx: CommandContext, r: CiResult): Promise<void> {
  const c = await ctx.colors();
  ctx.print('');
  const paint = (status: string) => (status === 'failed' ? c.red : status === 'passed' ? c.green : c.dim);
  ctx.print(paint(r.install.status)(messages.ciCommandResult(r.install)));
  if (r.install.fallback) ctx.print(c.yellow(`  ${messages.ciInstallFallback(r.install.fallback)}`));
  for (const cmd of r.commands) ctx.print(paint(cmd.status)(messages.ciCommandResult(cmd)));
  const p = r.push;
  if (p.status === 'nothing-to-push') ctx.print(c.dim(messages.ciPushNothing));
  else if (p.status === 'skipped') ctx.print(c.yellow(messages.ciPushSkipped(p.reason ?? '')));
  else if (p.status === 'failed' && p.reason) ctx.print(c.red(messages.ciPushSkipped(p.reason)));
  for (const rr of p.remotes ?? []) {
    if (rr.status === 'pushed') ctx.print(c.green(messages.pushed(rr)));
    else if (rr.status === 'up-to-date') ctx.print(messages.pushUpToDate(rr));
    else ctx.print(c.red(messages.pushFailed(rr)));
    if (rr.rebased) ctx.print(messages.pushRebased(rr));
    if (rr.pushOptionsDropped) ctx.print(c.yellow(messages.pushOptionsDropped(rr)));
  }
  if (p.notCommitted?.length) ctx.print(c.yellow(messages.ciNotCommitted(p.notCommitted)));
  ctx.print(messages.ciReports(path.relative(process.cwd(), r.reports.codeQuality), r.reports.issues, path.relative(process.cwd(), r.reports.junit), r.reports.testCases));
}

function summaryParts(r: CiResult): string[] {
  return messages.ciSummaryParts({
    repaired: r.repair.summary.repaired,
    unrepairable: r.repair.summary.unrepairable,
    installFailed: r.install.status === 'failed',
    failedCommands: r.commands.filter((c) => c.status === 'failed').map((c) => c.name),
    push: messages.ciPushWord(r.push.status, r.push.branch),
  });
}

function usage(ctx: CommandContext, detail: string): number {
  ctx.warn(messages.badArgs('ci', detail));
  return EXIT.usage;
}
