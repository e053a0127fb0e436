// One remote's push: retries, token refresh, push-option fallback, catching up with a moved remote
// branch, and a backup branch on the remote when the commit cannot land on its branch.
import { git, gitSync, type GitResult } from '../../git/git.js';
import { tokenEnv, tokenSourceFor, type TokenSource } from '../../git/remote-auth.js';
import { isGitLabRemote, type RemoteInfo } from '../../git/remote.js';
import type { QmoiConfig } from '../../config/types.js';
import { remoteBackupBranch } from './backup-ref.js';
import type { Classified, PushProblem } from './classify.js';
import { catchUp, type CatchUp } from './rebase.js';
import { UNSET_HOOK_ENV } from './repo-state.js';
import { runWithRetry, type RetryPolicy } from './retry.js';
import type { TokenCommandResult } from './token-command.js';
import type { RemotePushResult } from './types.js';

/** Everything one remote's push needs; `serial` and `refreshToken` are shared by the run's remotes. */
export interface RemoteJob {
  top: string;
  remote: RemoteInfo;
  branch: string;
  config: QmoiConfig['push'];
  policy: RetryPolicy;
  env: NodeJS.ProcessEnv;
  /** Runs steps that move the local branch one at a time across remotes. */
  serial: <T>(step: () => Promise<T>) => Promise<T>;
  /** Runs push.tokenCommand (once per origin and run). */
  refreshToken: (source: TokenSource, remote: string) => Promise<TokenCommandResult>;
  now: () => Date;
}

/** Rounds of fetch-rebase-push before giving up on a remote that keeps moving. */
const MAX_CATCH_UPS = 3;
/** Problems after which the commit is saved to a backup branch (the server is reachable and accepts pushes). */
const BACKUP_AFTER: PushProblem[] = ['conflict', 'local-changes', 'not-rebased', 'non-fast-forward', 'remote-rejected'];

/** Pushes the branch to one remote; every push outcome is a result (only an unexpected local git failure rejects). */
export async function pushToRemote(job: RemoteJob): Promise<RemotePushResult> {
  const started = Date.now();
  const { top, remote, branch } = job;
  const source = tokenSourceFor(remote.url, job.env);
  const token = source ? job.env[source.envVar] : undefined;
  let auth: NodeJS.ProcessEnv = source && token ? tokenEnv(source, token, job.env) : {};
  let options = job.config.ciSkip && isGitLabRemote(remote.url, job.env);
  const local = `refs/heads/${branch}`;
  const result: RemotePushResult = { remote: remote.name, url: remote.url, branch, status: 'failed', commit: '', attempts: 0, durationMs: 0 };

  const recover = async (problem: Classified): Promise<boolean> => {
    if (problem.kind === 'push-options' && options) {
      options = false;
      result.pushOptionsDropped = true;
      return true;
    }
    if (problem.kind === 'auth' && source && job.config.tokenCommand && !result.tokenRefresh) {
      const fresh = await job.refreshToken(source, remote.name);
      result.tokenRefresh = fresh.ok ? { ok: true } : { ok: false, reason: fresh.reason };
      if (fresh.ok) auth = tokenEnv(source, fresh.token, job.env);
      return fresh.ok;
    }
    return false;
  };
  // `args` is called per attempt: a retry after dropping push options has different arguments.
  const retried = async (args: () => string[], deadline: number) => {
    const call = (timeoutMs: number) => git(args(), { cwd: top, env: { ...UNSET_HOOK_ENV, ...auth }, timeoutMs, allowFailure: true });
    const out = await runWithRetry(call, { policy: job.policy, deadline, recover });
    result.attempts += out.attempts;
    return out;
  };
  const finish = (status: RemotePushResult['status'], problem?: Classified): RemotePushResult => {
    result.status = status;
    if (problem) Object.assign(result, { problem: problem.kind, detail: problem.detail });
    result.durationMs = Date.now() - started;
    return result;
  };

  const deadline = started + job.policy.maxMs;
  for (let round = 0; ; round++) {
    result.commit = commitOf(top, local);
    const pushed = await retried(() => pushArgs(remote.name, local, local, options), deadline);
    if (!pushed.problem) return finish(upToDate(pushed.result) ? 'up-to-date' : 'pushed');
    if (pushed.problem.kind !== 'non-fast-forward' || round >= MAX_CATCH_UPS) return failed(pushed.problem);

    const tracking = `refs/remotes/${remote.name}/${branch}`;
    const fetched = await retried(() => ['fetch', '--quiet', '--no-tags', remote.name, `+refs/heads/${branch}:${tracking}`], deadline);
    if (fetched.problem) return failed(fetched.problem);
    const caught: CatchUp = await job.serial(() => catchUp({ top, branch, remoteTip: commitOf(top, tracking), rebase: job.config.rebase && !job.config.protectedBranches.includes(branch) }));
    if (caught.action === 'behind') {
      result.commit = caught.local;
      return finish('up-to-date');
    }
    if (caught.action === 'rebased') result.rebased = { from: caught.from, to: caught.to, onto: caught.onto };
    if (caught.action === 'stop') {
      result.commit = caught.local;
      return failed({ kind: caught.problem, detail: caught.detail });
    }
  }

  /** Ends in failure; first saves the commit to a backup branch where the server would take it. */
  async function failed(problem: Classified): Promise<RemotePushResult> {
    if (BACKUP_AFTER.includes(problem.kind)) {
      const name = remoteBackupBranch(branch, job.now());
      // A backup saves a commit, it does not publish it: the pre-push hook is not asked (--no-verify).
      const out = await retried(() => pushArgs(remote.name, result.commit, `refs/heads/${name}`, options, ['--no-verify']), Date.now() + job.policy.maxMs);
      result.backupBranch = { name, pushed: !out.problem, ...(out.problem ? { detail: out.problem.detail } : {}) };
    }
    return finish('failed', problem);
  }
}

/** Never `--force` and never a `+` refspec: every push is a fast-forward or is rejected. */
function pushArgs(remote: string, from: string, to: string, options: boolean, flags: string[] = []): string[] {
  return ['push', '--porcelain', ...flags, ...(options ? ['-o', 'ci.skip'] : []), remote, `${from}:${to}`];
}

/** `git push --porcelain` marks a ref that needed no update with "=". */
function upToDate(r: GitResult): boolean {
  return r.stdout.split('\n').some((l) => l.startsWith('=\t'));
}

function commitOf(top: string, ref: string): string {
  return gitSync(['rev-parse', '--verify', `${ref}^{commit}`], { cwd: top, env: UNSET_HOOK_ENV }).stdout.trim();
}
