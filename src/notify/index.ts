// Telling the user what happened, where they look: the console, Slack, Discord and e-mail, as
// config/notification.json routes each event. Channels are sent in parallel, each attempt is logged, the whole
// notification is bounded in time, and no channel's failure ever reaches the caller as an error.
import type { ChannelName, EventName } from '../config/types.js';
import type { Workspace } from '../core/workspace.js';
import { redact } from '../log/redact.js';
import { realClock, type Clock } from './clock.js';
import { sendEmailOnce } from './email.js';
import { discordPayload } from './format-discord.js';
import { slackPayload } from './format-slack.js';
import { consoleText, emailContent } from './format-text.js';
import { withRetries, type AttemptRecord, type Delivery } from './retry.js';
import { resolveTarget, type Target } from './targets.js';
import { postWebhook } from './webhook.js';

export type { Clock } from './clock.js';

/** The events config routes, plus `test`, which goes to every enabled channel (`notify --test`). */
export type NotifyEventName = EventName | 'test';

/** Something worth telling the user about. */
export interface NotifyEvent {
  event: NotifyEventName;
  level: 'info' | 'warning' | 'error';
  title: string;
  text: string;
  /** Short key/value facts (branch, remote, files) shown as fields where the channel supports them. */
  fields?: Record<string, string>;
}

/** The outcome of one channel's delivery. */
export interface ChannelResult {
  channel: ChannelName;
  ok: boolean;
  /** Attempts made (0 when the channel was skipped or refused before sending). */
  attempts: number;
  error?: string;
  /** Why an enabled channel sent nothing (its environment variable is missing); not counted as an error. */
  skipped?: string;
  /** The last HTTP status or SMTP reply code. */
  status?: number;
  ms?: number;
}

/** What tests and long-running callers can change. */
export interface NotifyOptions {
  /** Where the console channel writes (default: stderr). */
  stream?: NodeJS.WritableStream;
  /** Where secrets and addresses are read from (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Time source for backoff and rate-limit waits (tests make waits instant). */
  clock?: Clock;
}

/** Every channel, in the order results are reported. */
export const CHANNELS: readonly ChannelName[] = ['console', 'slack', 'discord', 'email'];

/** Sends an event to the enabled channels configured for it; never throws, never fails the caller. */
export async function notify(ws: Workspace, ev: NotifyEvent, opts: NotifyOptions = {}): Promise<ChannelResult[]> {
  try {
    const cfg = ws.loaded.notification;
    const routed = ev.event === 'test' ? CHANNELS : (cfg.events[ev.event] ?? []);
    const channels = CHANNELS.filter((c) => routed.includes(c) && cfg.channels[c].enabled);
    if (!channels.length) return [];
    const clock = opts.clock ?? realClock;
    const limit = AbortSignal.timeout(cfg.totalTimeoutMs);
    const deadline = clock.now() + cfg.totalTimeoutMs;
    const ctx: SendContext = { ws, ev, opts, clock, deadline, signal: limit };
    const results = await Promise.all(channels.map((c) => withinLimit(sendTo(c, ctx), c, limit, cfg.totalTimeoutMs)));
    for (const r of results) {
      ws.logger.audit({ action: 'notify', target: r.channel, result: r.ok ? 'ok' : r.skipped ? 'skipped' : 'failed', event: ev.event, attempts: r.attempts, ...(r.error ? { error: r.error } : {}), ...(r.skipped ? { reason: r.skipped } : {}) });
    }
    return results;
  } catch {
    // A bug here must not fail a hook; the audit and notification logs show what was sent before it.
    return [];
  }
}

interface SendContext {
  ws: Workspace;
  ev: NotifyEvent;
  opts: NotifyOptions;
  clock: Clock;
  deadline: number;
  signal: AbortSignal;
}

async function sendTo(channel: ChannelName, ctx: SendContext): Promise<ChannelResult> {
  const { ws, ev, opts, clock } = ctx;
  const cfg = ws.loaded.notification;
  const started = clock.now();
  const log = (rec: Partial<AttemptRecord> & { ok: boolean }) => ws.logger.notification({ event: ev.event, level: ev.level, channel, title: ev.title, ...rec });
  const target: Target = resolveTarget(channel, cfg, opts.env ?? process.env);
  if ('skipped' in target) {
    log({ ok: false, attempt: 0, error: `skipped: ${target.skipped}` });
    return { channel, ok: false, attempts: 0, skipped: target.skipped };
  }
  if ('refused' in target) {
    log({ ok: false, attempt: 0, error: `refused: ${target.refused}` });
    return { channel, ok: false, attempts: 0, error: target.refused };
  }
  let delivery: Delivery;
  if (target.channel === 'console') {
    try {
      (opts.stream ?? process.stderr).write(redact(consoleText(ev)));
      delivery = { ok: true, attempts: 1 };
    } catch (err) {
      delivery = { ok: false, attempts: 1, error: (err as Error).message };
    }
    log({ ok: delivery.ok, attempt: 1, ms: clock.now() - started, error: delivery.error });
  } else {
    const retry = { maxAttempts: cfg.maxAttempts, timeoutMs: cfg.timeoutMs, deadline: ctx.deadline, clock, signal: ctx.signal, onAttempt: (rec: AttemptRecord) => log(rec) };
    const username = cfg.channels[channel].username || undefined;
    if ('url' in target) {
      const url = target.url;
      const body = target.channel === 'slack' ? slackPayload(ev, { username }) : discordPayload(ev, { username });
      delivery = await withRetries((_n, timeoutMs) => postWebhook(url, body, { timeoutMs, signal: ctx.signal, now: clock.now }), retry);
    } else {
      const smtp = target.smtp;
      const mail = emailContent(ev, cfg.channels.email.subjectPrefix);
      delivery = await withRetries((_n, timeoutMs) => sendEmailOnce(smtp, mail, { timeoutMs, signal: ctx.signal }), retry);
    }
  }
  return { channel, ...delivery, ms: clock.now() - started };
}

/** A channel still busy when the notification's time limit passes is reported as failed, and left behind. */
function withinLimit(sending: Promise<ChannelResult>, channel: ChannelName, limit: AbortSignal, totalMs: number): Promise<ChannelResult> {
  const failed = (): ChannelResult => ({ channel, ok: false, attempts: 0, error: `no result within the notification time limit (${totalMs} ms)` });
  if (limit.aborted) return Promise.resolve(failed());
  return Promise.race([
    sending.catch((err: unknown): ChannelResult => ({ channel, ok: false, attempts: 0, error: err instanceof Error ? err.message : String(err) })),
    new Promise<ChannelResult>((resolve) => limit.addEventListener('abort', () => resolve(failed()), { once: true })),
  ]);
}
