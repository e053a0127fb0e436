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
  const r = gitSync(['rev-parse', '--path-format=absolute', '--show-toplevel', '--git-dir', '--git-common-dir'], { cwd, allowFailure: true });
  if (r.exitCode !== 0) return undefined;
  const [top, gitDir, commonDir] = r.stdout.split('\n');
  if (!top) return undefined;
  return { top, gitDir, commonDir, isLinkedWorktree: path.resolve(gitDir) !== path.resolve(commonDir) };
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
