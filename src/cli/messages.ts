// Every sentence the CLI shows a user, in one place.
import type { FileResult } from '../core/repair/repair-buffer.js';
import type { DoctorCheck } from '../core/doctor/types.js';
import type { SelfProblem } from '../core/doctor/hook-self-check.js';
import type { SetupStep } from '../core/setup.js';
import type { PushProblem, RemotePushResult } from '../core/push/index.js';

export const messages = {
  usage: `qmoi-hooks: git hooks that repair broken syntax, back up and push your commits

Usage: qmoi-hooks <command> [options]

Commands:
  install [--ci gitlab|github] [--force]   install the git hooks (through husky), npm scripts and config
  uninstall                               remove what install added
  setup                                   install, create folders, install dependencies, first validation
  repair [FILE...] [--staged|--all]       repair files in place (--check: report only; --dry-run: show the diff)
  validate [FILE...] [--staged|--all|--range A..B] [--shard i/n]   check only, never write
  push [--remote NAME]...                 back up, then push the current branch with retries
  run <pre-commit|post-commit|pre-push>   what the installed hooks call
  ci                                      the pipeline entry: repair, install, run commands, push repairs
  doctor [--fix]                          check (and repair) qmoi-hooks' own files
  notify --test                           send a test message to every configured channel
  monitor [--interval SECONDS]            run health checks repeatedly, notify on change
  report [--since 7d] [--html FILE]       what happened over time, from the logs
  restore [ID]                            list backups, or put the files of backup ID back
  demo                                    run the whole flow in a throw-away sandbox

Every command takes --json, --verbose and --help. DEBUG=qmoi:* shows debug output.
QMOI_HOOKS=0 skips every hook.`,

  unknownCommand: (name: string) => `qmoi-hooks: unknown command "${name}". Run "qmoi-hooks --help" for the list.`,
  badArgs: (command: string, detail: string) => `qmoi-hooks ${command}: ${detail}. Run "qmoi-hooks ${command} --help".`,
  notImplemented: (command: string) => `qmoi-hooks ${command}: not available in this version yet.`,

  // repair / validate
  repairHelp: `Usage: qmoi-hooks repair [FILE...] [--staged | --all] [--check | --dry-run] [--json]

Repairs syntax errors in place: JSON (and package.json), YAML (and .gitlab-ci.yml), JavaScript, TypeScript.
A file is changed only when the repaired text parses and the repair is the clear best one; otherwise it is
left byte for byte as it was and the problem is reported with file, line and column.
Every original is backed up first: "qmoi-hooks restore" lists backups and puts files back.

  FILE...     files to repair (no git repository needed)
  --staged    the staged files: the index and the working tree
  --all       every tracked file qmoi-hooks understands
  --check     report what would be repaired, write nothing (exit 1 when anything is wrong)
  --dry-run   print the diff each repair would apply, write nothing
Exit: 0 all valid (after repair), 1 something still wrong, 2 usage error.`,
  noFiles: 'qmoi-hooks repair: name the files to repair, or use --staged or --all.',
  notARepo: (command: string) => `qmoi-hooks ${command}: not inside a git repository. Run it inside one (or name files explicitly).`,
  repaired: (r: FileResult) => `repaired ${r.file}`,
  wouldRepair: (r: FileResult) => `would repair ${r.file}`,
  fixLine: (file: string, f: { line: number; column: number; description: string }) => `  ${file}:${f.line}:${f.column} ${f.description}`,
  unrepairable: (r: FileResult) =>
    `cannot repair ${r.file}:${r.error?.line ?? 1}:${r.error?.column ?? 1}: ${r.error?.message ?? 'unknown problem'}` +
    (r.error?.suggestion ? `\n  suggestion: ${r.error.suggestion}` : ''),
  invalid: (r: FileResult) =>
    `${r.file}:${r.error?.line ?? 1}:${r.error?.column ?? 1}: ${r.error?.message ?? 'invalid'}` + (r.error?.suggestion ? `\n  suggestion: ${r.error.suggestion}` : ''),
  warning: (file: string, w: { line: number; column: number; message: string }) => `  warning ${file}:${w.line}:${w.column} ${w.message}`,
  skipped: (r: FileResult) => `skipped ${r.file}: ${r.reason}`,
  backupMade: (id: string) => `originals backed up as ${id} (qmoi-hooks restore ${id} puts them back)`,
  summary: (s: { ok: number; repaired: number; unrepairable: number; skipped: number }) =>
    `${s.repaired} repaired, ${s.unrepairable} unrepairable, ${s.ok} ok, ${s.skipped} skipped`,
  configProblem: (p: { file: string; line?: number; column?: number; message: string }) =>
    `qmoi-hooks: ${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.message} (using the default; "qmoi-hooks doctor --fix" repairs it)`,
  pluginProblem: (p: string) => `qmoi-hooks: ${p}`,

  // demo
  demoHelp: `Usage: qmoi-hooks demo [--keep] [--json]

Runs the whole flow in a throw-away sandbox (a temp repository and a local bare remote): broken files are
committed and repaired by the real hooks, the commit is pushed, an unrepairable file is blocked.
  --keep   keep the sandbox folder and print where it is`,
  demoIntro: 'qmoi-hooks demo: a sandbox repository with a local remote, the real hooks, real commits.',
  demoDone: (kept?: string) => `Demo finished: every step behaved as expected.${kept ? ` Sandbox kept in ${kept}` : ' The sandbox was removed.'}`,
  demoFailed: 'Demo finished, but a step did not behave as expected (marked above).',

  // install / uninstall
  installHelp: `Usage: qmoi-hooks install [--ci gitlab|github] [--force] [--json]

Installs the pre-commit, post-commit and pre-push hooks (through husky) in the current repository, adds the
npm scripts qmoi-setup, qmoi-error-recovery and qmoi-auto-push and a "prepare" script (so a fresh clone gets
the hooks on "npm install"), creates config/qmoi.json and config/notification.json where missing and a
git-ignored logs/ folder. Existing hooks keep running (chained); running it again changes nothing.
  --ci gitlab|github   also write the pipeline template (.gitlab-ci.yml or .github/workflows/qmoi-hooks.yml)
  --force              replace an existing pipeline file (otherwise it is kept and the template shown)`,
  uninstallHelp: `Usage: qmoi-hooks uninstall [--json]

Removes what install added: our lines in the hooks, the hook runner, the npm scripts (unless you changed them),
config files still equal to the templates, an empty logs/ folder; core.hooksPath goes back to what it was.`,
  // hooks
  runHelp: `Usage: qmoi-hooks run <pre-commit|post-commit|pre-push> [--package DIR]

What the installed git hooks call. pre-commit repairs the staged files and blocks the commit only when one of
them cannot be repaired; post-commit backs up the commit and pushes it; pre-push validates the files changed by
the commits being pushed. QMOI_HOOKS=0 skips all of them.`,
  commitBlocked: `qmoi-hooks: commit blocked: fix the file(s) above and commit again.
  bypass once: git commit --no-verify   (or QMOI_HOOKS=0 git commit ...)`,
  pushBlocked: `qmoi-hooks: push blocked: the commits being pushed contain the broken file(s) above.
  fix them in a new commit (qmoi-hooks repair FILE), or bypass once: git push --no-verify`,
  repairNotificationTitle: (repaired: number, unrepairable: number) =>
    unrepairable ? `pre-commit: ${unrepairable} file(s) could not be repaired; commit blocked` : `pre-commit: repaired ${repaired} file(s)`,
  hookInternalError: (hook: string, message: string) =>
    `qmoi-hooks: the ${hook} hook had a problem of its own (${message}); your commit goes ahead. Fix: npx qmoi-hooks doctor --fix`,

  installAction: (a: { target: string; detail: string }) => `  ${a.target}: ${a.detail}`,
  ciSuggestion: (file: string, template: string) => `  ${file} exists; to use qmoi-hooks in it, merge in these jobs (or rerun with --force):\n${template.replace(/^/gm, '    ')}`,
  installSkippedInCi: 'qmoi-hooks: CI detected (CI is set): hooks not installed. Run "qmoi-hooks install" to install them anyway.',
  installed: 'qmoi-hooks: hooks installed. Commit as usual; QMOI_HOOKS=0 skips them for one command.',
  uninstalled: 'qmoi-hooks: uninstalled.',
  installFailed: (message: string, hint?: string) => `qmoi-hooks: ${message}${hint ? `\n  fix: ${hint}` : ''}`,

  // ---- doctor, setup, and the hooks' lines about qmoi-hooks' own problems (owned by the doctor work) ----
  doctorHelp: `Usage: qmoi-hooks doctor [--fix] [--json]

Checks qmoi-hooks' own files and what its hooks need, one line each: package.json, config/qmoi.json and
config/notification.json, qmoi-hooks in node_modules, core.hooksPath, husky's hooks, our lines in each hook
file, the hook runner and the node it records, the npm scripts, the logs folder, git's identity, and a token
(or credential helper) for each remote push uses (push.remotes, else origin) that is https on GitLab or GitHub.
  --fix   repair what can be repaired: every file is backed up first ("qmoi-hooks restore" lists backups);
          a broken config keeps every value that can be read; a package.json that cannot be repaired is
          left untouched, with the position to fix by hand. Running it again changes nothing.
Exit: 0 nothing wrong (warnings allowed), 1 something is still wrong, 2 not a repository / no package.json.`,
  doctorCheck: (c: DoctorCheck) => {
    const label = c.fixed ? 'fixed' : c.level === 'problem' ? 'PROBLEM' : c.level;
    const fix = c.level !== 'ok' && c.fix && !c.fixed ? `  fix: ${c.fix}` : '';
    return `${label.padEnd(8)} ${c.name}: ${c.detail}${fix}`;
  },
  doctorDid: (line: string) => `           ${line}`,
  doctorSummary: (r: { ok: boolean; checks: DoctorCheck[] }, fixMode: boolean) => {
    const problems = r.checks.filter((c) => !c.ok).length;
    const fixed = r.checks.filter((c) => c.fixed).length;
    const warnings = r.checks.filter((c) => c.level === 'warning').length;
    const w = warnings ? `, ${warnings} warning(s)` : '';
    if (fixMode) return r.ok ? `qmoi-hooks doctor: fixed ${fixed}, all ${r.checks.length} checks pass${w}.` : `qmoi-hooks doctor: fixed ${fixed}; ${problems} problem(s) left: see "fix:" above${w}.`;
    return r.ok ? `qmoi-hooks doctor: all ${r.checks.length} checks pass${w}.` : `qmoi-hooks doctor: ${problems} problem(s)${w}. Run "npx qmoi-hooks doctor --fix" to repair what can be repaired.`;
  },
  doctorBackups: (ids: string[]) => `originals backed up as ${ids.join(', ')} ("qmoi-hooks restore ID" puts them back)`,
  setupHelp: `Usage: qmoi-hooks setup [--skip-install] [--json]

Gets a repository to a working state, and back to one whatever broke: repairs a broken package.json (with a
backup), installs the hooks, npm scripts and config (like "install"), makes the config and logs folders,
installs the dependencies (npm ci when package-lock.json matches package.json, else npm install after backing
the lock file up; a yarn, pnpm or bun lock file is left to its own tool), validates every tracked file
("validate --all"), and ends with "doctor --fix".
  --skip-install   do not install the dependencies
Exit: 0 all good, 1 something is still wrong (shown), 2 not a repository / no package.json.`,
  setupRunning: (step: string) => `qmoi-hooks setup: ${step}...`,
  setupStep: (s: SetupStep) => `${(s.skipped ? 'skipped' : s.ok ? 'ok' : 'PROBLEM').padEnd(8)} ${s.name}: ${s.detail}`,
  setupDone: (ok: boolean) => (ok ? 'qmoi-hooks setup: done; everything works.' : 'qmoi-hooks setup: done, but something is still wrong (PROBLEM above). Fix it, then run "npx qmoi-hooks setup" again.'),
  selfProblem: (p: SelfProblem) => {
    const at = p.kind !== 'package-json-unreadable' && p.line ? `:${p.line}:${p.column ?? 1}` : '';
    if (p.kind === 'config') {
      const more = p.more ? ` (and ${p.more} more)` : '';
      return `qmoi-hooks: ${p.file}${at}: ${p.message}${more}; going ahead with the defaults. Fix: npx qmoi-hooks doctor --fix`;
    }
    const what = p.kind === 'package-json' ? `is not valid JSON: ${p.message}` : p.message;
    return `qmoi-hooks: ${p.file}${at} ${what}; npm scripts cannot run, the hook goes ahead. Fix: npx qmoi-hooks doctor --fix`;
  },
  // ---- end of the doctor block ----
  // ---- notify, monitor, report (notify branch): begin ----
  notifyHelp: `Usage: qmoi-hooks notify --test [--json]

Sends a test message to every channel enabled in config/notification.json and shows what each one did.
Secrets come from the environment only: SLACK_WEBHOOK_URL, DISCORD_WEBHOOK_URL, and for e-mail SMTP_HOST,
SMTP_PORT (587), SMTP_USER, SMTP_PASS, SMTP_FROM, NOTIFY_EMAIL_TO (comma-separated).
Every attempt is logged in logs/notification.log (secrets redacted) and audited in logs/audit.log.
Exit: 0 every enabled channel delivered, 1 one did not (failed, or skipped for a missing variable), 2 usage error.`,
  notifyNeedsTest: 'say what to send: --test sends a test message',
  notifyTestTitle: 'Test notification',
  notifyTestText: (where: string) => `If you read this, notifications from ${where} reach this channel. Sent by "qmoi-hooks notify --test".`,
  notifyNoChannel: 'qmoi-hooks notify: no channel is enabled in config/notification.json: nothing was sent.',
  notifyHeader: ['channel', 'result', 'attempts', 'detail'],
  notifyResult: { delivered: 'delivered', failed: 'FAILED', skipped: 'skipped' } as Record<'delivered' | 'failed' | 'skipped', string>,
  notifySummary: (delivered: number, total: number) => `${delivered} of ${total} enabled channel(s) delivered.`,
  monitorHelp: `Usage: qmoi-hooks monitor [--interval SECONDS] [--once] [--json]

Runs health checks every SECONDS (default: monitor.intervalSeconds in config/qmoi.json, 60): the config files,
and every tracked file qmoi-hooks understands (what "validate --all" checks). Notifies the channels of the
"health" event when health changes: healthy to unhealthy, and back. Each run is logged in logs/qmoi.log.
Ctrl-C or SIGTERM stops it.
  --once     run the checks once: exit 0 healthy, 1 unhealthy
  --json     one JSON document (last run, changes) when it stops, or after the run with --once
Exit: 0 stopped (or healthy with --once), 1 unhealthy with --once, 2 usage error.`,
  monitorBadInterval: (v: string) => `--interval must be a number of seconds greater than 0, not "${v}"`,
  monitorStarted: (seconds: number, checks: number) => `qmoi-hooks monitor: ${checks} check(s) every ${seconds} s; Ctrl-C stops.`,
  monitorRun: (time: string, healthy: boolean, checks: number, ms: number) => `${time} ${healthy ? 'healthy' : 'UNHEALTHY'} (${checks} check(s), ${ms} ms)`,
  monitorFailing: (name: string, detail: string) => `  ✗ ${name}: ${detail}`,
  monitorChange: (change: 'unhealthy' | 'recovered', notified: string) => `  health ${change === 'unhealthy' ? 'went bad' : 'is back'}; notified: ${notified || 'no channel'}`,
  monitorNotified: (channel: string, result: string, detail?: string) => `${channel} ${result}${detail ? ` (${detail})` : ''}`,
  monitorStopped: (runs: number) => `qmoi-hooks monitor: stopped after ${runs} run(s).`,
  reportHelp: `Usage: qmoi-hooks report [--since 7d] [--html FILE] [--json]

What happened over a period, from the logs in logs/: repairs by kind and by file, push outcomes and retries,
time spent in hooks (median and 95th percentile), errors and their trend per day, notifications.
  --since P    7d (default), 24h, 30m, 2w, or an ISO date such as 2024-05-01 (UTC)
  --html FILE  also write a self-contained page with charts (works offline)
  --json       the report as one JSON document
Exit: 0 report made, 1 the HTML file could not be written, 2 usage error.`,
  reportBadSince: (value: string, why: 'zero' | 'bad-date' | 'future' | 'format') =>
    ({
      zero: `--since must be a period longer than 0, like 7d, 24h or 30m (got "${value}")`,
      'bad-date': `--since: "${value}" is not a valid date`,
      future: `--since: ${value} is in the future`,
      format: `--since takes a period (7d, 24h, 30m, 2w) or an ISO date like 2024-05-01, not "${value}"`,
    })[why],
  reportTitle: (since: string, until: string, entries: number) => `qmoi-hooks report: ${since} → ${until} UTC (${entries} log entries)`,
  reportNothing: 'Nothing was logged in this period.',
  reportRepairs: (files: number, fixes: number, unrepairable: number) => `Repairs: ${files} file(s) repaired, ${fixes} fix(es); ${unrepairable} unrepairable`,
  reportKindHeader: ['kind', 'fixes'],
  reportFileHeader: ['file', 'repairs'],
  reportUnrepairableHeader: ['unrepairable file', 'times'],
  reportPushes: (total: number, landed: number, failed: number, retries: number, median?: number, p95?: number) =>
    `Pushes: ${total} (${landed} landed, ${failed} failed), ${retries} retries` + (median !== undefined ? `; median ${median} ms, 95th percentile ${p95} ms` : ''),
  reportRemoteHeader: ['remote', 'landed', 'failed', 'attempts'],
  reportOutcomeHeader: ['outcome', 'pushes'],
  reportHooks: 'Time in hooks',
  reportHookHeader: ['hook', 'runs', 'blocked', 'median ms', 'p95 ms', 'max ms'],
  reportErrors: (total: number, t: { firstHalf: number; secondHalf: number; direction: 'up' | 'down' | 'flat' }) =>
    `Errors: ${total}` + (total ? ` (${{ up: 'rising', down: 'falling', flat: 'steady' }[t.direction]}: ${t.firstHalf} in the first half of the period, ${t.secondHalf} in the second)` : ''),
  reportErrorHeader: ['event', 'errors'],
  reportDays: 'Per day (UTC, days with activity)',
  reportDayHeader: ['day', 'repairs', 'unrepairable', 'errors', 'pushes', 'failed pushes', 'hook runs'],
  reportNotifications: 'Notifications',
  reportNotificationHeader: ['channel', 'delivered', 'failed', 'skipped'],
  reportHealth: (runs: number, unhealthy: number) => `Monitor: ${runs} run(s), ${unhealthy} unhealthy`,
  reportMore: (n: number) => `  … and ${n} more (--json lists all)`,
  reportHtmlWritten: (file: string) => `report written to ${file}`,
  reportHtmlFailed: (file: string, why: string) => `qmoi-hooks report: cannot write ${file}: ${why}`,
  // ---- notify, monitor, report (notify branch): end ----
  // ---- push (issue 5): qmoi-hooks push and the post-commit push. Others: please edit outside this block. ----
  pushHelp: `Usage: qmoi-hooks push [--remote NAME]... [--json] [--verbose]

Backs up HEAD as refs/qmoi/backup/<branch>/<time>, then pushes the current branch to each remote in
parallel, in the foreground, each with its own result:
  - network errors and 5xx answers are retried with growing pauses (push.maxAttempts, push.maxSeconds);
  - an authentication failure is not retried, except once after push.tokenCommand printed a fresh token;
  - when the remote branch moved, the local commits are rebased onto it (in a scratch worktree; your
    files are not touched unless the rebase is clean) and pushed again; on a conflict nothing local
    changes and the commit goes to a backup branch qmoi/backup/<branch>/<time> on that remote instead.
Nothing is ever force-pushed. Tokens come from GITLAB_TOKEN (for GITLAB_API_URL's host, default gitlab.com)
and GITHUB_TOKEN (github.com), for https remotes only, through git's environment, never a URL or file.

  --remote NAME   push to this remote (repeatable); default: push.remotes in config/qmoi.json, else origin
Exit: 0 every push landed, 1 one did not, 2 usage error, not a git repository, no remote.`,
  pushed: (r: RemotePushResult) => `pushed ${r.branch} to ${r.remote} (${short(r.commit)})${r.attempts > 1 ? ` after ${r.attempts} attempts` : ''}`,
  pushUpToDate: (r: RemotePushResult) => `${r.remote} already has ${r.branch} (${short(r.commit)})`,
  pushRebased: (r: RemotePushResult) =>
    `  ${r.remote}/${r.branch} had moved: your commits were rebased onto it (${short(r.rebased?.from)} is now ${short(r.rebased?.to)}; the old commits stay in refs/qmoi/backup/)`,
  pushOptionsDropped: (r: RemotePushResult) => `  ${r.remote} does not accept push options: pushed without -o ci.skip (a pipeline may run)`,
  pushTokenRefreshed: (r: RemotePushResult) =>
    r.tokenRefresh?.ok ? `  a fresh token from push.tokenCommand was used` : `  push.tokenCommand did not help: ${r.tokenRefresh?.reason ?? ''}`,
  pushFailed: (r: RemotePushResult) => {
    const p = pushProblems[r.problem ?? 'unknown'];
    return `could not push ${r.branch} to ${r.remote}: ${p.what}${r.detail ? `\n  ${r.detail.split('\n').join('\n  ')}` : ''}\n  next: ${p.next(r)}`;
  },
  pushBackupBranch: (r: RemotePushResult) =>
    r.backupBranch?.pushed
      ? `  your commit ${short(r.commit)} is safe on ${r.remote} as branch ${r.backupBranch.name}`
      : `  the backup branch ${r.backupBranch?.name ?? ''} could not be pushed either; your commit stays in refs/qmoi/backup/ locally`,
  pushBackupRef: (ref: string) => `backed up HEAD as ${ref}`,
  pushVerbose: (r: RemotePushResult) => `${r.remote} (${r.url}): ${r.status}, ${r.attempts} attempt(s), ${r.durationMs} ms`,
  pushCannotStart: (detail: string, hint?: string) => `qmoi-hooks push: ${detail}.${hint ? ` ${hint}` : ''}`,
  pushHints: {
    'not-a-repo': 'Run it inside a git repository.',
    'push-detached': 'Check out a branch first (git switch <branch>).',
    'push-unborn': 'Make a first commit first.',
    'push-in-progress': 'Finish or abort it first (git rebase --continue / --abort, git merge --abort, ...).',
    'no-remote': 'Add one (git remote add origin <url>) or name one with --remote.',
    'unknown-remote': 'See "git remote -v"; set push.remotes in config/qmoi.json or use --remote.',
    'push-locked': 'Another qmoi-hooks push is still running; try again when it has finished.',
    'backup-ref-failed': 'Nothing was pushed (a commit is pushed only once it is backed up). Check free disk space and that .git/refs is writable, then run "qmoi-hooks push" again.',
  } as Record<string, string>,
  pushNotifyTitle: (ok: boolean, branch: string, remotes: string[]) => (ok ? `pushed ${branch} to ${remotes.join(', ')}` : `push of ${branch} failed`),
  pushNotifyText: (results: RemotePushResult[]) =>
    results
      .map((r) =>
        r.status === 'failed'
          ? `${r.remote}: ${pushProblems[r.problem ?? 'unknown'].what}${r.backupBranch?.pushed ? ` (commit saved as ${r.backupBranch.name})` : ''}; next: ${pushProblems[r.problem ?? 'unknown'].next(r)}`
          : `${r.remote}: ${r.status === 'pushed' ? 'pushed' : 'up to date'} ${short(r.commit)}${r.rebased ? ' (rebased onto the moved remote)' : ''}`,
      )
      .join('\n'),
  pushNotifyStartFailed: (detail: string) => `qmoi-hooks could not push: ${detail}`,
  postCommitBackground: (pid: number) => `qmoi-hooks: pushing in the background (pid ${pid}); results go to logs/ and notifications`,
  postCommitSkipped: (reason: string) => `qmoi-hooks: post-commit push skipped (${reason})`,
  // ---- end of push block ----
  // ---- ci (issue 7): qmoi-hooks ci and install --ci. Others: please edit outside this block. ----
  ciHelp: `Usage: qmoi-hooks ci [--script NAME]... [--no-install] [--no-commands] [--push | --no-push] [--json]

The pipeline entry (GitLab CI, GitHub Actions, or any checkout), in order:
  1. repairs every tracked file qmoi-hooks understands (a broken package.json is repaired before npm reads it)
  2. installs dependencies: npm ci, or npm install when the lock file is missing or out of sync (ci.install)
  3. runs ci.commands from config/qmoi.json, by default the lint, test and build scripts that exist;
     a command that failed for a network reason (ECONNRESET, ETIMEDOUT, EAI_AGAIN, E5xx) runs again,
     up to ci.retries times; any other failure counts at once
  4. commits the repairs ("[skip ci]"; committer qmoi-hooks) and pushes them back to the branch, when
     GITLAB_TOKEN or GITHUB_TOKEN is set (or the remote is local); never for a commit qmoi-hooks made
  5. writes gl-code-quality-report.json and qmoi-junit.xml (GitLab Code Quality and JUnit reports)
  6. notifies (event "ci")
  --script NAME    run "npm run NAME" instead of ci.commands (repeatable; a script package.json lacks is skipped)
  --no-install     skip step 2        --no-commands   skip step 3
  --push           push repairs even when ci.pushRepairs is false      --no-push   never push
Exit: 0 all good, 1 a file could not be repaired, the install or a command failed, or the push did not land,
2 usage error, not a git repository, or the "ci" section of config/qmoi.json is broken.`,
  ciStart: (provider: string, branch: string | undefined, commit: string | undefined) =>
    `qmoi-hooks ci: ${provider === 'local' ? 'local run' : `${provider} pipeline`}${branch ? ` for ${branch}` : ''}${commit ? ` at ${commit.slice(0, 12)}` : ''}`,
  ciRepairStep: (files: number) => `\n== repair: ${files} tracked file${files === 1 ? '' : 's'} qmoi-hooks understands`,
  ciInstallStep: (command: string, attempt: number) => (attempt === 1 ? `\n== install: ${command}` : `\n== install again (attempt ${attempt}): ${command}`),
  ciCommandStep: (command: string, attempt: number) => (attempt === 1 ? `\n== run: ${command}` : `\n== run again (attempt ${attempt}): ${command}`),
  ciPushStep: (remotes: string[], commit: string) => `\n== push: repair commit ${commit.slice(0, 12)} to ${remotes.join(', ')}`,
  ciCommandResult: (c: { name: string; status: string; exitCode?: number; attempts: number; durationMs: number; reason?: string; retriedFor?: string[] }) =>
    c.status === 'skipped'
      ? `${c.name}: skipped (${c.reason ?? ''})`
      : `${c.name}: ${c.status === 'passed' ? 'passed' : `failed (exit ${c.exitCode})`} in ${(c.durationMs / 1000).toFixed(1)} s` +
        (c.attempts > 1 ? `, ${c.attempts} attempts (retried after ${c.retriedFor?.join(', ')})` : '') +
        (c.reason && c.status === 'failed' ? `: ${c.reason}` : ''),
  ciInstallFallback: (why: 'no-lock-file' | 'lock-out-of-sync') =>
    why === 'no-lock-file' ? 'no package-lock.json: used npm install' : 'package-lock.json is out of sync with package.json: used npm install (commit the updated lock file)',
  ciPushSkipped: (reason: string) => `repairs not pushed: ${reason}`,
  ciNotCommitted: (files: string[]) => `repaired but not committed (they had uncommitted changes before the run): ${files.join(', ')}`,
  ciPushNothing: 'nothing to push: no file needed a repair',
  ciReports: (codeQuality: string, issues: number, junit: string, cases: number) =>
    `\nreports: ${codeQuality} (${issues} issue${issues === 1 ? '' : 's'}), ${junit} (${cases} test case${cases === 1 ? '' : 's'})`,
  ciConfigBad: (file: string) => `qmoi-hooks ci: the "ci" section of ${file} has problems (above): dependencies and commands were not run. Fix it, or run "qmoi-hooks doctor --fix".`,
  ciCannotRun: (message: string, hint?: string) => `qmoi-hooks ci: ${message}${hint ? `\n  fix: ${hint}` : ''}`,
  ciDone: (ok: boolean, parts: string[]) => `qmoi-hooks ci: ${ok ? 'all good' : 'something is still wrong'}${parts.length ? ` (${parts.join('; ')})` : ''}`,
  ciSummaryParts: (r: { repaired: number; unrepairable: number; installFailed: boolean; failedCommands: string[]; push: string }) =>
    [
      r.repaired ? `${r.repaired} file${r.repaired === 1 ? '' : 's'} repaired` : '',
      r.unrepairable ? `${r.unrepairable} file${r.unrepairable === 1 ? '' : 's'} could not be repaired` : '',
      r.installFailed ? 'dependencies did not install' : '',
      r.failedCommands.length ? `failed: ${r.failedCommands.join(', ')}` : '',
      r.push,
    ].filter(Boolean),
  ciPushWord: (status: string, branch?: string) =>
    ({ pushed: `repairs pushed to ${branch}`, 'up-to-date': `${branch} already had the repairs`, failed: 'the push of the repairs failed', skipped: 'repairs not pushed', 'nothing-to-push': '' })[status] ?? '',
  ciNotifyTitle: (ok: boolean, provider: string, branch?: string) => `CI ${ok ? 'passed' : 'failed'}${branch ? ` on ${branch}` : ''}${provider === 'local' ? '' : ` (${provider})`}`,
  // ---- end of ci block ----
  // ---- staged pipeline, backups, restore, validate (src/core/staged.ts, backup.ts, restore.ts, validate-*.ts) ----
  validateHelp: `Usage: qmoi-hooks validate [FILE...] [--staged | --all [--shard i/n] | --range A..B] [--json]

Checks files without writing anything.
  FILE...        the files named
  --staged       the staged versions of the staged files
  --all          every tracked file qmoi-hooks understands, on all cores; files unchanged since they were last
                 found valid (same blob id, same qmoi-hooks and config) are not read again (cache in .git/qmoi)
  --shard i/n    with --all: only the i-th of n stable slices (i from 1), e.g. in GitLab CI with parallel: N
                 qmoi-hooks validate --all --shard $CI_NODE_INDEX/$CI_NODE_TOTAL
  --range A..B   the files changed by the commits in A..B, as they are in B (what pre-push checks)
Exit: 0 all valid, 1 something is wrong, 2 usage error.`,
  badShard: (s: string) => `--shard takes i/n with 1 <= i <= n (got "${s}")`,
  badRange: (s: string) => `--range takes A..B (got "${s}")`,
  shardNeedsAll: '--shard works with --all only',
  validateStats: (s: { files: number; cached: number; workers: number; ms: number }) =>
    `checked ${s.files} file(s) in ${s.ms} ms: ${s.cached} unchanged (from the cache), ${s.files - s.cached} read${s.workers ? ` on ${s.workers} threads` : ''}`,

  worktreeNote: (file: string, outcome: 'merged' | 'conflict' | 'changed' | 'absent') =>
    ({
      merged: `  ${file}: you have unstaged changes in it; they were kept and the fix was merged into them`,
      conflict:
        `  ${file}: the fix is staged and will be committed, but your unstaged changes touch the same lines, so the
` +
        `    working-tree copy was left as it was (still broken there). Apply the same fix to it before your next commit;
` +
        `    "git diff -- ${file}" shows how it differs from what is staged.`,
      changed: `  ${file}: it changed on disk while the hook ran; the fix is staged, the working-tree copy was left alone`,
      absent: `  ${file}: it is deleted (or not a regular file) in the working tree; the fix is in the commit only`,
    })[outcome],
  commitEmptied: `qmoi-hooks: commit blocked: after repair, the staged changes are identical to the last commit, so nothing
  is left to commit (git would record an empty commit). The repaired version is staged and in the working tree.
  If you meant to commit anyway: git commit --allow-empty --no-verify`,
  stagedBusy: (pid: number, since: number) =>
    `qmoi-hooks: commit blocked: another qmoi-hooks run (pid ${pid}, started ${new Date(since).toLocaleTimeString()}) is repairing the
  staged files of this repository. Wait for it to finish, then commit again (bypass once: git commit --no-verify).`,

  restoreHelp: `Usage: qmoi-hooks restore [ID [FILE...]] [--index | --worktree] [--json]

Without ID: lists the backups qmoi-hooks made before changing files (newest first): id, time, reason, files.
With ID (or a unique start of it): puts the backed-up versions back: working-tree versions into the working
tree and staged (index) versions into the index, as they were before the change. FILE... limits it to those files.
  --index      only the staged versions, to the index (the working tree is not touched)
  --worktree   only the working-tree versions, to the working tree (the index is not touched)
What is there now is backed up first, so a restore can be undone with the backup id it prints.
Backups live under refs/qmoi/backups/ in the repository (outside one: ~/.local/state/qmoi-hooks/backups) and are
pruned after backup.maxAgeDays (config/qmoi.json, default 30).`,
  noBackups: 'qmoi-hooks restore: no backups yet.',
  backupLine: (b: { id: string; time: string; reason: string; files: { path: string; source: string; existed: boolean }[] }) =>
    `${b.id}  ${b.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}  ${b.reason}\n` +
    [...new Set(b.files.map((f) => f.path))].map((p) => `    ${p} (${b.files.filter((f) => f.path === p).map((f) => f.source + (f.existed ? '' : ': absent')).join(', ')})`).join('\n'),
  restoredFile: (f: { path: string; source: string; action: string }) =>
    `  ${f.action === 'deleted' ? 'removed' : 'restored'} ${f.path} (${f.source === 'index' ? 'index' : 'working tree'}${f.action === 'deleted' ? ': it did not exist then' : ''})`,
  restoreDone: (id: string, undo?: string) => `restored backup ${id}.${undo ? ` What was there before is backed up: qmoi-hooks restore ${undo} undoes this.` : ''}`,
  restoreBoth: '--index and --worktree together are the default (both); give one of them, or neither',
  // ---- end of the staged pipeline block ----
};

