// Where a pipeline runs and for which branch: GitLab, GitHub Actions, or a plain checkout. Repairs go back
// only to a branch the pipeline was started for, never to a tag or the merge commit of a merge request.
import { gitSync } from '../../git/git.js';

/** The CI system, read from its environment variables. */
export type CiProvider = 'gitlab' | 'github' | 'local';

/** What `ci` needs to know about the pipeline it runs in. */
export interface CiEnvironment {
  provider: CiProvider;
  /** The branch repairs are pushed back to; absent for tag, merge-request and pull-request pipelines. */
  branch?: string;
  /** Why there is no branch to push to. */
  noBranch?: string;
  /** The commit checked out (HEAD). */
  commit?: string;
}

/** Reads the pipeline's provider, branch and commit from the environment and the checkout. */
export function readCiEnvironment(top: string, env: NodeJS.ProcessEnv = process.env): CiEnvironment {
  const head = gitSync(['rev-parse', '--verify', '-q', 'HEAD'], { cwd: top, allowFailure: true }).stdout.trim() || undefined;
  if (env.GITLAB_CI !== undefined || env.CI_COMMIT_REF_NAME !== undefined) {
    // CI_COMMIT_BRANCH is set for branch pipelines only; merge-request and tag pipelines have no branch to push to.
    if (env.CI_COMMIT_BRANCH) return { provider: 'gitlab', branch: env.CI_COMMIT_BRANCH, commit: head };
    if (env.CI_COMMIT_TAG) return { provider: 'gitlab', noBranch: `tag pipeline (${env.CI_COMMIT_TAG})`, commit: head };
    if (env.CI_MERGE_REQUEST_IID) return { provider: 'gitlab', noBranch: 'merge request pipeline (the branch pipeline pushes repairs)', commit: head };
    if (env.CI_COMMIT_REF_NAME) return { provider: 'gitlab', branch: env.CI_COMMIT_REF_NAME, commit: head };
    return { provider: 'gitlab', noBranch: 'no branch in the pipeline variables', commit: head };
  }
  if (env.GITHUB_ACTIONS === 'true') {
    // A pull_request run checks out a merge commit: pushing it would merge the base branch into the head branch.
    if (env.GITHUB_EVENT_NAME?.startsWith('pull_request')) return { provider: 'github', noBranch: 'pull request run (the push run pushes repairs)', commit: head };
    if (env.GITHUB_REF_TYPE === 'branch' && env.GITHUB_REF_NAME) return { provider: 'github', branch: env.GITHUB_REF_NAME, commit: head };
    return { provider: 'github', noBranch: `not a branch (${env.GITHUB_REF ?? 'no ref'})`, commit: head };
  }
  const branch = gitSync(['symbolic-ref', '-q', '--short', 'HEAD'], { cwd: top, allowFailure: true }).stdout.trim();
  return branch ? { provider: 'local', branch, commit: head } : { provider: 'local', noBranch: 'detached HEAD and no CI branch variable', commit: head };
}
