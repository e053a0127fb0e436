// `doctor`: checks qmoi-hooks' own files and what the hooks need, and with `fix` puts back what it can, in an
// order where each fix can rely on the ones before it (package.json, config, node_modules, hooks, scripts, logs).
import { errorMessage } from '../errors.js';
import { requireInstallable } from '../install/index.js';
import { openWorkspace, type Workspace } from '../workspace.js';
import { checkConfigFile } from './config-files.js';
import { checkIdentity, checkInstalled, checkRemotes } from './environment.js';
import { checkHooks } from './hooks.js';
import { checkLogs } from './logs.js';
import { checkPackageJson } from './package-json.js';
import { checkScripts } from './scripts.js';
import type { DoctorCheck, DoctorReport, Finding, FixOutcome } from './types.js';

export type { DoctorCheck, DoctorReport } from './types.js';

/** How doctor runs: check only, or fix; the environment the token checks and npm see. */
export interface DoctorOptions {
  /** Repair what can be repaired (backing files up first). */
  fix?: boolean;
  /** Environment for the token checks and npm (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

/** Runs every check (and with `fix`, the fixes); throws a usage QmoiError outside a repo or without package.json. */
export async function runDoctor(ws: Workspace, opts: DoctorOptions = {}): Promise<DoctorReport> {
  requireInstallable(ws);
  const env = opts.env ?? process.env;
  const before = await collect(ws, env);
  if (!opts.fix) return report(before.map((f) => toCheck(f)), []);

  const outcomes = new Map<string, FixOutcome>();
  for (const f of before) {
    if (f.level !== 'problem' || !f.fixer || outcomes.has(f.fixer.key)) continue;
    // Each fix sees the files as the previous fixes left them.
    const fresh = openWorkspace(ws.cwd);
    requireInstallable(fresh);
    try {
      outcomes.set(f.fixer.key, await f.fixer.run({ ws: fresh, env }));
    } catch (err) {
      outcomes.set(f.fixer.key, { ok: false, did: [`could not fix: ${errorMessage(err)}`], backups: [] });
    }
  }
  const after = await collect(openWorkspace(ws.cwd), env);
  const wasProblem = new Map(before.filter((f) => f.level === 'problem').map((f) => [f.name, f]));
  const told = new Set<string>();
  const checks = after.map((f) => {
    const old = wasProblem.get(f.name);
    if (!old) return toCheck(f);
    // What a shared fix did is told once, under the first check it fixed.
    const key = old.fixer?.key;
    const outcome = key && !told.has(key) ? outcomes.get(key) : undefined;
    if (key) told.add(key);
    return { ...toCheck(f), fixed: f.level !== 'problem', ...(outcome?.did.length ? { did: outcome.did } : {}) };
  });
  const backups = [...outcomes.values()].flatMap((o) => o.backups);
  return report(checks, backups);
}

/** All checks, in fix order. */
async function collect(ws: Workspace, env: NodeJS.ProcessEnv): Promise<Finding[]> {
  requireInstallable(ws);
  return [
    await checkPackageJson(ws.root),
    checkConfigFile(ws, 'qmoi'),
    checkConfigFile(ws, 'notification'),
    checkInstalled(ws),
    ...checkHooks(ws),
    checkScripts(ws.root),
    checkLogs(ws),
    checkIdentity(ws.repo.top),
    ...checkRemotes(ws, env),
  ];
}

function toCheck(f: Finding): DoctorCheck {
  return { name: f.name, ok: f.level !== 'problem', level: f.level, detail: f.detail, ...(f.level !== 'ok' && f.fix ? { fix: f.fix } : {}) };
}

function report(checks: DoctorCheck[], backups: string[]): DoctorReport {
  return { ok: checks.every((c) => c.ok), checks, backups };
}
