// Telling the user what happened, where they look. First cut: the console (stderr) and notification.log;
// Slack, Discord and e-mail delivery plug in behind the same call.
import type { EventName, ChannelName } from '../config/types.js';
import type { Workspace } from '../core/workspace.js';

/** Something worth telling the user about. */
export interface NotifyEvent {
  event: EventName;
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
  attempts: number;
  error?: string;
}

/** Sends an event to the channels configured for it; never throws, never fails the caller. */
export async function notify(ws: Workspace, ev: NotifyEvent, opts: { stream?: NodeJS.WritableStream } = {}): Promise<ChannelResult[]> {
  const channels = ws.loaded.notification.events[ev.event] ?? [];
  const results: ChannelResult[] = [];
  if (channels.includes('console') && ws.loaded.notification.channels.console.enabled) {
    (opts.stream ?? process.stderr).write(`qmoi-hooks: ${ev.title}${ev.text ? `\n  ${ev.text.split('\n').join('\n  ')}` : ''}\n`);
    results.push({ channel: 'console', ok: true, attempts: 1 });
  }
  for (const r of results) ws.logger.notification({ event: ev.event, channel: r.channel, ok: r.ok, attempts: r.attempts, title: ev.title });
  return results;
}
