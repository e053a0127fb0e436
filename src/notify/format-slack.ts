// A Slack incoming-webhook message ({text, blocks}) that fits Slack's limits whatever the event holds.
import { chunk, fit, TRUNCATED } from './fit.js';
import type { NotifyEvent } from './index.js';

/** Slack's documented limits (characters; blocks per message). */
export const SLACK_LIMITS = { sectionText: 3000, blocks: 50, text: 40000, fieldText: 2000, fieldsPerSection: 10 } as const;

interface TextObject {
  type: 'mrkdwn';
  text: string;
}
/** The parts of Block Kit we send. */
export type SlackBlock = { type: 'section'; text: TextObject } | { type: 'section'; fields: TextObject[] } | { type: 'context'; elements: TextObject[] };
export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
  username?: string;
}

const ICON = { info: ':information_source:', warning: ':warning:', error: ':x:' } as const;

/** Builds the Slack message for an event; long text is split into sections, and cut with a marker past the limits. */
export function slackPayload(ev: NotifyEvent, opts: { username?: string } = {}): SlackPayload {
  const section = (text: string): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text: fit(text, SLACK_LIMITS.sectionText) } });
  const blocks: SlackBlock[] = [section(`${ICON[ev.level]} *${escapeMrkdwn(ev.title)}*`)];
  if (ev.text) for (const piece of chunk(escapeMrkdwn(ev.text), SLACK_LIMITS.sectionText)) blocks.push(section(piece));
  const fields = Object.entries(ev.fields ?? {}).map(([k, v]): TextObject => ({ type: 'mrkdwn', text: fit(`*${escapeMrkdwn(k)}*\n${escapeMrkdwn(v)}`, SLACK_LIMITS.fieldText) }));
  for (let i = 0; i < fields.length; i += SLACK_LIMITS.fieldsPerSection) blocks.push({ type: 'section', fields: fields.slice(i, i + SLACK_LIMITS.fieldsPerSection) });
  const context: SlackBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: `qmoi-hooks · ${ev.event}` }] };
  if (blocks.length + 1 > SLACK_LIMITS.blocks) {
    blocks.length = SLACK_LIMITS.blocks - 2;
    blocks.push(section(TRUNCATED));
  }
  blocks.push(context);
  const payload: SlackPayload = { text: fit(escapeMrkdwn(ev.text ? `${ev.title}\n${ev.text}` : ev.title), SLACK_LIMITS.text), blocks };
  if (opts.username) payload.username = opts.username;
  return payload;
}

/** Slack reads `&`, `<` and `>` as markup: escaped, text shows as written and cannot ping or link. */
function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
