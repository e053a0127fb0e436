// A Discord webhook message that fits Discord's limits: the title as `content`, the text and fields as one embed.
import { fit, TRUNCATED } from './fit.js';
import type { NotifyEvent } from './index.js';

/** Discord's documented limits (characters, or items for embeds and fields). */
export const DISCORD_LIMITS = {
  content: 2000,
  username: 80,
  embeds: 10,
  embedsTotal: 6000,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
} as const;

interface Embed {
  description?: string;
  color: number;
  fields?: { name: string; value: string; inline: boolean }[];
  footer: { text: string };
  timestamp: string;
}
export interface DiscordPayload {
  content: string;
  username?: string;
  embeds?: Embed[];
  /** Nothing in an event (a commit message with @everyone) may ping anyone. */
  allowed_mentions: { parse: never[] };
}

const COLOR = { info: 0x2f80ed, warning: 0xf2c94c, error: 0xeb5757 } as const;
const ICON = { info: 'ℹ️', warning: '⚠️', error: '❌' } as const;

/** Builds the Discord message for an event; every part is cut with a marker to stay within the limits. */
export function discordPayload(ev: NotifyEvent, opts: { username?: string; now?: Date } = {}): DiscordPayload {
  const payload: DiscordPayload = { content: fit(`${ICON[ev.level]} **${ev.title}**`, DISCORD_LIMITS.content), allowed_mentions: { parse: [] } };
  const username = opts.username?.trim();
  if (username) payload.username = fit(username, DISCORD_LIMITS.username);
  const entries = Object.entries(ev.fields ?? {});
  if (!ev.text && !entries.length) return payload;

  const footer = fit(`qmoi-hooks · ${ev.event}`, DISCORD_LIMITS.footer);
  const all = entries.map(([k, v]) => ({ name: fit(k || '-', DISCORD_LIMITS.fieldName), value: fit(v || '-', DISCORD_LIMITS.fieldValue), inline: v.length <= 40 }));
  // Fields come second to the text: keep up to 1,000 characters for the description, and room for a marker field.
  const budget = DISCORD_LIMITS.embedsTotal - footer.length - Math.min(ev.text.length, 1000) - 40;
  const fields: typeof all = [];
  const most = all.length > DISCORD_LIMITS.fields ? DISCORD_LIMITS.fields - 1 : DISCORD_LIMITS.fields;
  let used = 0;
  for (const f of all) {
    if (fields.length === most || used + f.name.length + f.value.length > budget) break;
    fields.push(f);
    used += f.name.length + f.value.length;
  }
  if (fields.length < all.length) {
    const marker = { name: TRUNCATED, value: `${all.length - fields.length} more not shown`, inline: false };
    fields.push(marker);
    used += marker.name.length + marker.value.length;
  }
  const room = DISCORD_LIMITS.embedsTotal - footer.length - used;
  const embed: Embed = { color: COLOR[ev.level], footer: { text: footer }, timestamp: (opts.now ?? new Date()).toISOString() };
  if (ev.text) embed.description = fit(ev.text, Math.min(DISCORD_LIMITS.description, room));
  if (fields.length) embed.fields = fields;
  payload.embeds = [embed];
  return payload;
}
