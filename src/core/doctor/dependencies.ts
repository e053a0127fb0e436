// Installing the package's dependencies (for setup, and for doctor when qmoi-hooks is missing from
// node_modules) without ever losing the user's lock file: `npm ci` when package-lock.json matches
// package.json, else `npm install` after backing the lock file up (also when npm ci would delete the running
// qmoi-hooks with node_modules); yarn, pnpm and bun lock files are left to their tools.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isInside } from '../../git/repo.js';
import type { RepoInfo } from '../../git/repo.js';
import { backupFile } from './backup-file.js';

const NPM_LOCKS = ['npm-shrinkwrap.json', 'package-lock.json'];
const OTHER_LOCKS: Record<string, string> = { 'yarn.lock': 'yarn install', 'pnpm-lock.yaml': 'pnpm install', 'bun.lockb': 'bun install', 'bun.lock': 'bun install' };
const DEP_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

/** What the dependency install did. */
export interface DependencyInstall {
  ok: boolean;
  /** The command run, or undefined when nothing was run. */
  command?: string;
  detail: string;
  /** The backup of the lock file taken before `npm install` could rewrite it. */
  backup?: string;
}

/** Installs the dependencies of the package at `root` (the lock file may be higher up, at a workspace root). */
export function installDependencies(root: string, repo: RepoInfo, env: NodeJS.ProcessEnv = process.env): DependencyInstall {
  const lock = findLock(root, repo.top);
  if (lock && lock.name in OTHER_LOCKS) {
    return { ok: true, detail: `${rel(repo, lock.file)} found: run "${OTHER_LOCKS[lock.name]}" yourself (npm would start a second lock file)` };
  }
  const cwd = lock ? path.dirname(lock.file) : root;
  const lockRel = lock ? rel(repo, lock.file) : '';
  let why: string;
  if (!lock) why = 'no lock file yet';
  else if (!lockInSync(lock.file, root)) why = `${lockRel} did not match package.json`;
  else if (isInside(fileURLToPath(import.meta.url), path.join(cwd, 'node_modules'))) {
    // npm ci deletes node_modules first, and with it the qmoi-hooks running now (setup through npm run / npx).
    why = `${lockRel} matches package.json, but npm ci would first delete the qmoi-hooks running this`;
  } else {
    const ci = runNpm(['ci', '--no-audit', '--no-fund'], cwd, env);
    if (ci.ok) return { ok: true, command: 'npm ci', detail: `installed from ${lockRel}` };
    why = `npm ci failed (${ci.tail})`;
  }
  let backup: string | undefined;
  if (lock) {
    backup = backupFile(repo, lock.file, `dependency install: ${lockRel} before npm install`).id;
    why += ` (${lockRel} backed up as ${backup} first)`;
  }
  const install = runNpm(['install', '--no-audit', '--no-fund'], cwd, env);
  if (install.ok) return { ok: true, command: 'npm install', detail: why, backup };
  return { ok: false, command: 'npm install', detail: `${why}; failed: ${install.tail}`, backup };
}

function findLock(root: string, top: string): { file: string; name: string } | undefined {
  for (let dir = root; isInside(dir, top); dir = path.dirname(dir)) {
    for (const name of [...NPM_LOCKS, ...Object.keys(OTHER_LOCKS)]) {
      const file = path.join(dir, name);
      if (fs.existsSync(file)) return { file, name };
    }
    if (dir === top || path.dirname(dir) === dir) break;
  }
  return undefined;
}

/** Whether the lock file records exactly the dependency ranges package.json declares (what `npm ci` requires). */
function lockInSync(lockFile: string, root: string): boolean {
  try {
    const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as { packages?: Record<string, Record<string, unknown>> };
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    const key = path.relative(path.dirname(lockFile), root).split(path.sep).join('/');
    const entry = lock.packages?.[key];
    if (!entry) return false;
    return DEP_FIELDS.every((f) => sameRanges(pkg[f], entry[f]));
  } catch {
    return false;
  }
}

function sameRanges(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => JSON.stringify(Object.entries((v as Record<string, string> | undefined) ?? {}).sort(([x], [y]) => x.localeCompare(y)));
  return norm(a) === norm(b);
}

function runNpm(args: string[], cwd: string, env: NodeJS.ProcessEnv): { ok: boolean; tail: string } {
  const r = spawnSync('npm', args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const out = `${r.stderr ?? ''}\n${r.error?.message ?? ''}`.trim().split('\n').filter((l) => l.trim());
  return { ok: r.status === 0, tail: out.slice(-3).join(' / ') || `npm exited ${r.status}` };
}

function rel(repo: RepoInfo, file: string): string {
  return path.relative(repo.top, file).split(path.sep).join('/');
}
