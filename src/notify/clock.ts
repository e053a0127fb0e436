// Time as the notifier sees it: real by default, replaced in tests so retries and rate-limit waits take no time.
import { setTimeout as sleepFor } from 'node:timers/promises';

/** The notifier's source of time; tests inject one whose sleep returns at once. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A number in [0, 1) for backoff jitter (Math.random unless a test fixes it). */
  random?(): number;
}

/** The wall clock. */
export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleepFor(ms, undefined, { signal }),
};
