// Real git repositories in temp folders, and the built CLI run against them, for tests.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The repository root of qmoi-hooks itself. */
export const PROJECT_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
/** The built CLI (tests run after `npm run build`). */
export const CLI = path.join(PROJECT_ROOT, 'dist', 'cli.js');

/** Environment for git and the CLI in tests: no user config, fixed identity, no hooks skipped. */
export function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('GIT_') || k.startsWith('npm_') || ['QMOI_HOOKS', 'DEBUG', 'CI'].includes(k)) delete env[k];
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Test User',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test User',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    NO_COLOR: '1',
    ...extra,
  };
}

/** A temp folder removed by `cleanup`. */
export function tempDir(prefix = 'qmoi-test-'): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

/** Runs git in `cwd` with the test environment; throws with git's stderr on failure unless allowed. */
export function git(cwd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; allowFailure?: boolean; input?: string | Buffer } = {}): SpawnSyncReturns<string> {
  const r = spawnSync('git', args, { cwd, env: testEnv(opts.env), encoding: 'utf8', input: opts.input });
  if (r.status !== 0 && !opts.allowFailure) throw new Error(`git ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r;
}

/** A fresh repository with one commit (a package.json), `main` as its branch. */
export function makeRepo(opts: { packageJson?: object | false; dir?: string } = {}): string {
  const dir = opts.dir ?? tempDir();
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['config', 'user.name', 'Test User']);
  git(dir, ['config', 'user.email', 'test@example.com']);
  if (opts.packageJson !== false) {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(opts.packageJson ?? { name: 'demo-app', version: '1.0.0', private: true }, null, 2) + '\n');
    git(dir, ['add', 'package.json']);
    git(dir, ['commit', '-q', '-m', 'initial']);
  }
  return dir;
}

/** Writes files (creating folders) relative to `dir`. */
export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
}

/** Runs the built CLI; returns status, stdout and stderr. */
export function runCli(cwd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env: testEnv(opts.env), encoding: 'utf8', input: opts.input, timeout: opts.timeoutMs ?? 60000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Removes temp folders. */
export function cleanup(...dirs: string[]): void {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
}
