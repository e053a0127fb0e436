// `qmoi-hooks ci` as a library call: repair every tracked file, install dependencies, run the configured
// commands, push the repairs back, write the GitLab reports. Returns every step's result; never prints.
import path from 'node:path';
import { CONFIG_FILE, NOTIFICATION_FILE, type ConfigProblem } from '../../config/load.js';
import { EXIT, errorMessage, usageError, type ExitCode } from '../errors.js';
import { defaultRemotes, type RemotePushResult } from '../push/index.js';
import { repairFiles, type RepairRun } from '../repair-files.js';
import { trackedRepairableFiles } from '../tracked-files.js';
import { openWorkspace, repairSettings, type Workspace } from '../workspace.js';
import { planCommands, runWithRetries, type Backoff, type CommandResult } from './commands.js';
import { readCiEnvironment, type CiEnvironment } from './environment.js';
import { installDependencies, type InstallResult } from './install-deps.js';
import { attachHead, pushBlocker, pushRepairCommit } from './push-repairs.js';
import { changedPaths, commitFiles, loopGuard, repairAuthor, repairMessage } from './repair-commit.js';
import { codeQualityIssues, junitXml, writeReports, type ReportFiles } from './reports.js';

export interface CiOptions {
  cwd?: string;
  /** false: skip the dependency install (as config ci.install false). */
  install?: boolean;
  /** false: run no commands. */
  commands?: boolean;
  /** true: push repairs even when ci.pushRepairs is false; false: never push. */
  push?: boolean;
  /** Run these npm scripts (those package.json has) instead of the configured commands. */
  scripts?: string[];
  env?: NodeJS.ProcessEnv;
  /** Where the output of npm and the commands goes as it comes (the job log). */
  output?: NodeJS.WritableStream;
  /** Told when each step starts, for progress lines. */
  onStep?: (step: CiProgress) => void | Promise<void>;
  /** Pause before retry n of a command (tests shorten it). */
  backoff?: Backoff;
}

/** A step starting (or, for the repair, its result: the other steps' output streams live). */
export type CiProgress =
  | { step: 'start'; environment: CiEnvironment }
  | { step: 'repair'; files: number }
  | { step: 'repaired'; run: RepairRun }
  | { step: 'install'; command: string; attempt: number }
  | { step: 'command'; command: string; attempt: number }
  | { step: 'push'; remotes: string[]; commit: string };

/** What happened to the repairs: pushed, or why not. */
export interface PushStep {
  status: 'pushed' | 'up-to-date' | 'failed' | 'skipped' | 'nothing-to-push';
  reason?: string;
  branch?: string;
  /** The repair commit. */
  commit?: string;
  /** Files in the repair commit. */
  files?: string[];
  /** Files repaired in the job but left out of the commit: they had changes of their own before the run. */
  notCommitted?: string[];
  remotes?: RemotePushResult[];
}

/** Every step's result, as `ci --json` prints it. */
export interface CiResult {
  ok: boolean;
  exitCode: ExitCode;
  environment: CiEnvironment;
  /** Problems left in qmoi-hooks' config after the repair step (defaults were used for those keys). */
  configProblems: ConfigProblem[];
  /** Repairer plugins that could not be loaded. */
  pluginProblems: string[];
  repair: RepairRun;
  install: InstallResult;
  commands: CommandResult[];
  push: PushStep;
  reports: ReportFiles;
}

