// Trying a network git call again: exponential backoff with jitter on network errors and 5xx, bounded by
// attempts and by a deadline; an immediate retry when the caller could fix the cause (fresh token, no
// push options); no retry for anything else.
import type { GitResult } from '../../git/git.js';
import { classifyGitFailure, isRetryable, type Classified } from './classify.js';

/** How hard to try. */
export interface RetryPolicy {
  /** Network failures tolerated before giving up. */
  maxAttempts: number;
  /** Time budget for one remote, from the first attempt. */
  maxMs: number;
  /** First backoff delay; doubles per failure. */
  baseDelayMs: number;
  /** Longest single delay. */
  maxDelayMs: number;
}

/** The policy from config; QMOI_PUSH_BASE_DELAY_MS shortens the delays (tests, impatient CI). */
export function retryPolicy(push: { maxAttempts: number; maxSeconds: number }, env: NodeJS.ProcessEnv = process.env): RetryPolicy {
  const base = Number(env.QMOI_PUSH_BASE_DELAY_MS);
  const baseDelayMs = Number.isFinite(base) && base >= 0 && env.QMOI_PUSH_BASE_DELAY_MS !== '' ? base : 500;
  return { maxAttempts: push.maxAttempts, maxMs: push.maxSeconds * 1000, baseDelayMs, maxDelayMs: Math.max(baseDelayMs, 10_000) };
}

/** The wait before retry number `failures` (1-based): half fixed, half random ("equal jitter"). */
export function backoffDelay(failures: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** What one retried operation ended with. */
export interface RetryOutcome {
  result: GitResult;
  /** Set when the last call failed. */
  problem?: Classified;
  /** git calls made. */
  attempts: number;
}

export interface RetryOptions {
  policy: RetryPolicy;
  /** Epoch ms after which no new attempt starts; each call is killed at this time. */
  deadline: number;
  /** Called for a failure backoff cannot help; true = the cause was fixed, try again at once. */
  recover?: (problem: Classified) => Promise<boolean>;
  sleep?: (ms: number) => Promise<void>;
}

/** Runs `call` (given the time it may take) until it succeeds or retrying is pointless or out of budget. */
export async function runWithRetry(call: (timeoutMs: number) => Promise<GitResult>, opts: RetryOptions): Promise<RetryOutcome> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let attempts = 0;
  let failures = 0;
  for (;;) {
    attempts++;
    const result = await call(Math.max(opts.deadline - Date.now(), 1000));
    if (result.exitCode === 0) return { result, attempts };
    const problem = classifyGitFailure(result);
    const done = { result, problem, attempts };
    if (isRetryable(problem.kind)) {
      failures++;
      const delay = backoffDelay(failures, opts.policy);
      if (failures >= opts.policy.maxAttempts || Date.now() + delay >= opts.deadline) return done;
      await sleep(delay);
      continue;
    }
    if (Date.now() >= opts.deadline || !opts.recover || !(await opts.recover(problem))) return done;
  }
}
