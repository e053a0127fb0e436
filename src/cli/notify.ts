// `qmoi-hooks notify --test`: a test message to every enabled channel, and what each one did.
import os from 'node:os';
import path from 'node:path';
import { EXIT } from '../core/errors.js';
import { gitIdentity, openWorkspace } from '../core/workspace.js';
import { notify, type ChannelResult } from '../notify/index.js';
import { table } from '../report/table.js';
import { messages } from './messages.js';
import { parseCommandArgs, type CommandContext } from './output.js';
import { reportConfigProblems } from './repair.js';

/** Runs `notify`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const parsed = parseCommandArgs<{ test?: boolean }>(args, { test: { type: 'boolean' } }, false);
  if (!parsed.ok) return usage(ctx, parsed.message);
  if (parsed.values.help) {
    ctx.print(messages.notifyHelp);
    return EXIT.ok;
  }
  if (!parsed.values.test) return usage(ctx, messages.notifyNeedsTest);
  const ws = openWorkspace();
  reportConfigProblems(ws, ctx);
  const where = path.basename(ws.root);
  const results = await notify(ws, {
    event: 'test',
    level: 'info',
    title: messages.notifyTestTitle,
    text: messages.notifyTestText(where),
    fields: { package: where, host: os.hostname(), 'sent by': gitIdentity(ws.repo?.top ?? ws.root) },
  });
  const rows = results.map((r) => ({ channel: r.channel, result: outcome(r), attempts: r.attempts, ...detail(r), ...(r.status ? { status: r.status } : {}), ...(r.ms !== undefined ? { ms: r.ms } : {}) }));
  const delivered = rows.filter((r) => r.result === 'delivered').length;
  if (ctx.json) {
    ctx.printJson({ channels: rows, summary: { delivered, failed: rows.filter((r) => r.result === 'failed').length, skipped: rows.filter((r) => r.result === 'skipped').length } });
  } else if (rows.length) {
    const c = await ctx.colors();
    const paint = { delivered: c.green, failed: c.red, skipped: c.yellow };
    const lines = table(messages.notifyHeader, rows.map((r) => [r.channel, messages.notifyResult[r.result], r.attempts, r.error ?? r.reason ?? ''])).split('\n');
    ctx.print(c.bold(lines[0]));
    rows.forEach((r, i) => ctx.print(paint[r.result](lines[i + 1])));
    ctx.print(messages.notifySummary(delivered, rows.length));
  }
  if (!rows.length) ctx.warn(messages.notifyNoChannel);
  return rows.length && delivered === rows.length ? EXIT.ok : EXIT.problem;
}

function outcome(r: ChannelResult): 'delivered' | 'failed' | 'skipped' {
  return r.ok ? 'delivered' : r.skipped ? 'skipped' : 'failed';
}

function detail(r: ChannelResult): { error?: string; reason?: string } {
  if (r.skipped) return { reason: r.skipped };
  return r.error ? { error: r.error } : {};
}

function usage(ctx: CommandContext, detail: string): number {
  ctx.warn(messages.badArgs('notify', detail));
  return EXIT.usage;
}
