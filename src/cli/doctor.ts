// `qmoi-hooks doctor [--fix]`: one line per check of qmoi-hooks' own files; --fix repairs them (backups first).
import { runDoctor } from '../core/doctor/index.js';
import { EXIT, QmoiError, errorMessage } from '../core/errors.js';
import { openWorkspace } from '../core/workspace.js';
import { messages } from './messages.js';
import { parseCommandArgs, type CommandContext } from './output.js';

/** Runs `doctor`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const parsed = parseCommandArgs<{ fix?: boolean }>(args, { fix: { type: 'boolean' } }, false);
  if (!parsed.ok) {
    ctx.warn(messages.badArgs('doctor', parsed.message));
    return EXIT.usage;
  }
  if (parsed.values.help) {
    ctx.print(messages.doctorHelp);
    return EXIT.ok;
  }
  const fix = !!parsed.values.fix;
  const ws = openWorkspace();
  let report;
  try {
    report = await runDoctor(ws, { fix });
  } catch (err) {
    if (ctx.json) ctx.printJson({ ok: false, error: { code: (err as QmoiError).code ?? 'error', message: errorMessage(err) } });
    ctx.warn(messages.installFailed(errorMessage(err), err instanceof QmoiError ? err.hint : undefined));
    return err instanceof QmoiError ? err.exitCode : EXIT.problem;
  }
  const fixed = report.checks.filter((c) => c.fixed || c.did?.length);
  if (fixed.length) ws.logger.audit({ action: 'doctor --fix', target: fixed.map((c) => c.name), result: report.ok ? 'ok' : 'failed', backups: report.backups, did: fixed.flatMap((c) => c.did ?? []) });
  ws.logger.info('doctor', { fix, ok: report.ok, problems: report.checks.filter((c) => !c.ok).map((c) => c.name) });
  if (ctx.json) {
    ctx.printJson(report);
    return report.ok ? EXIT.ok : EXIT.problem;
  }
  const c = await ctx.colors();
  for (const check of report.checks) {
    const line = messages.doctorCheck(check);
    ctx.print(check.level === 'problem' && !check.fixed ? c.red(line) : check.fixed ? c.green(line) : check.level === 'warning' ? c.yellow(line) : line);
    for (const did of check.did ?? []) ctx.print(c.dim(messages.doctorDid(did)));
  }
  if (report.backups.length) ctx.print(c.dim(messages.doctorBackups(report.backups)));
  ctx.print(messages.doctorSummary(report, fix));
  return report.ok ? EXIT.ok : EXIT.problem;
}