// ---- push (issue 5), helpers for the push block above ----
function short(sha: string | undefined): string {
  return (sha ?? '').slice(0, 12);
}

/** Each way a push fails: what happened, in a few words, and what the user can do about it. */
const pushProblems: Record<PushProblem, { what: string; next: (r: RemotePushResult) => string }> = {
  auth: {
    what: 'authentication failed',
    next: () => 'check GITLAB_TOKEN / GITHUB_TOKEN (scope write_repository / contents:write) or your credential helper, then run "qmoi-hooks push"',
  },
  network: { what: 'the server could not be reached (network error, timeout or 5xx)', next: () => 'check the connection and the remote URL, then run "qmoi-hooks push"' },
  'non-fast-forward': {
    what: 'the remote branch kept moving',
    next: (r) => `run "git pull --rebase ${r.remote} ${r.branch}", then "qmoi-hooks push"`,
  },
  'remote-rejected': {
    what: 'the server refused the push (a server hook or branch protection)',
    next: (r) => `read the server's reason above; push to another branch or ask for access to ${r.branch}`,
  },
  'push-options': { what: 'the server does not accept push options', next: () => 'set push.ciSkip to false in config/qmoi.json' },
  'not-found': { what: 'the remote repository was not found', next: (r) => `check "git remote get-url ${r.remote}" and your access to it` },
  'pre-push-hook': { what: 'the pre-push hook stopped the push', next: () => 'fix what it reported, then run "qmoi-hooks push"' },
  unknown: { what: 'git failed', next: () => 'see the message above; "qmoi-hooks push --verbose" shows more' },
  conflict: {
    what: 'the remote branch moved and your commits conflict with it; nothing local was changed',
    next: (r) => `run "git pull --rebase ${r.remote} ${r.branch}", resolve the conflicts, then "qmoi-hooks push"`,
  },
  'local-changes': {
    what: 'the remote branch moved and your uncommitted or untracked files are in the way of catching up; nothing local was changed',
    next: (r) => `commit or stash them (git stash -u), then run "qmoi-hooks push" (or "git pull --rebase ${r.remote} ${r.branch}")`,
  },
  'not-rebased': {
    what: 'the remote branch moved and your commits were not rebased automatically',
    next: (r) => `run "git pull --rebase ${r.remote} ${r.branch}" (or merge), then "qmoi-hooks push"`,
  },
};
