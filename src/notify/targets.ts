// Where each channel sends, from the environment only (config never holds a secret). A channel whose variables
// are missing is skipped with the reason; one whose URL is unsafe is refused.
import os from 'node:os';
import type { ChannelName, NotificationConfig } from '../config/types.js';
import { addSecret } from '../log/redact.js';
import type { SmtpSettings } from './email.js';

/** A channel ready to send, or why it will not. */
export type Target =
  | { channel: 'console' }
  | { channel: 'slack' | 'discord'; url: URL }
  | { channel: 'email'; smtp: SmtpSettings }
  | { channel: ChannelName; skipped: string }
  | { channel: ChannelName; refused: string };

const WEBHOOK_ENV = { slack: 'SLACK_WEBHOOK_URL', discord: 'DISCORD_WEBHOOK_URL' } as const;

/** Reads a channel's settings from `env`, and registers its secrets for redaction before anything is logged. */
export function resolveTarget(channel: ChannelName, config: NotificationConfig, env: NodeJS.ProcessEnv): Target {
  if (channel === 'console') return { channel };
  if (channel === 'email') return emailTarget(config, env);
  const name = WEBHOOK_ENV[channel];
  const raw = env[name]?.trim();
  if (!raw) return { channel, skipped: `${name} is not set` };
  addSecret(raw);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { channel, refused: `${name} is not a valid URL` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { channel, refused: `${name} must be an http(s) URL, not ${url.protocol}` };
  addSecret(url.pathname + url.search);
  if (url.password) addSecret(decodeURIComponent(url.password));
  return { channel, url };
}

function emailTarget(config: NotificationConfig, env: NodeJS.ProcessEnv): Target {
  const host = env.SMTP_HOST?.trim();
  const to = (env.NOTIFY_EMAIL_TO ?? '').split(/[,;]/).map((s) => s.trim()).filter(Boolean);
  const user = env.SMTP_USER || undefined;
  const pass = env.SMTP_PASS || undefined;
  if (!host) return { channel: 'email', skipped: 'SMTP_HOST is not set' };
  if (!to.length) return { channel: 'email', skipped: 'NOTIFY_EMAIL_TO is not set' };
  if (user && !pass) return { channel: 'email', skipped: 'SMTP_USER is set but SMTP_PASS is not' };
  if (pass) addSecret(pass);
  const portText = env.SMTP_PORT?.trim() || '587';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) return { channel: 'email', refused: `SMTP_PORT must be a port number (1-65535), not ${JSON.stringify(portText)}` };
  const from = env.SMTP_FROM?.trim() || (user?.includes('@') ? user : `qmoi-hooks@${os.hostname()}`);
  return { channel: 'email', smtp: { host, port, user, pass, from, to, requireTLS: config.channels.email.requireTLS === true } };
}
