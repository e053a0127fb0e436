// What happened over a period, from the logs: repairs by kind and file, push outcomes and retries, time spent
// in hooks, errors and their trend per day, notifications per channel, monitor runs.
import { readLog } from '../log/logger.js';
import { field, type HookLog, type LogLine, type PushLog, type RepairLog } from './log-events.js';
import { timing, type Timing } from './stats.js';

/** A name and how often it occurred. */
export interface Count {
  name: string;
  count: number;
}

/** One UTC day of activity. */
export interface DayActivity {
  day: string;
  repairs: number;
  unrepairable: number;
  errors: number;
  pushes: number;
  failedPushes: number;
  hookRuns: number;
}

/** The report document (`report --json` prints it as is). */
export interface Report {
  since: string;
  until: string;
  /** Log lines in the period. */
  entries: number;
  repairs: { files: number; fixes: number; unrepairable: number; byKind: Count[]; byLanguage: Count[]; byFile: Count[]; unrepairableFiles: Count[] };
  pushes: { total: number; landed: number; failed: number; retries: number; byRemote: { remote: string; landed: number; failed: number; attempts: number }[]; byClassification: Count[]; timing: Timing };
  hooks: ({ hook: string; blocked: number } & Timing)[];
  errors: { total: number; byEvent: Count[]; trend: { firstHalf: number; secondHalf: number; direction: 'up' | 'down' | 'flat' } };
  days: DayActivity[];
  notifications: { channel: string; delivered: number; failed: number; skipped: number }[];
  health: { runs: number; unhealthy: number };
}

/** Builds the report for [since, until] from the logs in `logDir` (rotated files included). */
export function buildReport(logDir: string, period: { since: Date; until?: Date }): Report {
  return summarize(readLog(logDir, 'qmoi'), readLog(logDir, 'audit'), period);
}

/** Builds the report from log lines already read (the order does not matter). */
export function summarize(qmoi: Record<string, unknown>[], audit: Record<string, unknown>[], period: { since: Date; until?: Date }): Report {
  const since = period.since.getTime();
  const until = (period.until ?? new Date()).getTime();
  const inPeriod = (lines: Record<string, unknown>[]) =>
    lines.filter((l): l is LogLine => {
      const t = Date.parse(field(l, 'time', 'string') ?? '');
      return t >= since && t <= until;
    });
  const lines = inPeriod(qmoi);
  const notes = inPeriod(audit).filter((l) => l.action === 'notify');

  const days = dayRange(since, until);
  const dayOf = new Map(days.map((d) => [d.day, d]));
  const bump = (l: LogLine, key: Exclude<keyof DayActivity, 'day'>) => {
    const d = dayOf.get(l.time.slice(0, 10));
    if (d) d[key]++;
  };

  const kinds = new Counter();
  const languages = new Counter();
  const files = new Counter();
  const unrepairableFiles = new Counter();
  let fixes = 0;
  let repairs = 0;
  const pushes: PushLog[] = [];
  const hooks = new Map<string, { ms: number[]; blocked: number }>();
  const errorEvents = new Counter();
  const errorTimes: number[] = [];
  const health = { runs: 0, unhealthy: 0 };

  for (const l of lines) {
    const repair = l.event === 'repair' ? asRepair(l) : undefined;
    if (repair) {
      repairs++;
      bump(l, 'repairs');
      files.add(repair.file);
      languages.add(repair.language);
      for (const f of repair.fixes) {
        kinds.add(kindOf(repair.language, f.description));
        fixes++;
      }
    }
    if (l.event === 'unrepairable') {
      bump(l, 'unrepairable');
      unrepairableFiles.add(field(l, 'file', 'string') ?? '?');
    }
    const push = l.event === 'push' ? asPush(l) : undefined;
    if (push) {
      pushes.push(push);
      bump(l, 'pushes');
      if (!push.ok) bump(l, 'failedPushes');
    }
    const hook = l.event === 'hook' ? asHook(l) : undefined;
    if (hook) {
      const h = hooks.get(hook.hook) ?? { ms: [], blocked: 0 };
      h.ms.push(hook.ms);
      if (hook.result === 'blocked') h.blocked++;
      hooks.set(hook.hook, h);
      bump(l, 'hookRuns');
    }
    if (l.event === 'health') {
      health.runs++;
      if (l.healthy === false) health.unhealthy++;
    }
    if (l.level === 'error') {
      errorEvents.add(l.event ?? 'unknown');
      errorTimes.push(Date.parse(l.time));
      bump(l, 'errors');
    }
  }

  const remotes = new Map<string, { remote: string; landed: number; failed: number; attempts: number }>();
  for (const p of pushes) {
    const r = remotes.get(p.remote) ?? { remote: p.remote, landed: 0, failed: 0, attempts: 0 };
    r[p.ok ? 'landed' : 'failed']++;
    r.attempts += p.attempts;
    remotes.set(p.remote, r);
  }
  const middle = since + (until - since) / 2;
  const firstHalf = errorTimes.filter((t) => t < middle).length;
  const secondHalf = errorTimes.length - firstHalf;

  const channels = new Map<string, { channel: string; delivered: number; failed: number; skipped: number }>();
  for (const n of notes) {
    const channel = field(n, 'target', 'string') ?? '?';
    const c = channels.get(channel) ?? { channel, delivered: 0, failed: 0, skipped: 0 };
    if (n.result === 'ok') c.delivered++;
    else if (n.result === 'skipped') c.skipped++;
    else c.failed++;
    channels.set(channel, c);
  }

  return {
    since: new Date(since).toISOString(),
    until: new Date(until).toISOString(),
    entries: lines.length + notes.length,
    repairs: { files: repairs, fixes, unrepairable: unrepairableFiles.total, byKind: kinds.sorted(), byLanguage: languages.sorted(), byFile: files.sorted(), unrepairableFiles: unrepairableFiles.sorted() },
    pushes: {
      total: pushes.length,
      landed: pushes.filter((p) => p.ok).length,
      failed: pushes.filter((p) => !p.ok).length,
      retries: pushes.reduce((n, p) => n + Math.max(0, p.attempts - 1), 0),
      byRemote: [...remotes.values()].sort((a, b) => a.remote.localeCompare(b.remote)),
      byClassification: Counter.of(pushes.map((p) => p.classification)).sorted(),
      timing: timing(pushes.map((p) => p.ms)),
    },
    hooks: [...hooks.entries()].sort(([a], [b]) => hookOrder(a) - hookOrder(b) || a.localeCompare(b)).map(([hook, h]) => ({ hook, blocked: h.blocked, ...timing(h.ms) })),
    errors: { total: errorTimes.length, byEvent: errorEvents.sorted(), trend: { firstHalf, secondHalf, direction: secondHalf > firstHalf ? 'up' : secondHalf < firstHalf ? 'down' : 'flat' } },
    days,
    notifications: [...channels.values()].sort((a, b) => a.channel.localeCompare(b.channel)),
    health,
  };
}

