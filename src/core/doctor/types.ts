// What doctor finds and reports: one check per thing qmoi-hooks needs, and the fixes that put them back.
import type { Workspace } from '../workspace.js';

/** How a check came out: a warning is worth knowing but does not fail doctor. */
export type CheckLevel = 'ok' | 'warning' | 'problem';

/** One check as doctor reports it (`doctor --json`: checks[]). */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  level: CheckLevel;
  detail: string;
  /** What puts it right: done by `doctor --fix` where it can, else a step for the user. */
  fix?: string;
  /** With --fix: it was a problem and is fixed now. */
  fixed?: boolean;
  /** With --fix: what was done for it (or why it could not be done). */
  did?: string[];
}

/** A check result before fixing, with the fix routine that can put it right, if any. */
export interface Finding {
  name: string;
  level: CheckLevel;
  detail: string;
  fix?: string;
  /** Fix routines shared by several checks (e.g. one reinstall of the hooks) run once, under one key. */
  fixer?: { key: string; run: Fixer };
}

/** A fix routine: gets a freshly opened workspace, returns what it did; throws a QmoiError when it cannot. */
export type Fixer = (ctx: FixContext) => Promise<FixOutcome>;

/** What a fix routine works with. */
export interface FixContext {
  ws: Workspace & { repo: NonNullable<Workspace['repo']> };
  env: NodeJS.ProcessEnv;
}

/** What a fix routine did; `backups` are the ids of the backups it made first. */
export interface FixOutcome {
  did: string[];
  backups: string[];
  /** False when it ran but could not put the thing right (e.g. an unrepairable package.json). */
  ok: boolean;
}

/** Everything doctor found (and with --fix, did). */
export interface DoctorReport {
  /** True when no check is a problem (warnings allowed). */
  ok: boolean;
  checks: DoctorCheck[];
  /** Ids of the backups --fix made before changing files (`qmoi-hooks restore ID`). */
  backups: string[];
}
