// `--since 7d`, `24h`, `30m`, `2w` or an ISO date: the start of the period a report covers.

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/** Why a `--since` value was refused. */
export type SinceError = 'zero' | 'bad-date' | 'future' | 'format';

/** The start of the period, or why the text is not one; durations count back from `now`, bare dates are UTC. */
export function parseSince(text: string, now: Date = new Date()): { since: Date } | { error: SinceError } {
  const t = text.trim();
  const m = /^(\d+)\s*([mhdw])$/i.exec(t);
  if (m) {
    const n = Number(m[1]);
    if (n <= 0) return { error: 'zero' };
    return { since: new Date(now.getTime() - n * UNIT_MS[m[2].toLowerCase() as keyof typeof UNIT_MS]) };
  }
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(t)) return { error: 'format' };
  const date = new Date(t.length === 10 ? `${t}T00:00:00Z` : t.replace(' ', 'T'));
  if (Number.isNaN(date.getTime())) return { error: 'bad-date' };
  if (date > now) return { error: 'future' };
  return { since: date };
}