/** A fix's kind: its description with numbers generalised, under its language ("json: removed N trailing commas"). */
export function kindOf(language: string, description: string): string {
  return `${language}: ${description.replace(/\d+/g, 'N').trim()}`;
}

function asRepair(l: LogLine): RepairLog | undefined {
  const file = field(l, 'file', 'string');
  if (!file) return undefined;
  const fixes = Array.isArray(l.fixes) ? (l.fixes as unknown[]).filter((f): f is RepairLog['fixes'][number] => typeof (f as { description?: unknown })?.description === 'string') : [];
  return { file, language: field(l, 'language', 'string') ?? 'unknown', fixes };
}

function asPush(l: LogLine): PushLog | undefined {
  const ok = field(l, 'ok', 'boolean');
  if (ok === undefined) return undefined;
  const ms = field(l, 'ms', 'number');
  return { remote: field(l, 'remote', 'string') ?? 'origin', ok, attempts: Math.max(1, field(l, 'attempts', 'number') ?? 1), classification: field(l, 'classification', 'string') ?? (ok ? 'ok' : 'unknown'), ms: ms ?? 0 };
}

function asHook(l: LogLine): HookLog | undefined {
  const hook = field(l, 'hook', 'string');
  const ms = field(l, 'ms', 'number');
  if (!hook || ms === undefined) return undefined;
  return { hook, ms, result: field(l, 'result', 'string') ?? 'ok' };
}

function hookOrder(hook: string): number {
  const i = ['pre-commit', 'post-commit', 'pre-push'].indexOf(hook);
  return i < 0 ? 3 : i;
}

/** Every UTC day from `since` to `until`, empty. */
function dayRange(since: number, until: number): DayActivity[] {
  const days: DayActivity[] = [];
  const start = new Date(new Date(since).toISOString().slice(0, 10) + 'T00:00:00Z').getTime();
  for (let t = start; t <= until; t += 86_400_000) {
    days.push({ day: new Date(t).toISOString().slice(0, 10), repairs: 0, unrepairable: 0, errors: 0, pushes: 0, failedPushes: 0, hookRuns: 0 });
  }
  return days;
}

/** Counts names; lists them most frequent first, then by name. */
class Counter {
  private readonly counts = new Map<string, number>();
  total = 0;

  static of(names: string[]): Counter {
    const c = new Counter();
    for (const n of names) c.add(n);
    return c;
  }

  add(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    this.total++;
  }

  sorted(): Count[] {
    return [...this.counts.entries()].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  }
}
