// `setup` (the seed's qmoi-setup): the one command that gets a repository to a working state, and back to one
// whatever broke. A broken package.json is repaired first (everything after needs it), then install, the
// folders, the dependencies, a first validation of every tracked file, and `doctor --fix` to finish.
import { errorMessage } from './errors.js';
import { fixPackageJson, packageJsonProblem } from './doctor/package-json.js';
import { installDependencies } from './doctor/dependencies.js';
import { runDoctor, type DoctorReport } from './doctor/index.js';
import { addConfigFiles } from './install/config-files.js';
import { install, requireInstallable } from './install/index.js';
import { repairFiles, type RepairRun } from './repair-files.js';
import { summarize } from './repair/repair-buffer.js';
import { validateAll } from './validate-all.js';
import { openWorkspace, repairSettings, type Workspace } from './workspace.js';

/** The steps of setup, in order. */
export type SetupStepName = 'package.json' | 'install' | 'folders' | 'dependencies' | 'validation' | 'doctor';

/** How one step went. */
export interface SetupStep {
  name: SetupStepName;
  ok: boolean;
  detail: string;
  skipped?: boolean;
}

/** Everything setup did. */
export interface SetupReport {
  /** True when every step ended well: exit 0. */
  ok: boolean;
  steps: SetupStep[];
  validation: RepairRun;
  doctor: DoctorReport;
  /** Backups made on the way (package.json, lock file, config files). */
  backups: string[];
}

/** What setup may skip, and who hears about its progress. */
export interface SetupOptions {
  /** Do not install the dependencies. */
  skipInstall?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Told when a step starts (the dependency install can take a while). */
  onStep?: (step: SetupStepName) => void;
}

/** Runs setup in the package of `ws`; throws a usage QmoiError outside a repo or without package.json. */
export async function runSetup(ws: Workspace, opts: SetupOptions = {}): Promise<SetupReport> {
  requireInstallable(ws);
  const env = opts.env ?? process.env;
  const steps: SetupStep[] = [];
  const backups: string[] = [];
  const fresh = () => {
    const w = openWorkspace(ws.cwd);
    requireInstallable(w);
    return w;
  };

  if (await packageJsonProblem(ws.root)) {
    opts.onStep?.('package.json');
    const r = await fixPackageJson({ ws: fresh(), env });
    backups.push(...r.backups);
    steps.push({ name: 'package.json', ok: r.ok, detail: r.did.join('; ') });
  }
  const packageReadable = !(await packageJsonProblem(ws.root));

  opts.onStep?.('install');
  try {
    const r = install(fresh());
    const changed = r.actions.filter((a) => !/^(unchanged|kept)/.test(a.detail) && a.kind !== 'runner');
    steps.push({ name: 'install', ok: true, detail: [changed.length ? `${changed.length} change(s): ${changed.map((a) => a.target).join(', ')}` : 'already installed', ...r.warnings].join('; ') });
  } catch (err) {
    steps.push({ name: 'install', ok: false, detail: errorMessage(err) });
  }

  opts.onStep?.('folders');
  const w = fresh();
  // Install makes these too; here they are made even when install could not run.
  const made = addConfigFiles(w.root, w.loaded.config.logs.dir).filter((a) => !a.detail.startsWith('kept'));
  steps.push({ name: 'folders', ok: true, detail: `config/ and ${w.loaded.config.logs.dir}/ (git-ignored) are there${made.length ? ` (made ${made.map((a) => a.target).join(', ')})` : ''}` });

  if (opts.skipInstall) steps.push({ name: 'dependencies', ok: true, skipped: true, detail: '--skip-install' });
  else if (!packageReadable) steps.push({ name: 'dependencies', ok: false, detail: 'not installed: package.json cannot be read' });
  else {
    opts.onStep?.('dependencies');
    const r = installDependencies(ws.root, w.repo, env);
    if (r.backup) backups.push(r.backup);
    steps.push({ name: 'dependencies', ok: r.ok, detail: `${r.command ?? 'nothing run'}: ${r.detail}` });
  }

  opts.onStep?.('validation');
  const first = await validate(fresh());
  const validationStep: SetupStep = { name: 'validation', ok: true, detail: '' };
  steps.push(validationStep);

  opts.onStep?.('doctor');
  const doctor = await runDoctor(fresh(), { fix: true, env });
  backups.push(...doctor.backups);
  const left = doctor.checks.filter((c) => !c.ok).length;
  const fixed = doctor.checks.filter((c) => c.fixed).length;
  steps.push({ name: 'doctor', ok: doctor.ok, detail: `doctor --fix: ${fixed} fixed, ${left} problem(s) left` });

  // Our own tracked files (config, package.json) that failed validation may have been repaired by doctor since.
  const validation = await recheck(fresh(), first);
  const broken = validation.summary.unrepairable;
  const repairedSince = first.summary.unrepairable - broken;
  validationStep.ok = broken === 0;
  validationStep.detail =
    `${validation.files.length} tracked file(s) checked, ${broken} with problems` +
    (repairedSince ? ` (${repairedSince} more repaired by doctor --fix)` : '') +
    (broken ? ' (shown below; "qmoi-hooks repair --all" repairs what it can)' : '');

  return { ok: steps.every((s) => s.ok), steps, validation, doctor, backups };
}

/** The first validation with the files it found broken checked again. */
async function recheck(ws: Workspace & { repo: NonNullable<Workspace['repo']> }, first: RepairRun): Promise<RepairRun> {
  const failed = first.files.filter((f) => f.status === 'unrepairable').map((f) => f.file);
  if (!failed.length) return first;
  const now = new Map((await validate(ws, failed)).files.map((f) => [f.file, f]));
  const files = first.files.map((f) => now.get(f.file) ?? f);
  return { files, summary: summarize(files) };
}

/** `validate --all` (or the given repo-relative files): checked without writing. */
async function validate(ws: Workspace & { repo: NonNullable<Workspace['repo']> }, files?: string[]): Promise<RepairRun> {
  const { options } = await repairSettings(ws);
  if (!files) return validateAll(ws, options);
  return repairFiles(files, { cwd: ws.repo.top, ...options, write: false, validateOnly: true });
}
