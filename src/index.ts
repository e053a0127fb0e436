// The library entry: the same routines the CLI, the hooks and CI call.
export { repairBuffer, DEFAULT_LIMITS, type FileResult, type BufferRepair, type RepairLimits } from './core/repair/repair-buffer.js';
export { repairFiles, type RepairRun } from './core/repair-files.js';
export { repairStaged } from './core/staged.js';
export { validateCommits, validatePush } from './core/validate-commits.js';
export { trackedRepairableFiles } from './core/tracked-files.js';
export { createBackup, listBackups, readBackup, pruneBackups, type BackupInfo } from './core/backup.js';
export { install, uninstall, type InstallReport } from './core/install/index.js';
export { runDoctor, type DoctorReport, type DoctorCheck } from './core/doctor/index.js';
export { runSetup, type SetupReport, type SetupStep } from './core/setup.js';
export { openWorkspace, type Workspace } from './core/workspace.js';
export { loadConfig, type LoadedConfig, type ConfigProblem } from './config/load.js';
export { DEFAULT_CONFIG, DEFAULT_NOTIFICATION, type QmoiConfig, type NotificationConfig } from './config/types.js';
export { notify, type NotifyEvent, type ChannelResult } from './notify/index.js';
export { monitorHealth, checkHealth, defaultHealthChecks, type HealthCheck } from './core/monitor.js';
export { buildReport, type Report } from './report/build.js';
export { parseSince } from './report/since.js';
export { runCi, type CiOptions, type CiResult } from './core/ci/run-ci.js';
export { redact } from './log/redact.js';
export { Logger, readLog } from './log/logger.js';
export { QmoiError, EXIT } from './core/errors.js';
export { GitError } from './git/git.js';
export type { Repairer, RepairOutcome, RepairContext, Fix, Problem } from './core/repair/types.js';

/** Repairs one file on disk in place (with a backup), as `qmoi-hooks repair FILE` does. */
export async function repairFile(file: string, opts: { cwd?: string } = {}) {
  const { repairFiles } = await import('./core/repair-files.js');
  const { findRepo } = await import('./git/repo.js');
  const cwd = opts.cwd ?? process.cwd();
  const run = await repairFiles([file], { cwd, repo: findRepo(cwd), write: true });
  return run.files[0];
}