/** Runs the pipeline entry in the repository at `opts.cwd`; throws QmoiError (exit 2) outside a repository. */
export async function runCi(opts: CiOptions = {}): Promise<{ result: CiResult; workspace: Workspace }> {
  let ws = openWorkspace(opts.cwd);
  const repo = ws.repo;
  if (!repo) throw usageError('not-a-repo', 'not inside a git repository', 'run it in the checkout of your repository');
  const top = repo.top;
  const env = opts.env ?? process.env;
  const environment = readCiEnvironment(top, env);
  await opts.onStep?.({ step: 'start', environment });

  // 1. Repair first, so that a broken package.json or config is whole before npm or qmoi-hooks reads it.
  const dirty = changedPaths(top);
  const { options, problems: pluginProblems } = await repairSettings(ws);
  const files = trackedRepairableFiles(top, { exclude: ws.loaded.config.repair.exclude, plugins: options.plugins, languages: options.languages });
  await opts.onStep?.({ step: 'repair', files: files.length });
  const repair = await repairFiles(files, { cwd: top, repo, ...options, write: true });
  logRepairs(ws, repair);
  await opts.onStep?.({ step: 'repaired', run: repair });
  const configFiles = [CONFIG_FILE, NOTIFICATION_FILE].map((f) => path.relative(top, path.join(ws.root, f)).split(path.sep).join('/'));
  if (repair.files.some((f) => f.status === 'repaired' && configFiles.includes(f.file))) ws = openWorkspace(opts.cwd);
  const config = ws.loaded.config;
  const configProblems = ws.loaded.problems;
  const ciConfigBad = configProblems.some((p) => p.file === CONFIG_FILE && (!p.key || p.key === 'ci' || p.key.startsWith('ci.')));

  // 4a. The repair commit is made now, from the repaired bytes, before install or build can change a file.
  const prepared = prepareRepairCommit(ws, repair, dirty, environment, opts, env);
  const push: PushStep = prepared.push;

  // 2. Dependencies.
  let install: InstallResult;
  if (opts.install === false || !config.ci.install) install = skipped('npm ci', opts.install === false ? '--no-install' : 'ci.install is false');
  else if (ciConfigBad) install = skipped('npm ci', `${CONFIG_FILE} has problems in its "ci" section`);
  else if (!ws.hasPackageJson) install = skipped('npm ci', 'no package.json');
  else {
    install = await installDependencies(ws.root, {
      retries: config.ci.retries,
      env,
      sink: opts.output,
      backoff: opts.backoff,
      onAttempt: (command, attempt) => opts.onStep?.({ step: 'install', command, attempt }),
    });
  }

  // 3. Commands, each retried only for network failures.
  const commands: CommandResult[] = [];
  if (opts.commands !== false && !ciConfigBad) {
    for (const cmd of planCommands(ws.root, config.ci.commands, opts.scripts)) {
      const blocked = install.status === 'failed' ? { ...cmd, skip: 'dependencies did not install' } : cmd;
      commands.push(
        await runWithRetries(blocked, {
          cwd: ws.root,
          retries: config.ci.retries,
          env,
          sink: opts.output,
          backoff: opts.backoff,
          onAttempt: (attempt) => opts.onStep?.({ step: 'command', command: cmd.name, attempt }),
        }),
      );
    }
  }

  // 4b. Push the repair commit.
  if (prepared.remotes && push.commit) {
    await opts.onStep?.({ step: 'push', remotes: prepared.remotes, commit: push.commit });
    try {
      push.remotes = await pushRepairCommit(ws, prepared.remotes, env);
      push.status = push.remotes.every((r) => r.status === 'up-to-date') ? 'up-to-date' : push.remotes.some((r) => r.status === 'failed') ? 'failed' : 'pushed';
    } catch (err) {
      Object.assign(push, { status: 'failed', reason: errorMessage(err) });
    }
  }

  // 5. Reports for GitLab's merge request widgets.
  const reports = writeReports(top, codeQualityIssues(repair, configProblems), junitXml(repair, install, commands));

  const failed = repair.summary.unrepairable > 0 || install.status === 'failed' || commands.some((c) => c.status === 'failed') || push.status === 'failed';
  const exitCode: ExitCode = ciConfigBad ? EXIT.usage : failed ? EXIT.problem : EXIT.ok;
  const result: CiResult = { ok: exitCode === EXIT.ok, exitCode, environment, configProblems, pluginProblems, repair, install, commands, push, reports };
  ws.logger.info('ci', {
    provider: environment.provider,
    branch: environment.branch,
    repaired: repair.summary.repaired,
    unrepairable: repair.summary.unrepairable,
    install: install.status,
    commands: commands.map((c) => `${c.name}: ${c.status}`),
    push: push.status,
    exitCode,
  });
  return { result, workspace: ws };
}

function skipped(name: string, reason: string): InstallResult {
  return { name, status: 'skipped', attempts: 0, durationMs: 0, reason };
}

/** Decides whether repairs go back to the branch and, if so, commits them; returns the remotes to push to. */
function prepareRepairCommit(ws: Workspace, repair: RepairRun, dirty: Set<string>, environment: CiEnvironment, opts: CiOptions, env: NodeJS.ProcessEnv): { push: PushStep; remotes?: string[] } {
  const repaired = repair.files.filter((f) => f.status === 'repaired');
  const branch = environment.branch;
  const skip = (reason: string) => ({ push: { status: 'skipped' as const, reason, ...(branch ? { branch } : {}) } });
  if (!repaired.length) return { push: { status: 'nothing-to-push' } };
  if (opts.push === false) return skip('--no-push');
  if (opts.push !== true && !ws.loaded.config.ci.pushRepairs) return skip('ci.pushRepairs is false');
  if (!branch) return skip(environment.noBranch ?? 'no branch');
  const top = ws.repo!.top;
  const loop = loopGuard(top);
  if (loop) return skip(`${loop}: not committing again`);
  const remotes = defaultRemotes(ws);
  if (!remotes.length) return skip('no remote to push to');
  const blockers = remotes.map((r) => ({ remote: r, why: pushBlocker(top, r, env) }));
  const open = blockers.filter((b) => !b.why).map((b) => b.remote);
  if (!open.length) return skip(blockers.map((b) => `${b.remote}: ${b.why}`).join('; '));
  const committable = repaired.filter((f) => !dirty.has(f.file));
  const notCommitted = repaired.filter((f) => dirty.has(f.file)).map((f) => f.file);
  if (!committable.length) return { push: { status: 'skipped', reason: 'every repaired file had uncommitted changes of its own', branch, notCommitted } };
  const elsewhere = attachHead(top, branch);
  if (elsewhere) return skip(elsewhere);
  const made = commitFiles(top, ws.repo!.gitDir, committable.map((f) => f.file), repairMessage(committable), repairAuthor(ws.loaded.config.ci.author, env));
  ws.logger.audit({ action: 'commit', target: committable.map((f) => f.file), result: 'ok', commit: made.commit, parent: made.parent, source: 'ci' });
  const push: PushStep = { status: 'pushed', branch, commit: made.commit, files: committable.map((f) => f.file), ...(notCommitted.length ? { notCommitted } : {}) };
  return { push, remotes: open };
}

/** Every repair and backup goes to the logs and the audit trail, as `repair` records them. */
function logRepairs(ws: Workspace, run: RepairRun): void {
  for (const f of run.files) {
    if (f.status === 'repaired') {
      ws.logger.info('repair', { file: f.file, language: f.language, fixes: f.fixes, source: 'ci' });
      ws.logger.audit({ action: 'repair', target: f.file, result: 'ok', fixes: f.fixes.map((x) => x.description), backup: run.backup?.id, source: 'ci' });
    } else if (f.status === 'unrepairable') {
      ws.logger.error('unrepairable', { file: f.file, language: f.language, error: f.error, source: 'ci' });
    }
  }
  if (run.backup) ws.logger.audit({ action: 'backup', target: run.backup.files.map((f) => f.path), result: 'ok', id: run.backup.id, reason: run.backup.reason });
}
