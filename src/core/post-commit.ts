// What the post-commit hook does: back up the new commit as refs/qmoi/backup/<branch>/<time>, then push it.
// The push always runs as a child `qmoi-hooks push --from-hook` with git's hook variables removed
// (GIT_INDEX_FILE, GIT_DIR, ... would point its git calls at the committing process's index):
// background mode detaches it so the commit returns at once (results go to the logs and notifications);
// foreground mode waits for it and returns its result. The push lock keeps two pushes from overlapping.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PushRun } from './push/types.js';
import { createBackupRef } from './push/backup-ref.js';
import { defaultRemotes } from './push/index.js';
import { repoState, withoutHookEnv } from './push/repo-state.js';
import type { Workspace } from './workspace.js';

/** Why the hook did not push. */
export type PostCommitSkip = 'QMOI_HOOKS=0' | 'not-a-repo' | 'hook-off' | 'detached' | 'unborn' | 'in-progress' | 'push-off' | 'no-remote';

/** What the hook did. */
export type PostCommitResult =
  | { status: 'skipped'; reason: PostCommitSkip; backupRef?: string }
  /** The push runs on in a detached process. */
  | { status: 'background'; backupRef: string; pid: number }
  /** The push ran; `run` is its result (absent when it could not start: no remote, locked). */
  | { status: 'foreground'; backupRef: string; exitCode: number; run?: PushRun };

export interface PostCommitOptions {
  /** The CLI script the push child runs; default: cli.js of this build. */
  cli?: string;
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

/** Backs up HEAD and starts the push, as configured in push.enabled and push.mode. Never throws for a skip. */
export async function postCommit(ws: Workspace, opts: PostCommitOptions = {}): Promise<PostCommitResult> {
  const env = opts.env ?? process.env;
  if (env.QMOI_HOOKS === '0') return { status: 'skipped', reason: 'QMOI_HOOKS=0' };
  if (!ws.repo) return { status: 'skipped', reason: 'not-a-repo' };
  const config = ws.loaded.config;
  if (!config.hooks.postCommit) return { status: 'skipped', reason: 'hook-off' };
  const state = repoState(ws.repo);
  if (!state.ok) return { status: 'skipped', reason: state.reason };

  const backupRef = createBackupRef(ws.repo.top, state.branch, state.head, opts.now);
  ws.logger.audit({ action: 'backup-ref', target: backupRef, result: 'ok', commit: state.head, source: 'hook' });
  if (config.push.enabled === false) return { status: 'skipped', reason: 'push-off', backupRef };
  if (config.push.enabled === 'auto' && defaultRemotes(ws).length === 0) return { status: 'skipped', reason: 'no-remote', backupRef };

  const cli = opts.cli ?? fileURLToPath(new URL('../cli.js', import.meta.url));
  const childEnv = withoutHookEnv(env);
  if (config.push.mode === 'background') {
    // Detached, no inherited pipes: neither git nor a GUI waiting for the hook's output waits for the push.
    const child = spawn(process.execPath, [cli, 'push', '--from-hook'], { cwd: ws.cwd, env: childEnv, detached: true, stdio: 'ignore', windowsHide: true });
    const pid = child.pid;
    child.unref();
    // No pid: node itself could not be started; report it like a push that could not start.
    if (pid === undefined) return { status: 'foreground', backupRef, exitCode: 1 };
    ws.logger.info('push.background', { pid, branch: state.branch, commit: state.head });
    return { status: 'background', backupRef, pid };
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'push', '--from-hook', '--json'], { cwd: ws.cwd, env: childEnv, stdio: ['ignore', 'pipe', 'inherit'], windowsHide: true });
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.on('error', () => resolve({ status: 'foreground', backupRef, exitCode: 1 }));
    child.on('close', (code) => {
      let run: PushRun | undefined;
      try {
        const doc = JSON.parse(Buffer.concat(out).toString('utf8')) as { remotes?: unknown };
        if (doc.remotes) run = fromJson(doc as JsonRun);
      } catch {
        /* no JSON: the child could not start; its exit code says enough */
      }
      resolve({ status: 'foreground', backupRef, exitCode: code ?? 1, ...(run ? { run } : {}) });
    });
  });
}

type JsonRun = Omit<PushRun, 'results' | 'backupRef'> & { backupRef: string | null; remotes: (PushRun['results'][number] & { classification: string | null })[] };

/** The child's --json document back into the library's result type. */
function fromJson(doc: JsonRun): PushRun {
  return {
    branch: doc.branch,
    head: doc.head,
    ok: doc.ok,
    ...(doc.backupRef ? { backupRef: doc.backupRef } : {}),
    results: doc.remotes.map(({ classification, ...r }) => ({ ...r, ...(classification ? { problem: classification as PushRun['results'][number]['problem'] } : {}) })),
  };
}
