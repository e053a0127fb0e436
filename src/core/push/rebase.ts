// When the remote branch moved: replay the local commits onto it without touching the user's working
// tree until the result is known. The rebase runs in a throw-away worktree; only a clean result moves the
// user's branch, by a checkout that keeps staged, unstaged, untracked and ignored files or refuses as a
// whole. Only commits that exist nowhere but here are replayed; remote history is never rewritten.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { git, type GitOptions } from '../../git/git.js';
import { createBackupRef, LOCAL_BACKUP_PREFIX, REMOTE_BACKUP_PREFIX } from './backup-ref.js';
import { UNSET_HOOK_ENV } from './repo-state.js';

/** What catching up with the moved remote branch came to. */
export type CatchUp =
  /** The remote tip is already in the local branch: push again as it is. */
  | { action: 'push-again'; local: string }
  /** The remote branch already holds every local commit: nothing to push. */
  | { action: 'behind'; local: string }
  /** The local branch was rebased from `from` to `to` onto the remote tip `onto`: push again. */
  | { action: 'rebased'; from: string; to: string; onto: string }
  /** Not rebased; `local` is what should go to a backup branch. */
  | { action: 'stop'; problem: 'conflict' | 'local-changes' | 'not-rebased'; detail: string; local: string };

export interface CatchUpOptions {
  /** The user's worktree top (for git calls). */
  top: string;
  branch: string;
  /** The remote branch tip just fetched. */
  remoteTip: string;
  /** push.rebase from config. */
  rebase: boolean;
}

// Hooks must not run inside these internal steps (post-commit would fire a push per replayed commit),
// rebase must not move other branches (rebase.updateRefs) or reorder commits (autosquash).
const QUIET = ['-c', 'core.hooksPath=/dev/null', '-c', 'rebase.updateRefs=false', '-c', 'rebase.autoSquash=false', '-c', 'advice.detachedHead=false'];
const ENV: NodeJS.ProcessEnv = { ...UNSET_HOOK_ENV, QMOI_HOOKS: '0', GIT_EDITOR: ':' };

const run = (args: string[], cwd: string, extra: Partial<GitOptions> = {}) => git([...QUIET, ...args], { cwd, env: ENV, allowFailure: true, ...extra });

/** Brings the local branch up to date with the remote tip, or explains why it did not. */
export async function catchUp(opts: CatchUpOptions): Promise<CatchUp> {
  const { top, branch, remoteTip } = opts;
  const local = (await run(['rev-parse', '--verify', `refs/heads/${branch}^{commit}`], top)).stdout.trim();
  if ((await run(['merge-base', '--is-ancestor', remoteTip, local], top)).exitCode === 0) return { action: 'push-again', local };
  if ((await run(['merge-base', '--is-ancestor', local, remoteTip], top)).exitCode === 0) return { action: 'behind', local };
  const stop = (problem: 'conflict' | 'local-changes' | 'not-rebased', detail: string): CatchUp => ({ action: 'stop', problem, detail, local });
  if (!opts.rebase) return stop('not-rebased', 'not rebased automatically (push.rebase is off, or the branch is in push.protectedBranches)');

  const replay = lines((await run(['rev-list', `${remoteTip}..${local}`], top)).stdout);
  if (lines((await run(['rev-list', '--merges', `${remoteTip}..${local}`], top)).stdout).length) {
    return stop('not-rebased', 'the local commits include a merge, which a rebase would flatten');
  }
  const unpublished = lines((await run(['rev-list', local, `^${remoteTip}`, '--not', `--exclude=*/${REMOTE_BACKUP_PREFIX}*`, '--remotes'], top)).stdout);
  if (unpublished.length < replay.length) {
    return stop('not-rebased', 'some local commits are already on another remote; replaying them would give them new ids');
  }

  const rebased = await rebaseInScratch(top, local, remoteTip);
  if (!rebased.ok) return stop('conflict', rebased.detail);
  // The commits about to be replaced must stay reachable: the push's backup ref holds HEAD as it was when the
  // push started, but commits made since then (a push runs in the background) would be held by nothing.
  if (!(await run(['for-each-ref', '--points-at', local, '--format=%(refname)', LOCAL_BACKUP_PREFIX], top)).stdout.trim()) createBackupRef(top, branch, local);
  const moved = await moveBranch(top, branch, local, rebased.commit);
  // A commit made while we rebased is not "files in the way": the commits were just not rebased this time.
  if (!moved.ok) return stop(moved.branchMoved ? 'not-rebased' : 'local-changes', moved.detail);
  return { action: 'rebased', from: local, to: rebased.commit, onto: remoteTip };
}

/** Scratch worktrees are named qmoi-rebase-<random> (in the temp folder). */
const SCRATCH = /^qmoi-rebase-[A-Za-z0-9]+$/;

