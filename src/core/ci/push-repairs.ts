// Step 4b of `ci`: whether the repair commit may go back to the branch, and the push itself through the
// same push routine the hooks use (retries, tokens from the environment, rebase when the branch moved),
// always with `-o ci.skip` on GitLab remotes so the push starts no pipeline.
import { gitSync } from '../../git/git.js';
import { tokenSourceFor } from '../../git/remote-auth.js';
import { parseRemoteUrl, remoteInfo } from '../../git/remote.js';
import { pushBranch, type RemotePushResult } from '../push/index.js';
import type { Workspace } from '../workspace.js';

/** Why the repair commit cannot be pushed to `remote`, or undefined when a push may work. */
export function pushBlocker(top: string, remote: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const info = remoteInfo(top, remote);
  if (!info) return `no remote "${remote}"`;
  const url = parseRemoteUrl(info.url);
  // Local remotes (tests, mirrors on the runner) and ssh (a deploy key was set up on purpose) can take a push.
  if (url.scheme === 'file' || url.scheme === 'local' || url.scheme === 'ssh') return undefined;
  const source = tokenSourceFor(info.url, env);
  if (source && env[source.envVar]) return undefined;
  // The CI job token in the checkout URL cannot push unless the project allows it: ask for a real token.
  return source
    ? `${source.envVar} is not set (a token with ${source.provider === 'gitlab' ? 'write_repository' : 'contents: write'} scope)`
    : `no token for ${url.host ?? info.url} (GITLAB_TOKEN is used for the host of GITLAB_API_URL, GITHUB_TOKEN for github.com)`;
}

/**
 * Puts HEAD on `branch` when the checkout is detached (CI checkouts are), without touching the files, so the
 * push routine pushes HEAD:refs/heads/<branch>. Returns why not, when HEAD is on another branch.
 */
export function attachHead(top: string, branch: string): string | undefined {
  const current = gitSync(['symbolic-ref', '-q', '--short', 'HEAD'], { cwd: top, allowFailure: true }).stdout.trim();
  if (current) return current === branch ? undefined : `HEAD is on branch ${current}, the pipeline is for ${branch}`;
  const head = gitSync(['rev-parse', '--verify', 'HEAD'], { cwd: top }).stdout.trim();
  gitSync(['update-ref', '-m', 'qmoi-hooks ci: branch for the repair commit', `refs/heads/${branch}`, head], { cwd: top });
  gitSync(['symbolic-ref', 'HEAD', `refs/heads/${branch}`], { cwd: top });
  return undefined;
}

/** Pushes the current branch (holding the repair commit) to `remotes`, with `-o ci.skip` for GitLab. */
export async function pushRepairCommit(ws: Workspace, remotes: string[], env: NodeJS.ProcessEnv): Promise<RemotePushResult[]> {
  const config = ws.loaded.config;
  const forCi: Workspace = { ...ws, loaded: { ...ws.loaded, config: { ...config, push: { ...config.push, ciSkip: true } } } };
  const run = await pushBranch(forCi, { remotes, backupRef: false, source: 'cli', env });
  return run.results;
}
