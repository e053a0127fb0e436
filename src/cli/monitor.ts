// `qmoi-hooks monitor`: health checks every N seconds, a notification when health changes, a clean stop on
// Ctrl-C or SIGTERM.
import { EXIT } from '../core/errors.js';
import { defaultHealthChecks, monitorHealth } from '../core/monitor.js';
import { openWorkspace } from '../core/workspace.js';
import type { ChannelResult } from '../notify/index.js';
import { messages } from './messages.js';
import { parseCommandArgs, type CommandContext } from './output.js';

/** Runs `monitor`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const parsed = parseCommandArgs<{ interval?: string; once?: boolean }>(args, { interval: { type: 'string' }, once: { type: 'boolean' } }, false);
  if (!parsed.ok) return usage(ctx, parsed.message);
  const { values } = parsed;
  if (values.help) {
    ctx.print(messages.monitorHelp);
    return EXIT.ok;
  }
  const ws = openWorkspace();
  const seconds = values.interval === undefined ? ws.loaded.config.monitor.intervalSeconds : Number(values.interval);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 7 * 86400) return usage(ctx, messages.monitorBadInterval(values.interval ?? String(seconds)));

  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const c = await ctx.colors();
  if (!values.once) ctx.print(c.dim(messages.monitorStarted(seconds, defaultHealthChecks.length)));
  try {
    const summary = await monitorHealth(ws, {
      intervalMs: seconds * 1000,
      once: values.once,
      signal: stop.signal,
      onRun(report, change, notified) {
        const line = messages.monitorRun(report.time, report.healthy, report.checks.length, report.ms);
        ctx.print(report.healthy ? c.green(line) : c.red(line));
        for (const check of report.checks.filter((x) => !x.ok)) ctx.print(messages.monitorFailing(check.name, check.detail));
        if (change) ctx.print(c.yellow(messages.monitorChange(change, describe(notified ?? []))));
      },
    });
    if (ctx.json) ctx.printJson(summary);
    if (values.once) return summary.healthy ? EXIT.ok : EXIT.problem;
    ctx.print(c.dim(messages.monitorStopped(summary.runs)));
    return EXIT.ok;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

function describe(results: ChannelResult[]): string {
  return results.map((r) => messages.monitorNotified(r.channel, r.ok ? messages.notifyResult.delivered : r.skipped ? messages.notifyResult.skipped : messages.notifyResult.failed, r.error ?? r.skipped)).join(', ');
}

function usage(ctx: CommandContext, detail: string): number {
  ctx.warn(messages.badArgs('monitor', detail));
  return EXIT.usage;
}
