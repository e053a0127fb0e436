// What a push run returns: one result per remote, so the CLI, the hook and --json can each say what happened.
import type { PushProblem } from './classify.js';

/** How one remote's push ended. */
export interface RemotePushResult {
  remote: string;
  /** The push URL (credentials in it are redacted by every printer and logger). */
  url: string;
  branch: string;
  /** pushed: the remote branch moved to `commit`; up-to-date: it already had it; failed: it does not. */
  status: 'pushed' | 'up-to-date' | 'failed';
  /** The local branch tip this remote was given (after a rebase, the rebased tip). */
  commit: string;
  /** git push/fetch calls made for this remote. */
  attempts: number;
  durationMs: number;
  problem?: PushProblem;
  /** git's own words about the failure. */
  detail?: string;
  /** Set when the local branch was rebased onto the moved remote branch before pushing. */
  rebased?: { from: string; to: string; onto: string };
  /** Set when the commit was pushed to a backup branch because it could not land on `branch`. */
  backupBranch?: { name: string; pushed: boolean; detail?: string };
  /** The server refused push options; the push went again without `-o ci.skip`. */
  pushOptionsDropped?: boolean;
  /** push.tokenCommand ran after an authentication failure (and why it did not help, if it did not). */
  tokenRefresh?: { ok: boolean; reason?: string };
}

/** A whole push run: the branch, its backup ref, and each remote's result. */
export interface PushRun {
  branch: string;
  /** HEAD when the run started. */
  head: string;
  /** refs/qmoi/backup/<branch>/<time>, when this run made one. */
  backupRef?: string;
  results: RemotePushResult[];
  /** True when every remote has the branch's commits. */
  ok: boolean;
}
