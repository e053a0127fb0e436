// One e-mail through SMTP, judged for retry. nodemailer is loaded only here, when an e-mail is really sent,
// so hooks that notify nobody by e-mail never pay for it.
import type { AttemptOutcome } from './retry.js';

/** Where and how to send, from SMTP_* and NOTIFY_EMAIL_TO. */
export interface SmtpSettings {
  host: string;
  port: number;
  user?: string;
  pass?: string;
  from: string;
  to: string[];
  requireTLS: boolean;
}

/** Sends one message once; never throws. */
export async function sendEmailOnce(smtp: SmtpSettings, mail: { subject: string; text: string }, opts: { timeoutMs: number; signal: AbortSignal }): Promise<AttemptOutcome> {
  const { createTransport } = await import('nodemailer');
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.port === 465,
    requireTLS: smtp.requireTLS,
    auth: smtp.user ? { user: smtp.user, pass: smtp.pass ?? '' } : undefined,
    connectionTimeout: opts.timeoutMs,
    greetingTimeout: opts.timeoutMs,
    socketTimeout: opts.timeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const stop = () => transport.close();
  opts.signal.addEventListener('abort', stop, { once: true });
  try {
    await transport.sendMail({ from: smtp.from, to: smtp.to, subject: mail.subject, text: mail.text });
    return { kind: 'delivered' };
  } catch (err) {
    return judge(err as SmtpError);
  } finally {
    opts.signal.removeEventListener('abort', stop);
    transport.close();
  }
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/** Authentication and permanent (5xx) refusals are final; connection trouble and 4xx are worth retrying. */
function judge(err: SmtpError): AttemptOutcome {
  const code = err.code ?? 'ERROR';
  const status = err.responseCode;
  const said = (err.response ?? err.message).replace(/\s+/g, ' ').slice(0, 200);
  if (code === 'EAUTH') return { kind: 'fail', status, error: `SMTP authentication failed (EAUTH${status ? ` ${status}` : ''}): check SMTP_USER and SMTP_PASS; the server said: ${said}` };
  if (status && status >= 400 && status < 500) return { kind: 'retry', status, error: `SMTP server is busy (${code} ${status}): ${said}` };
  if (status && status >= 500) return { kind: 'fail', status, error: `SMTP server refused the message (${code} ${status}): ${said}` };
  if (['ESOCKET', 'ECONNECTION', 'ETIMEDOUT', 'EDNS'].includes(code)) {
    const socket = /\bE[A-Z]{4,}\b/.exec(err.message)?.[0];
    return { kind: 'retry', error: `cannot reach the SMTP server (${code}${socket && socket !== code ? ` ${socket}` : ''}): ${said}` };
  }
  return { kind: 'fail', status, error: `cannot send e-mail (${code}): ${said}` };
}
