// One delivery, several attempts: backoff on network errors and server errors, the server's own wait on 429,
// no retry on anything else, and never past the notification's deadline.
import type { Clock } from './clock.js';

/** What one attempt came to, as the channel judged it. */
export type AttemptOutcome =
  | { kind: 'delivered'; status?: number }
  /** Worth another try; `waitMs` is the wait the server asked for (429), else backoff applies. */
  | { kind: 'retry'; error: string; status?: number; waitMs?: number }
  | { kind: 'fail'; error: string; status?: number };

/** One attempt, as notification.log records it. */
export interface AttemptRecord {
  attempt: number;
  ok: boolean;
  ms: number;
  status?: number;
  error?: string;
  /** The wait before the next attempt. */
  waitMs?: number;
}

/** The outcome of all attempts at one delivery. */
export interface Delivery {
  ok: boolean;
  attempts: number;
  status?: number;
  error?: string;
}

export interface RetryOptions {
  maxAttempts: number;
  /** Time limit of one attempt. */
  timeoutMs: number;
  /** Clock time after which no attempt or wait starts. */
  deadline: number;
  clock: Clock;
  /** Aborts a wait (the notification's overall time limit). */
  signal: AbortSignal;
  onAttempt(rec: AttemptRecord): void;
}

/**
 * Wait before attempt n+1 when the server named none: 0.5 s, 1 s, 2 s, ... at most 8 s, of which the second half
 * is random ("equal jitter"), so many hooks that failed together do not all retry at the same instant.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const exp = Math.min(500 * 2 ** (attempt - 1), 8000);
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** Runs `attempt` until it delivers, fails for good, runs out of attempts or runs into the deadline. */
export async function withRetries(attempt: (n: number, timeoutMs: number) => Promise<AttemptOutcome>, opts: RetryOptions): Promise<Delivery> {
  for (let n = 1; ; n++) {
    const started = opts.clock.now();
    const timeoutMs = Math.min(opts.timeoutMs, opts.deadline - started);
    let outcome: AttemptOutcome;
    try {
      outcome = await attempt(n, Math.max(1, timeoutMs));
    } catch (err) {
      outcome = { kind: 'fail', error: err instanceof Error ? err.message : String(err) };
    }
    const ms = opts.clock.now() - started;
    if (outcome.kind === 'delivered') {
      opts.onAttempt({ attempt: n, ok: true, ms, status: outcome.status });
      return { ok: true, attempts: n, status: outcome.status };
    }
    const failed = { ok: false, attempts: n, status: outcome.status };
    if (outcome.kind === 'fail') {
      opts.onAttempt({ attempt: n, ok: false, ms, status: outcome.status, error: outcome.error });
      return { ...failed, error: outcome.error };
    }
    if (n >= opts.maxAttempts) {
      opts.onAttempt({ attempt: n, ok: false, ms, status: outcome.status, error: outcome.error });
      return { ...failed, error: `${outcome.error} (gave up after ${n} attempts)` };
    }
    const waitMs = outcome.waitMs ?? backoffMs(n, opts.clock.random);
    if (opts.clock.now() + waitMs >= opts.deadline || opts.signal.aborted) {
      opts.onAttempt({ attempt: n, ok: false, ms, status: outcome.status, error: outcome.error });
      const asked = outcome.waitMs !== undefined ? `the server asked to wait ${formatSeconds(waitMs)}, ` : '';
      return { ...failed, error: `${outcome.error} (${asked}no time left to retry within the notification time limit)` };
    }
    opts.onAttempt({ attempt: n, ok: false, ms, status: outcome.status, error: outcome.error, waitMs });
    try {
      await opts.clock.sleep(waitMs, opts.signal);
    } catch {
      return { ...failed, error: `${outcome.error} (stopped at the notification time limit)` };
    }
  }
}

/**
 * The wait a 429 asks for, in ms: Discord's JSON `retry_after` (seconds, may be fractional) first, else the
 * `Retry-After` header (seconds or an HTTP date, as Slack sends it); undefined when neither is usable.
 */
export function retryAfterMs(headers: Headers, body: string, now: number = Date.now()): number | undefined {
  try {
    const json = JSON.parse(body) as { retry_after?: unknown };
    if (typeof json.retry_after === 'number' && Number.isFinite(json.retry_after) && json.retry_after >= 0) return Math.ceil(json.retry_after * 1000);
  } catch {
    /* not JSON: Slack answers 429 in plain text */
  }
  const header = headers.get('retry-after')?.trim();
  if (!header) return undefined;
  if (/^\d+(\.\d+)?$/.test(header)) return Math.ceil(Number(header) * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