/** Rebases `local` onto `onto` in a temporary detached worktree; the user's checkout is not touched. */
async function rebaseInScratch(top: string, local: string, onto: string): Promise<{ ok: true; commit: string } | { ok: false; detail: string }> {
  // git creates the folder: no moment where it exists without being registered (a kill then would leave it behind).
  const dir = path.join(os.tmpdir(), `qmoi-rebase-${crypto.randomBytes(6).toString('hex')}`);
  try {
    const add = await run(['worktree', 'add', '--quiet', '--detach', dir, local], top);
    if (add.exitCode !== 0) return { ok: false, detail: add.stderr.trim() };
    const r = await run(['rebase', '--quiet', '--no-autostash', onto], dir);
    if (r.exitCode === 0) return { ok: true, commit: (await run(['rev-parse', 'HEAD'], dir)).stdout.trim() };
    const conflicted = lines((await run(['diff', '--name-only', '--diff-filter=U'], dir)).stdout);
    await run(['rebase', '--abort'], dir);
    return { ok: false, detail: conflicted.length ? `conflicting files: ${conflicted.join(', ')}` : firstLines(r.stderr || r.stdout) };
  } finally {
    await run(['worktree', 'remove', '--force', dir], top);
    fs.rmSync(dir, { recursive: true, force: true });
    await run(['worktree', 'prune'], top);
  }
}

/**
 * Removes what a killed push left of its scratch worktrees: the folder and git's record of it, also one cut
 * short while being added (git keeps that one locked, so `git worktree prune` never would). Only a push makes
 * scratch worktrees, and the caller holds the push lock: any that exists now is nobody's.
 */
export async function removeLeftoverScratch(top: string, commonDir: string): Promise<void> {
  const records = path.join(commonDir, 'worktrees');
  let names: string[];
  try {
    names = fs.readdirSync(records).filter((n) => SCRATCH.test(n));
  } catch {
    return;
  }
  for (const name of names) {
    const record = path.join(records, name);
    let gitFile: string | undefined;
    try {
      gitFile = fs.readFileSync(path.join(record, 'gitdir'), 'utf8').trim();
    } catch {
      gitFile = undefined;
    }
    // The folder is <tmp>/<name>/.git's parent; git names the record after the folder (maybe with a number added).
    const dir = gitFile ? path.dirname(gitFile) : path.join(os.tmpdir(), name);
    if (SCRATCH.test(path.basename(dir))) fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(record, { recursive: true, force: true });
  }
  if (names.length) await run(['worktree', 'prune'], top);
}

/**
 * Points `branch` at `to` if it still is at `from`. Where the branch is checked out, a checkout carries
 * the user's changes over (like switching branches) and refuses, changing nothing, when a change or an
 * untracked or ignored file is in the way.
 */
async function moveBranch(top: string, branch: string, from: string, to: string): Promise<{ ok: true } | { ok: false; detail: string; branchMoved?: boolean }> {
  const ref = `refs/heads/${branch}`;
  const worktree = await checkedOutIn(top, ref);
  if (!worktree) {
    const r = await run(['update-ref', '-m', 'qmoi-hooks: rebase onto moved remote', ref, to, from], top);
    return r.exitCode === 0 ? { ok: true } : { ok: false, detail: firstLines(r.stderr), branchMoved: /but expected|is at /.test(r.stderr) };
  }
  const now = (await run(['rev-parse', ref], worktree)).stdout.trim();
  if (now !== from) return { ok: false, detail: `${branch} moved while pushing (now ${now.slice(0, 12)}): a commit was made meanwhile`, branchMoved: true };
  const r = await run(['checkout', '--quiet', '--no-overwrite-ignore', '-B', branch, to], worktree, { env: { ...ENV, GIT_REFLOG_ACTION: 'qmoi-hooks: rebase onto moved remote' } });
  if (r.exitCode !== 0) return { ok: false, detail: firstLines(r.stderr) };
  // checkout -B moves the branch whatever it points at: a commit made between the check above and the checkout
  // would be replaced. The branch's reflog says what it replaced; anything but `from` gets a backup ref.
  const replaced = (await run(['rev-parse', '-q', '--verify', `${ref}@{1}`], worktree)).stdout.trim();
  if (replaced && replaced !== from && replaced !== to) createBackupRef(top, branch, replaced);
  return { ok: true };
}

/** The worktree that has `ref` checked out, if any. */
async function checkedOutIn(top: string, ref: string): Promise<string | undefined> {
  const out = (await run(['worktree', 'list', '--porcelain'], top)).stdout;
  let current: string | undefined;
  for (const line of out.split('\n')) {
    if (line.startsWith('worktree ')) current = line.slice('worktree '.length);
    else if (line === `branch ${ref}`) return current;
  }
  return undefined;
}

function lines(s: string): string[] {
  return s.split('\n').filter(Boolean);
}

function firstLines(s: string): string {
  return s.trim().split('\n').slice(0, 6).join('\n');
}
