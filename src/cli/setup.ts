// `qmoi-hooks setup [--skip-install]`: install, folders, dependencies, a first validation and doctor --fix.
import { EXIT, QmoiError, errorMessage } from '../core/errors.js';
import { runSetup } from '../core/setup.js';
import { openWorkspace } from '../core/workspace.js';
import { messages } from './messages.js';
import { parseCommandArgs, type CommandContext } from './output.js';

/** Runs `setup`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const parsed = parseCommandArgs<{ 'skip-install'?: boolean }>(args, { 'skip-install': { type: 'boolean' } }, false);
  if (!parsed.ok) {
    ctx.warn(messages.badArgs('setup', parsed.message));
    return EXIT.usage;
  }
  if (parsed.values.help) {
    ctx.print(messages.setupHelp);
    return EXIT.ok;
  }
  const ws = openWorkspace();
  let report;
  try {
    report = await runSetup(ws, { skipInstall: !!parsed.values['skip-install'], onStep: (step) => (step === 'dependencies' && !ctx.json ? ctx.warn : ctx.debug)(messages.setupRunning(step)) });
  } catch (err) {
    if (ctx.json) ctx.printJson({ ok: false, error: { code: (err as QmoiError).code ?? 'error', message: errorMessage(err) } });
    ctx.warn(messages.installFailed(errorMessage(err), err instanceof QmoiError ? err.hint : undefined));
    return err instanceof QmoiError ? err.exitCode : EXIT.problem;
  }
  ws.logger.audit({ action: 'setup', target: ws.root, result: report.ok ? 'ok' : 'failed', steps: report.steps.map((s) => `${s.name}: ${s.ok ? 'ok' : 'problem'}`), backups: report.backups });
  const problems = report.validation.files.filter((f) => f.status === 'unrepairable');
  if (ctx.json) {
    ctx.printJson({ ok: report.ok, steps: report.steps, validation: { files: problems, summary: report.validation.summary }, doctor: report.doctor, backups: report.backups });
    return report.ok ? EXIT.ok : EXIT.problem;
  }
  const c = await ctx.colors();
  for (const step of report.steps) {
    const line = messages.setupStep(step);
    ctx.print(step.ok ? line : c.red(line));
    if (step.name === 'validation') for (const f of problems) ctx.print(c.red(`  ${messages.invalid(f)}`));
    if (step.name === 'doctor') {
      for (const check of report.doctor.checks.filter((x) => !x.ok || x.fixed || x.level === 'warning')) {
        ctx.print(`  ${messages.doctorCheck(check)}`);
        for (const did of check.did ?? []) ctx.print(c.dim(`  ${messages.doctorDid(did)}`));
      }
    }
  }
  if (report.backups.length) ctx.print(c.dim(messages.doctorBackups(report.backups)));
  ctx.print(report.ok ? c.green(messages.setupDone(true)) : c.red(messages.setupDone(false)));
  return report.ok ? EXIT.ok : EXIT.problem;
}
