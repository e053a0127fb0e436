// The log lines `report` reads: the contract between the parts that write logs/qmoi.log and logs/audit.log
// and the report. Every line also has `time` (ISO) and `level` ('info' | 'error'); `event` names the kind.
//
//   qmoi.log  info('hook', HookLog)            one run of an installed hook, written when `qmoi-hooks run` ends
//   qmoi.log  info('repair', RepairLog)        one file repaired (by a hook, `repair` or `ci`)
//   qmoi.log  error('unrepairable', ...)       one file that could not be repaired: { file, language, error }
//   qmoi.log  info|error('push', PushLog)      one push to one remote, retries included, when it ends
//   qmoi.log  info('health', HealthLog)        one run of the monitor's checks
//   qmoi.log  error(<any event>, ...)          every failure; the report counts them by event and day
//   audit.log { action: 'notify', target: <channel>, result: 'ok' | 'failed' | 'skipped', event }

/** `info('hook', ...)`: one run of an installed hook. */
export interface HookLog {
  hook: 'pre-commit' | 'post-commit' | 'pre-push' | string;
  /** Wall time of the whole hook, in ms. */
  ms: number;
  /** 'ok', or 'blocked' when the hook stopped the commit or push. */
  result: string;
}

/** `info('repair', ...)`: one file repaired; each fix's description is what the report calls its kind. */
export interface RepairLog {
  file: string;
  language: string;
  fixes: { line: number; column: number; description: string }[];
}

/** `info('push', ...)` or `error('push', ...)`: one push to one remote. */
export interface PushLog {
  remote: string;
  /** Whether the push landed. */
  ok: boolean;
  /** Attempts made; attempts - 1 are retries. */
  attempts: number;
  /** Why it ended, e.g. 'ok', 'network', 'auth', 'rejected'. */
  classification: string;
  ms: number;
}

/** `info('health', ...)`: one monitor run. */
export interface HealthLog {
  healthy: boolean;
  ms: number;
  checks: { name: string; ok: boolean; detail: string }[];
}

/** One log line with the fields every line has. */
export type LogLine = Record<string, unknown> & { time: string; event?: string; level?: string };

/** Reads a field of a log line written by any version: a wrong type counts as missing. */
export function field<T extends 'string' | 'number' | 'boolean'>(line: Record<string, unknown>, key: string, type: T): (T extends 'string' ? string : T extends 'number' ? number : boolean) | undefined {
  const v = line[key];
  return typeof v === type && (type !== 'number' || Number.isFinite(v)) ? (v as never) : undefined;
}
