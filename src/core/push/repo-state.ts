// Whether this is a moment to push: on a branch, with a commit, and no rebase, merge or cherry-pick
// half done (the post-commit hook fires for every commit a rebase replays).
import fs from 'node:fs';
import path from 'node:path';
import { gitSync } from '../../git/git.js';
import type { RepoInfo } from '../../git/repo.js';

/** Where HEAD is, or why pushing now makes no sense. */
export type RepoState =
  | { ok: true; branch: string; head: string }
  | { ok: false; reason: 'detached' | 'unborn' | 'in-progress'; operation?: string };

const IN_PROGRESS: [string, string][] = [
  ['rebase-merge', 'rebase'],
  ['rebase-apply', 'rebase'],
  ['MERGE_HEAD', 'merge'],
  ['CHERRY_PICK_HEAD', 'cherry-pick'],
  ['REVERT_HEAD', 'revert'],
  ['sequencer', 'cherry-pick'],
  ['BISECT_LOG', 'bisect'],
];

/** Reads the state of the worktree `repo` describes. */
export function repoState(repo: RepoInfo): RepoState {
  for (const [file, operation] of IN_PROGRESS) {
    if (fs.existsSync(path.join(repo.gitDir, file))) return { ok: false, reason: 'in-progress', operation };
  }
  const sym = gitSync(['symbolic-ref', '-q', 'HEAD'], { cwd: repo.top, allowFailure: true });
  if (sym.exitCode !== 0) return { ok: false, reason: 'detached' };
  const ref = sym.stdout.trim();
  const head = gitSync(['rev-parse', '-q', '--verify', `${ref}^{commit}`], { cwd: repo.top, allowFailure: true });
  if (head.exitCode !== 0) return { ok: false, reason: 'unborn' };
  return { ok: true, branch: ref.replace(/^refs\/heads\//, ''), head: head.stdout.trim() };
}

/** The environment variables git sets for hooks that would point a child's git at this hook's index and dir. */
const HOOK_LOCAL_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_PREFIX',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_IMPLICIT_WORK_TREE',
  'GIT_AUTHOR_DATE',
  'GIT_COMMITTER_DATE',
  'GIT_REFLOG_ACTION',
];

/** A copy of `env` without the per-command variables a hook inherits from `git commit`. */
export function withoutHookEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const k of HOOK_LOCAL_ENV) delete out[k];
  return out;
}

/** Extra environment for git calls that unsets those variables (spawn drops undefined values). */
export const UNSET_HOOK_ENV: NodeJS.ProcessEnv = Object.fromEntries(HOOK_LOCAL_ENV.map((k) => [k, undefined]));
