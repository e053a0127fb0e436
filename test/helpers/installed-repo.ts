// For doctor, setup and self-healing tests: a repository with the packed qmoi-hooks installed and committed,
// the installed CLI run the way `npx` runs it, real commits, and byte-level snapshots of everything it owns.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installedCli, linkNodeModules } from './packed.js';
import { git, makeRepo, testEnv, writeFiles } from './repo.js';

/** A JS file no repairer can fix: the pre-commit hook blocks it. */
export const BROKEN_JS = 'function f(a, b) {\n  return a + b +;\n}\n';

/** Environment for the installed CLI: npm installs from its cache only (the packed fixture filled it). */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return testEnv({ npm_config_cache: process.env.npm_config_cache ?? path.join(os.homedir(), '.npm'), npm_config_offline: 'true', ...extra });
}

/** Runs the packed CLI (what `npx qmoi-hooks` runs, also when node_modules is gone). */
export function qmoi(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [installedCli(), ...args], { cwd, env: cliEnv(env), encoding: 'utf8', timeout: 120000 });
}

/** `git commit -m`, hooks and all. */
export function commit(cwd: string, message: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync('git', ['commit', '-m', message], { cwd, env: cliEnv(env), encoding: 'utf8' });
}

/** Stages and commits `files`; returns the commit's result. */
export function commitFiles(cwd: string, files: Record<string, string>, message = 'change') {
  writeFiles(cwd, files);
  git(cwd, ['add', ...Object.keys(files)]);
  return commit(cwd, message);
}

/** A repository with qmoi-hooks installed through its node_modules (linked to the packed fixture) and committed. */
export function installedRepo(): string {
  const top = makeRepo();
  writeFiles(top, { '.gitignore': 'node_modules\n' });
  linkNodeModules(top);
  const r = qmoi(top, ['install']);
  if (r.status !== 0) throw new Error(`install failed: ${r.stderr}`);
  git(top, ['add', '-A']);
  // No hooks for this commit: a detached post-commit would still be writing logs while the test breaks them.
  git(top, ['commit', '-q', '-m', 'install qmoi-hooks'], { env: { QMOI_HOOKS: '0' } });
  return top;
}

/** Every file under `dir` (not .git, not node_modules, not the logs themselves) with its bytes and mode. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of fs.readdirSync(path.join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      if (r === '.git' || r === 'node_modules' || /^logs\/.*\.log(\.\d+)?$/.test(r)) continue;
      const st = fs.lstatSync(path.join(dir, r));
      if (st.isDirectory()) walk(r);
      else out[r] = `${(st.mode & 0o777).toString(8)} ${fs.readFileSync(path.join(dir, r)).toString('base64')}`;
    }
  };
  walk('');
  return out;
}

/**
 * The repository's own config and refs (doctor's backups included), to compare before and after. Leaves out
 * refs/qmoi/backup/: the post-commit hook of an earlier commit writes those from a detached process, any time.
 */
export function gitState(dir: string): { config: string; refs: string } {
  const refs = git(dir, ['for-each-ref', '--format=%(refname) %(objectname)']).stdout.split('\n').filter((l) => !l.startsWith('refs/qmoi/backup/'));
  return { config: fs.readFileSync(path.join(dir, '.git', 'config'), 'utf8'), refs: refs.join('\n') };
}

/** The backup refs, oldest first. */
export function backupRefs(dir: string): string[] {
  return git(dir, ['for-each-ref', '--sort=refname', '--format=%(refname)', 'refs/qmoi/backups/']).stdout.split('\n').filter(Boolean);
}

/** The bytes a backup ref kept for `file` (repo-relative). */
export function backedUp(dir: string, ref: string, file: string): Buffer | undefined {
  const meta = JSON.parse(git(dir, ['cat-file', 'blob', `${ref}:meta.json`]).stdout) as { files: { path: string; source: string }[] };
  const i = meta.files.findIndex((f) => f.path === file);
  if (i < 0) return undefined;
  return spawnSync('git', ['cat-file', 'blob', `${ref}:${i}.${meta.files[i].source}`], { cwd: dir, env: testEnv() }).stdout;
}

/** Parses `doctor --json` output into its checks by name. */
export function checksByName(stdout: string): Record<string, { ok: boolean; level: string; detail: string; fix?: string; fixed?: boolean; did?: string[] }> {
  const doc = JSON.parse(stdout) as { checks: { name: string; ok: boolean; level: string; detail: string }[] };
  return Object.fromEntries(doc.checks.map((c) => [c.name, c]));
}
