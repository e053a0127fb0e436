// The health monitor: a list of checks run every N seconds, each run logged, and a notification only when
// health changes (healthy to unhealthy and back). Checks are plain async functions, so more can join the list.
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { realClock, type Clock } from '../notify/clock.js';
import { notify, type ChannelResult, type NotifyEvent, type NotifyOptions } from '../notify/index.js';
import { validateAll } from './validate-all.js';
import { loadPlugins, openWorkspace, repairSettings, type Workspace } from './workspace.js';

/** What one check found. */
export interface HealthCheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

/** One health check; a check that throws counts as failed, with its message. */
export type HealthCheck = (ws: Workspace) => Promise<HealthCheckResult>;

/** One run of all checks. */
export interface HealthReport {
  time: string;
  healthy: boolean;
  checks: HealthCheckResult[];
  ms: number;
}

/** A change of health worth telling someone about. */
export type HealthChange = 'unhealthy' | 'recovered';

/** The config files parse and match their schemas, and the plugins they name load (re-read on every run). */
export const configCheck: HealthCheck = async (ws) => {
  const problems = loadConfig(ws.root).problems.map((p) => `${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.message}`);
  problems.push(...(await loadPlugins(ws)).problems);
  return { name: 'config', ok: !problems.length, detail: problems.length ? `${problems.length} problem(s): ${listed(problems)}` : 'config/qmoi.json and config/notification.json are valid' };
};

/** Every tracked file qmoi-hooks understands is valid: what `validate --all` checks. */
export const filesCheck: HealthCheck = async (ws) => {
  if (!ws.repo) return { name: 'files', ok: true, detail: 'not a git repository: no tracked files to check' };
  // A fresh workspace: the config may have changed since the monitor started.
  const fresh = openWorkspace(ws.cwd);
  const { options } = await repairSettings(fresh);
  const run = await validateAll(fresh, options);
  const bad = run.files.filter((f) => f.status === 'unrepairable').map((f) => `${f.file}:${f.error?.line ?? 1}:${f.error?.column ?? 1}: ${f.error?.message ?? 'invalid'}`);
  return { name: 'files', ok: !bad.length, detail: bad.length ? `${bad.length} invalid file(s): ${listed(bad)}` : `${run.summary.ok} file(s) valid` };
};

/** The checks `monitor` runs (doctor's joins later). */
export const defaultHealthChecks: HealthCheck[] = [configCheck, filesCheck];

/** Runs the checks one after another and logs the run as a `health` event; never throws. */
export async function checkHealth(ws: Workspace, checks: HealthCheck[] = defaultHealthChecks, clock: Clock = realClock): Promise<HealthReport> {
  const started = clock.now();
  const results: HealthCheckResult[] = [];
  for (const [i, check] of checks.entries()) {
    try {
      results.push(await check(ws));
    } catch (err) {
      results.push({ name: check.name || `check ${i + 1}`, ok: false, detail: `the check itself failed: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  const report: HealthReport = { time: new Date(started).toISOString(), healthy: results.every((r) => r.ok), checks: results, ms: clock.now() - started };
  ws.logger.info('health', { healthy: report.healthy, ms: report.ms, checks: results });
  return report;
}

/** The change from `previous` to `now`, if any; a monitor starts from healthy, so a first healthy run is no change. */
export function healthChange(previous: boolean, now: boolean): HealthChange | undefined {
  if (previous === now) return undefined;
  return now ? 'recovered' : 'unhealthy';
}

export interface MonitorOptions {
  intervalMs: number;
  checks?: HealthCheck[];
  /** One run, then return. */
  once?: boolean;
  /** Stops the monitor (SIGINT, SIGTERM); a run in progress finishes first. */
  signal?: AbortSignal;
  clock?: Clock;
  notify?: NotifyOptions;
  /** Called after every run, with the change and the notification it caused. */
  onRun?(report: HealthReport, change?: HealthChange, notified?: ChannelResult[]): void;
}

/** How a monitor session went. */
export interface MonitorSummary {
  runs: number;
  healthy: boolean;
  last?: HealthReport;
  changes: { time: string; change: HealthChange }[];
}

/** Runs the checks every `intervalMs` until stopped, notifying `health` on every change; never throws. */
export async function monitorHealth(ws: Workspace, opts: MonitorOptions): Promise<MonitorSummary> {
  const clock = opts.clock ?? realClock;
  const summary: MonitorSummary = { runs: 0, healthy: true, changes: [] };
  while (!opts.signal?.aborted) {
    const report = await checkHealth(ws, opts.checks, clock);
    const change = healthChange(summary.healthy, report.healthy);
    summary.runs++;
    summary.healthy = report.healthy;
    summary.last = report;
    let notified: ChannelResult[] | undefined;
    if (change) {
      summary.changes.push({ time: report.time, change });
      if (summary.changes.length > 100) summary.changes.shift();
      notified = await notify(ws, healthEvent(ws, report, change), opts.notify);
    }
    opts.onRun?.(report, change, notified);
    if (opts.once) break;
    try {
      await clock.sleep(opts.intervalMs, opts.signal);
    } catch {
      break;
    }
  }
  return summary;
}

function healthEvent(ws: Workspace, report: HealthReport, change: HealthChange): NotifyEvent {
  const failing = report.checks.filter((c) => !c.ok);
  const where = path.basename(ws.root);
  if (change === 'recovered') {
    return { event: 'health', level: 'info', title: `${where} is healthy again`, text: report.checks.map((c) => `${c.name}: ${c.detail}`).join('\n'), fields: { package: where } };
  }
  return {
    event: 'health',
    level: 'error',
    title: `${where} is unhealthy: ${failing.map((c) => c.name).join(', ')}`,
    text: failing.map((c) => `${c.name}: ${c.detail}`).join('\n'),
    fields: { package: where, checks: `${failing.length} of ${report.checks.length} failing` },
  };
}

/** The first few items of a list, and how many more. */
function listed(items: string[], most = 5): string {
  return items.slice(0, most).join('; ') + (items.length > most ? `; and ${items.length - most} more` : '');
}
