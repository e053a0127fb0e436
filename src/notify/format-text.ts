// The plain-text rendering of an event, for the console and for e-mail.
import { fit } from './fit.js';
import type { NotifyEvent } from './index.js';

/** E-mail bodies are cut past this many characters (far below any server's SIZE limit). */
export const EMAIL_BODY_LIMIT = 100_000;
/** E-mail subjects are cut past this many characters. */
export const EMAIL_SUBJECT_LIMIT = 200;

/** The event's text and fields as indented lines. */
export function plainBody(ev: NotifyEvent): string {
  const lines = ev.text ? [ev.text] : [];
  const fields = Object.entries(ev.fields ?? {});
  if (fields.length) lines.push('', ...fields.map(([k, v]) => `${k}: ${v}`));
  return lines.join('\n');
}

/** What the console channel writes: a first line naming qmoi-hooks, then the body indented. */
export function consoleText(ev: NotifyEvent): string {
  const body = plainBody(ev);
  return `qmoi-hooks: ${ev.title}\n${body ? body.replace(/^(?=.)/gm, '  ') + '\n' : ''}`;
}

/** Subject and body of the e-mail for an event. */
export function emailContent(ev: NotifyEvent, subjectPrefix = '[qmoi-hooks]'): { subject: string; text: string } {
  const subject = fit(`${subjectPrefix} ${ev.title}`.replace(/\s+/g, ' ').trim(), EMAIL_SUBJECT_LIMIT);
  const text = fit(`${plainBody(ev) || ev.title}\n\n-- \nqmoi-hooks · ${ev.event}\n`, EMAIL_BODY_LIMIT);
  return { subject, text };
}
