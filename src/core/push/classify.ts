// What went wrong with a push or fetch, read from git's output (git runs with LC_ALL=C), so each kind of
// failure gets its own message, next step and retry decision.
import type { GitResult } from '../../git/git.js';

/** Why a push did not land. The last three come from catching up with a moved remote, not from git's output. */
export type PushProblem =
  | 'auth'
  | 'network'
  | 'non-fast-forward'
  | 'remote-rejected'
  | 'push-options'
  | 'not-found'
  | 'pre-push-hook'
  | 'unknown'
  | 'conflict'
  | 'local-changes'
  | 'not-rebased';

/** A classified failure: its kind and the lines of git's output that explain it. */
export interface Classified {
  kind: PushProblem;
  detail: string;
}

const RULES: [PushProblem, RegExp][] = [
  ['push-options', /does not support push options/i],
  ['remote-rejected', /\[remote rejected\]|\[remote failure\]|protected branch|GH006/i],
  ['non-fast-forward', /\[rejected\].*\((fetch first|non-fast-forward|stale info|already exists)\)|Updates were rejected because/i],
  [
    'auth',
    /Authentication failed|could not read (Username|Password)|terminal prompts disabled|returned error: 40[13]\b|HTTP Basic: Access denied|Invalid username or password|Permission denied \(publickey|Permission to .* denied|access denied|not allowed to push/i,
  ],
  [
    'network',
    /Could not resolve host|Failed to connect|Connection refused|Connection timed out|Connection reset|Empty reply from server|returned error: 5\d\d\b|Operation timed out|timed out after|RPC failed|remote end hung up unexpectedly|early EOF|transfer closed|SSL_read|GnuTLS recv error|Recv failure|Send failure|HTTP\/2 stream/i,
  ],
  ['not-found', /does not appear to be a git repository|Repository not found|returned error: 404\b|not found|No such remote/i],
];

/** Classifies a failed git push/fetch from its exit code and output. */
export function classifyGitFailure(r: GitResult): Classified {
  const text = `${r.stdout}\n${r.stderr}`;
  for (const [kind, re] of RULES) if (re.test(text)) return { kind, detail: explain(text) };
  // Exit 1 without a rejected ref in the output: the local pre-push hook said no.
  if (r.exitCode === 1 && /failed to push some refs/i.test(text)) return { kind: 'pre-push-hook', detail: explain(text) };
  return { kind: 'unknown', detail: explain(text) };
}

/** Whether waiting and trying again can help. */
export function isRetryable(kind: PushProblem): boolean {
  return kind === 'network';
}

/** The few lines worth showing: errors, rejections and what the server said, without progress noise. */
function explain(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => /^(fatal|error|remote):|\[(remote )?rejected\]|\[remote failure\]|^!/.test(l) && !/^remote:\s*$/.test(l))
    .filter((l, i, all) => all.indexOf(l) === i);
  return lines.slice(0, 6).join('\n') || text.trim().split('\n').slice(-3).join('\n');
}
