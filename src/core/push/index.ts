// `push` as a library call: back up HEAD, take the push lock, push the current branch to each remote in
// parallel (each with its own result), and record every outcome in the logs. Never prints.
import path from 'node:path';
import { listRemotes, remoteInfo, type RemoteInfo } from '../../git/remote.js';
import type { TokenSource } from '../../git/remote-auth.js';
import { EXIT, QmoiError, usageError } from '../errors.js';
import type { Workspace } from '../workspace.js';
import { createBackupRef, LOCAL_BACKUP_PREFIX } from './backup-ref.js';
import { acquireLock } from '../lock.js';
import { pruneLandedBackupRefs } from './prune-backup-refs.js';
import { pushToRemote } from './push-remote.js';
import { removeLeftoverScratch } from './rebase.js';
import { repoState } from './repo-state.js';
import { retryPolicy } from './retry.js';
import { runTokenCommand, type TokenCommandResult } from './token-command.js';
import type { PushRun, RemotePushResult } from './types.js';

export type { PushRun, RemotePushResult } from './types.js';
export type { PushProblem } from './classify.js';

export interface PushOptions {
  /** Remote names (`--remote`); default: push.remotes from config, else origin. */
  remotes?: string[];
  /** Make refs/qmoi/backup/<branch>/<time> first (default true; the post-commit hook made one already). */
  backupRef?: boolean;
  /** Who asked, for the logs. */
  source?: 'cli' | 'hook';
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

/** The push lock's file in the common git dir (shared by every worktree). */
const PUSH_LOCK_FILE = 'qmoi-push.lock';

/** The remotes a push goes to by default: push.remotes, else origin; only those that exist. */
export function defaultRemotes(ws: Workspace): string[] {
  if (!ws.repo) return [];
  const configured = ws.loaded.config.push.remotes;
  const existing = listRemotes(ws.repo.top);
  return (configured.length ? configured : ['origin']).filter((r) => existing.includes(r));
}

/**
 * Pushes the current branch. Throws QmoiError (exit 2) when it cannot start: no repository, no branch,
 * a rebase or merge in progress, no or unknown remote; (exit 1) when another push holds the lock too long.
 */
export async function pushBranch(ws: Workspace, opts: PushOptions = {}): Promise<PushRun> {
  const repo = ws.repo;
  if (!repo) throw usageError('not-a-repo', 'not inside a git repository');
  const state = repoState(repo);
  if (!state.ok) throw usageError(`push-${state.reason}`, state.reason === 'in-progress' ? `a ${state.operation} is in progress` : `HEAD is ${state.reason}`);
  const remotes = resolveRemotes(ws, opts.remotes);
  const now = opts.now ?? (() => new Date());
  const env = opts.env ?? process.env;
  const config = ws.loaded.config.push;
  const policy = retryPolicy(config, env);

  // One push at a time per repository (all worktrees): a second push waits for the first, so the newest
  // commit still goes out; a lock left by a killed push (dead or reused pid, or over an hour old) is taken over.
  const held = await acquireLock(path.join(repo.commonDir, PUSH_LOCK_FILE), { waitMs: 3 * policy.maxMs + 30_000, pollMs: 100, staleAfterMs: 3600_000 });
  if (!held.ok) throw new QmoiError('push-locked', 'another push is still running', { exitCode: EXIT.problem });
  const release = () => held.lock.release();
  try {
    // A push killed while it rebased left its scratch worktree behind: with the lock held, it is nobody's.
    await removeLeftoverScratch(repo.top, repo.commonDir);
    const backupRef = opts.backupRef === false ? undefined : createBackupRef(repo.top, state.branch, state.head, now());
    if (backupRef) ws.logger.audit({ action: 'backup-ref', target: backupRef, result: 'ok', commit: state.head });

    let chain: Promise<unknown> = Promise.resolve();
    const serial = <T>(step: () => Promise<T>): Promise<T> => {
      const next = chain.then(step, step);
      chain = next.catch(() => undefined);
      return next;
    };
    const refreshes = new Map<string, Promise<TokenCommandResult>>();
    const refreshToken = (source: TokenSource, remote: string): Promise<TokenCommandResult> => {
      let p = refreshes.get(source.origin);
      if (!p) {
        const tokenEnv = { QMOI_REMOTE: remote, QMOI_REMOTE_HOST: new URL(source.origin).host, QMOI_TOKEN_PROVIDER: source.provider };
        p = runTokenCommand(config.tokenCommand ?? '', { cwd: repo.top, env: tokenEnv, timeoutMs: 30_000 });
        refreshes.set(source.origin, p);
      }
      return p;
    };

    const results = await Promise.all(
      remotes.map((remote) =>
        pushToRemote({ top: repo.top, remote, branch: state.branch, config, policy, env, serial, refreshToken, now }).catch(
          (err: unknown): RemotePushResult => ({
            remote: remote.name,
            url: remote.url,
            branch: state.branch,
            status: 'failed',
            commit: state.head,
            attempts: 0,
            durationMs: 0,
            problem: 'unknown',
            detail: err instanceof Error ? err.message : String(err),
          }),
        ),
      ),
    );
    const run: PushRun = { branch: state.branch, head: state.head, backupRef, results, ok: results.every((r) => r.status !== 'failed') };
    record(ws, run, opts.source ?? 'cli');
    const landed = results.filter((r) => r.status !== 'failed').map((r) => r.commit);
    const pruned = landed.length ? pruneLandedBackupRefs(repo.top, state.branch, landed, ws.loaded.config.backup.maxAgeDays, now().getTime()) : [];
    if (pruned.length) ws.logger.audit({ action: 'prune-backup-refs', target: `${LOCAL_BACKUP_PREFIX}${state.branch}/`, result: 'ok', refs: pruned });
    return run;
  } finally {
    release();
  }
}

function resolveRemotes(ws: Workspace, requested: string[] | undefined): RemoteInfo[] {
  const top = ws.repo!.top;
  const fromConfig = ws.loaded.config.push.remotes;
  const names = [...new Set(requested?.length ? requested : fromConfig.length ? fromConfig : ['origin'])];
  const out: RemoteInfo[] = [];
  for (const name of names) {
    const info = remoteInfo(top, name);
    if (!info) {
      const none = listRemotes(top).length === 0;
      throw usageError(none ? 'no-remote' : 'unknown-remote', none ? 'this repository has no remote' : `no remote named "${name}"`);
    }
    out.push(info);
  }
  return out;
}

/** Every push outcome goes to qmoi.log (and error.log when it failed) and the audit trail. */
function record(ws: Workspace, run: PushRun, source: 'cli' | 'hook'): void {
  for (const r of run.results) {
    const fields = { source, remote: r.remote, url: r.url, branch: r.branch, commit: r.commit, status: r.status, attempts: r.attempts, durationMs: r.durationMs };
    const extra = { problem: r.problem, detail: r.detail, rebased: r.rebased, backupBranch: r.backupBranch, pushOptionsDropped: r.pushOptionsDropped, tokenRefresh: r.tokenRefresh };
    if (r.status === 'failed') ws.logger.error('push', { ...fields, ...extra });
    else ws.logger.info('push', { ...fields, ...extra });
    if (r.rebased) ws.logger.audit({ action: 'rebase', target: r.branch, result: 'ok', ...r.rebased, remote: r.remote });
    if (r.backupBranch) ws.logger.audit({ action: 'backup-branch', target: `${r.remote}/${r.backupBranch.name}`, result: r.backupBranch.pushed ? 'ok' : 'failed', commit: r.commit });
    ws.logger.audit({ action: 'push', target: `${r.remote}/${r.branch}`, result: r.status === 'failed' ? 'failed' : 'ok', commit: r.commit, attempts: r.attempts, problem: r.problem, source });
  }
}
