// Where we are: the repository's top, its git directories, and the package root(s) qmoi-hooks serves.
import fs from 'node:fs';
import path from 'node:path';
import { gitSync } from './git.js';

/** The repository a command runs in. */
export interface RepoInfo {
  /** Working tree top (absolute). */
  top: string;
  /** This worktree's git dir (absolute). */
  gitDir: string;
  /** The git dir shared by all worktrees (absolute): refs, config, objects. */
  commonDir: string;
  /** True in a `git worktree add` checkout. */
  isLinkedWorktree: boolean;
}

/** Finds the repository containing `cwd`, or undefined outside one. */
export function findRepo(cwd: string): RepoInfo | undefined {
  const known = repoOfRunningHook(cwd);
  if (known) return known;
  const r = gitSync(['rev-parse', '--path-format=absolute', '--show-toplevel', '--git-dir', '--git-common-dir'], { cwd, allowFailure: true });
  if (r.exitCode !== 0) return undefined;
  const [top, gitDir, commonDir] = r.stdout.split('\n');
  if (!top) return undefined;
  return { top, gitDir, commonDir, isLinkedWorktree: path.resolve(gitDir) !== path.resolve(commonDir) };
}

/**
 * Inside a hook git has already found the repository: it runs hooks at the working tree's top and names the
 * index in GIT_INDEX_FILE. For the plain case (a .git folder there, not a linked worktree, no GIT_DIR or
 * GIT_WORK_TREE override) that answers without starting `git rev-parse`, which every commit would pay for.
 */
export function repoOfRunningHook(cwd: string, env: NodeJS.ProcessEnv = process.env, top: string = process.cwd()): RepoInfo | undefined {
  if (!env.GIT_INDEX_FILE || env.GIT_DIR || env.GIT_WORK_TREE || env.GIT_COMMON_DIR) return undefined;
  const from = path.resolve(top, cwd);
  if (!isInside(from, top)) return undefined;
  // A nested repository or submodule between `cwd` and the top is a different repository: ask git.
  for (let dir = from; dir !== top; dir = path.dirname(dir)) if (fs.existsSync(path.join(dir, '.git'))) return undefined;
  const gitDir = path.join(top, '.git');
  const index = path.resolve(top, env.GIT_INDEX_FILE);
  if (!isInside(index, gitDir) || fs.existsSync(path.join(gitDir, 'commondir'))) return undefined;
  if (!fs.statSync(gitDir, { throwIfNoEntry: false })?.isDirectory() || !fs.existsSync(path.join(gitDir, 'HEAD'))) return undefined;
  return { top, gitDir, commonDir: gitDir, isLinkedWorktree: false };
}

/** The nearest folder at or above `from` (but not above `top`) that has a package.json. */
export function findPackageRoot(from: string, top: string): string | undefined {
  let dir = path.resolve(from);
  const stop = path.resolve(top);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (dir === stop) return undefined;
    const up = path.dirname(dir);
    if (up === dir || !isInside(up, stop)) return undefined;
    dir = up;
  }
}

/** Whether `child` is `parent` or below it. */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
