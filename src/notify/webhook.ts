// One POST of a JSON message to a Slack or Discord webhook, judged for retry: 2xx delivered; 429 and 5xx and
// network trouble worth retrying; any other answer final (Discord bans callers that repeat invalid requests).
import { retryAfterMs, type AttemptOutcome } from './retry.js';

/** Posts `body` once; never throws, and never puts the URL (its path is the secret) in an error. */
export async function postWebhook(url: URL, body: unknown, opts: { timeoutMs: number; signal: AbortSignal; now?: () => number }): Promise<AttemptOutcome> {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = AbortSignal.any([opts.signal, timeout]);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'qmoi-hooks' },
      body: JSON.stringify(body),
      signal,
      // A webhook that redirects is misconfigured; following it would send the message somewhere else.
      redirect: 'manual',
    });
    const text = await res.text();
    if (res.status >= 200 && res.status < 300) return { kind: 'delivered', status: res.status };
    const error = `HTTP ${res.status}${describeBody(text)}`;
    if (res.status === 429) return { kind: 'retry', status: 429, error: `rate limited: ${error}`, waitMs: retryAfterMs(res.headers, text, opts.now?.()) };
    if (res.status >= 500) return { kind: 'retry', status: res.status, error };
    return { kind: 'fail', status: res.status, error };
  } catch (err) {
    if (timeout.aborted) return { kind: 'retry', error: `no answer within ${opts.timeoutMs} ms` };
    if (opts.signal.aborted) return { kind: 'fail', error: 'stopped at the notification time limit' };
    return { kind: 'retry', error: `network error: ${networkCode(err)}` };
  }
}

/** The service's own words about a refusal: Discord's JSON `message`, or Slack's plain-text code. */
function describeBody(text: string): string {
  let said = text.trim();
  try {
    const json = JSON.parse(said) as { message?: unknown };
    if (typeof json.message === 'string') said = json.message;
  } catch {
    /* plain text */
  }
  said = said.replace(/\s+/g, ' ').slice(0, 200);
  return said ? `: ${said}` : '';
}

/** fetch hides the socket error in `cause`: ECONNREFUSED, ENOTFOUND, ECONNRESET, ... */
function networkCode(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return err instanceof Error ? err.message : String(err);
}
