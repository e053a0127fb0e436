// "No commit is ever lost", checked fast for many commits: a commit counts as kept when a branch or a
// refs/qmoi/** ref reaches it here, or any ref reaches it in one of the remotes (bare repositories).
import { git } from './repo.js';

/** Every commit reachable from `refs` (for-each-ref patterns) in `dir`. */
export function reachable(dir: string, refs: string[] = []): Set<string> {
  const tips = git(dir, ['for-each-ref', '--format=%(objectname)', ...refs]).stdout.split('\n').filter(Boolean);
  if (!tips.length) return new Set();
  return new Set(git(dir, ['rev-list', '--stdin'], { input: tips.join('\n') + '\n' }).stdout.split('\n').filter(Boolean));
}

/** The commits in `commits` that nothing keeps: neither a local branch or refs/qmoi/** ref, nor any remote ref. */
export function lostCommits(commits: string[], local: string, remotes: string[]): string[] {
  const kept = reachable(local, ['refs/heads/', 'refs/qmoi/']);
  for (const r of remotes) for (const c of reachable(r)) kept.add(c);
  return [...new Set(commits)].filter((c) => !kept.has(c));
}
