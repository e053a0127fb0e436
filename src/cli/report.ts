// `qmoi-hooks report`: what happened over a period, from the logs, as terminal tables, JSON or an HTML page.
import fs from 'node:fs';
import path from 'node:path';
import { EXIT, errorMessage } from '../core/errors.js';
import { openWorkspace } from '../core/workspace.js';
import { buildReport, type Count, type Report } from '../report/build.js';
import { parseSince } from '../report/since.js';
import { table } from '../report/table.js';
import { messages } from './messages.js';
import { parseCommandArgs, type CommandContext } from './output.js';

const TOP = 10;

/** Runs `report`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const parsed = parseCommandArgs<{ since?: string; html?: string }>(args, { since: { type: 'string' }, html: { type: 'string' } }, false);
  if (!parsed.ok) return usage(ctx, parsed.message);
  const { values } = parsed;
  if (values.help) {
    ctx.print(messages.reportHelp);
    return EXIT.ok;
  }
  const sinceText = values.since ?? '7d';
  const since = parseSince(sinceText);
  if ('error' in since) return usage(ctx, messages.reportBadSince(sinceText, since.error));
  if (values.html === '') return usage(ctx, '--html needs a file name');

  const ws = openWorkspace();
  const report = buildReport(ws.logger.dir, { since: since.since });
  let code: number = EXIT.ok;
  if (values.html) {
    const file = path.resolve(ws.cwd, values.html);
    try {
      const { renderHtml } = await import('../report/html.js');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, renderHtml(report, { project: path.basename(ws.root) }));
      ctx.print(messages.reportHtmlWritten(path.relative(ws.cwd, file) || file));
    } catch (err) {
      ctx.warn(messages.reportHtmlFailed(values.html, errorMessage(err)));
      code = EXIT.problem;
    }
  }
  if (ctx.json) ctx.printJson(report);
  else await printReport(ctx, report);
  return code;
}

async function printReport(ctx: CommandContext, r: Report): Promise<void> {
  const c = await ctx.colors();
  const time = (iso: string) => iso.slice(0, 16).replace('T', ' ');
  const out: string[] = [c.bold(messages.reportTitle(time(r.since), time(r.until), r.entries))];
  if (!r.entries) {
    out.push(messages.reportNothing);
    ctx.print(out.join('\n'));
    return;
  }
  const section = (title: string, ...blocks: (string | undefined)[]) => out.push('', c.bold(title), ...blocks.filter((b): b is string => !!b).join('\n\n').split('\n'));
  const counts = (header: string[], list: Count[]) => (list.length ? top(table(header, list.slice(0, TOP).map((x) => [x.name, x.count])), list.length) : undefined);

  section(messages.reportRepairs(r.repairs.files, r.repairs.fixes, r.repairs.unrepairable), counts(messages.reportKindHeader, r.repairs.byKind), counts(messages.reportFileHeader, r.repairs.byFile), counts(messages.reportUnrepairableHeader, r.repairs.unrepairableFiles));
  const p = r.pushes;
  section(
    messages.reportPushes(p.total, p.landed, p.failed, p.retries, p.timing.median, p.timing.p95),
    p.byRemote.length ? table(messages.reportRemoteHeader, p.byRemote.map((x) => [x.remote, x.landed, x.failed, x.attempts])) : undefined,
    counts(messages.reportOutcomeHeader, p.byClassification),
  );
  if (r.hooks.length) section(messages.reportHooks, table(messages.reportHookHeader, r.hooks.map((h) => [h.hook, h.count, h.blocked, h.median ?? 0, h.p95 ?? 0, h.max ?? 0])));
  const errorLine = messages.reportErrors(r.errors.total, r.errors.trend);
  section(r.errors.trend.direction === 'up' ? c.red(errorLine) : errorLine, counts(messages.reportErrorHeader, r.errors.byEvent));
  const active = r.days.filter((d) => d.repairs || d.unrepairable || d.errors || d.pushes || d.hookRuns);
  if (active.length) section(messages.reportDays, table(messages.reportDayHeader, active.map((d) => [d.day, d.repairs, d.unrepairable, d.errors, d.pushes, d.failedPushes, d.hookRuns])));
  if (r.notifications.length) section(messages.reportNotifications, table(messages.reportNotificationHeader, r.notifications.map((n) => [n.channel, n.delivered, n.failed, n.skipped])));
  if (r.health.runs) section(messages.reportHealth(r.health.runs, r.health.unhealthy));
  ctx.print(out.join('\n'));
}

function top(text: string, total: number): string {
  return total > TOP ? `${text}\n${messages.reportMore(total - TOP)}` : text;
}

function usage(ctx: CommandContext, detail: string): number {
  ctx.warn(messages.badArgs('report', detail));
  return EXIT.usage;
}
