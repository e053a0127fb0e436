// Every sentence the CLI shows a user, in one place.
import type { FileResult } from '../core/repair/repair-buffer.js';
import type { DoctorCheck } from '../core/doctor/types.js';
import type { SelfProblem } from '../core/doctor/hook-self-check.js';
import type { SetupStep } from '../core/setup.js';

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
  validateHelp: `Usage: qmoi-hooks validate [FILE...] [--staged | --all | --range A..B] [--shard i/n] [--json]

Checks files without writing anything. --range A..B checks the files changed by those commits (pre-push);
--shard i/n checks the i-th of n slices of the files (for GitLab's parallel: keyword, i from 1).
Exit: 0 all valid, 1 something is wrong, 2 usage error.`,
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
  hookInternalError: (hook: string, message: string) =>
    `qmoi-hooks: the ${hook} hook had a problem of its own (${message}); your commit goes ahead. Fix: npx qmoi-hooks doctor --fix`,

  installAction: (a: { target: string; detail: string }) => `  ${a.target}: ${a.detail}`,
  ciSuggestion: (file: string, template: string) => `  ${file} exists; to use qmoi-hooks in it, merge in these jobs (or rerun with --force):\n${template.replace(/^/gm, '    ')}`,
  installed: 'qmoi-hooks: hooks installed. Commit as usual; QMOI_HOOKS=0 skips them for one command.',
  uninstalled: 'qmoi-hooks: uninstalled.',
  installFailed: (message: string, hint?: string) => `qmoi-hooks: ${message}${hint ? `\n  fix: ${hint}` : ''}`,

  // ---- doctor, setup, and the hooks' lines about qmoi-hooks' own problems (owned by the doctor work) ----
  doctorHelp: `Usage: qmoi-hooks doctor [--fix] [--json]

Checks qmoi-hooks' own files and what its hooks need, one line each: package.json, config/qmoi.json and
config/notification.json, qmoi-hooks in node_modules, core.hooksPath, husky's hooks, our lines in each hook
file, the hook runner and the node it records, the npm scripts, the logs folder, git's identity, and a token
(or credential helper) for each https remote on GitLab or GitHub.
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
};
