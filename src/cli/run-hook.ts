// `qmoi-hooks run <hook>`: what the installed hooks call. Only the user's own broken files block a commit
// or a push; a problem of qmoi-hooks' own (config, plugins, a crash) is reported in one line and let through.
import path from 'node:path';
import { EXIT, errorMessage } from '../core/errors.js';
import type { RepairRun } from '../core/repair-files.js';
import { openWorkspace, repairSettings, type Workspace } from '../core/workspace.js';
import { messages } from './messages.js';
import { parseCommandArgs, type CommandContext } from './output.js';
import { printRepairRun } from './print-results.js';

const HOOKS = ['pre-commit', 'post-commit', 'pre-push'] as const;
type Hook = (typeof HOOKS)[number];

/** Runs one hook. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const parsed = parseCommandArgs<{ package?: string; background?: boolean }>(args, { package: { type: 'string' }, background: { type: 'boolean' } });
  if (!parsed.ok) {
    ctx.warn(messages.badArgs('run', parsed.message));
    return EXIT.usage;
  }
  const [hook, ...hookArgs] = parsed.positionals;
  if (parsed.values.help || !hook) {
    ctx.print(messages.runHelp);
    return hook || parsed.values.help ? EXIT.ok : EXIT.usage;
  }
  if (!HOOKS.includes(hook as Hook)) {
    ctx.warn(messages.badArgs('run', `unknown hook "${hook}" (pre-commit, post-commit or pre-push)`));
    return EXIT.usage;
  }
  if (process.env.QMOI_HOOKS === '0') return EXIT.ok;
  const started = Date.now();
  let ws: Workspace | undefined;
  let code: number = EXIT.ok;
  try {
    ws = openWorkspace(path.resolve(parsed.values.package ?? '.'));
    if (!ws.repo) return EXIT.ok;
    // Our own broken files: one line each, then the hook goes ahead (post-commit's pre-commit already said it).
    if (hook !== 'post-commit') {
      const { hookSelfCheck } = await import('../core/doctor/hook-self-check.js');
      for (const p of await hookSelfCheck(ws)) {
        ctx.warn(messages.selfProblem(p));
        ws.logger.error('own-problem', { hook, ...p });
      }
    }
    code = await runHook(hook as Hook, ws, ctx, { background: !!parsed.values.background, args: hookArgs });
  } catch (err) {
    // Our own failure never blocks the user's commit or push.
    ctx.warn(messages.hookInternalError(hook, errorMessage(err)));
    ws?.logger.error('hook-internal-error', { hook, message: errorMessage(err) });
    code = EXIT.ok;
  }
  ws?.logger.info('hook', { hook, ms: Date.now() - started, result: code === EXIT.ok ? 'ok' : 'blocked' });
  return code;
}

async function runHook(hook: Hook, ws: Workspace, ctx: CommandContext, opts: { background: boolean; args: string[] }): Promise<number> {
  const cfg = ws.loaded.config;
  switch (hook) {
    case 'pre-commit': {
      if (!cfg.hooks.preCommit) return EXIT.ok;
      (await import('../core/compile-cache.js')).enableCompileCache();
      const { options, problems } = await repairSettings(ws);
      for (const p of problems) ctx.warn(messages.pluginProblem(p));
      const { repairStaged, StagedBusyError } = await import('../core/staged.js');
      let run;
      try {
        run = await repairStaged(ws, { ...options, write: true });
      } catch (err) {
        // A second hook on the same index: declining is safer than committing what nobody checked.
        if (!(err instanceof StagedBusyError)) throw err;
        ctx.warn(messages.stagedBusy(err.owner.pid, err.owner.since));
        return EXIT.problem;
      }
      logRepairs(ws, run);
      await printRepairRun(ctx, run, { mode: 'repair', quietOk: true });
      // Where the working-tree copy could not simply take the fix, say so and what to do.
      const notes = run.files.flatMap((f) => (f.worktree && f.worktree !== 'same' ? [messages.worktreeNote(f.file, f.worktree)] : []));
      if (notes.length) {
        const c = await ctx.colors();
        for (const n of notes) ctx.print(c.yellow(n));
      }
      if (run.summary.unrepairable > 0) {
        ctx.warn(messages.commitBlocked);
        return EXIT.problem;
      }
      if (run.emptied) {
        ctx.warn(messages.commitEmptied);
        return EXIT.problem;
      }
      return EXIT.ok;
    }
    case 'pre-push': {
      if (!cfg.hooks.prePush) return EXIT.ok;
      const [remote = 'origin'] = opts.args;
      const { parsePrePushInput, validatePush } = await import('../core/validate-commits.js');
      const refs = parsePrePushInput(await readStdin());
      if (!refs.length) return EXIT.ok;
      (await import('../core/compile-cache.js')).enableCompileCache();
      const { options } = await repairSettings(ws);
      const pluginFiles = cfg.plugins.map((p) => path.resolve(ws.root, p));
      const run = await validatePush(ws, remote, refs, { plugins: options.plugins, limits: options.limits, pluginFiles });
      await printRepairRun(ctx, run, { mode: 'validate', quietOk: true });
      if (run.summary.unrepairable > 0) {
        ws.logger.error('push-blocked', { remote, files: run.files.filter((f) => f.status === 'unrepairable').map((f) => f.file) });
        ctx.warn(messages.pushBlocked);
        return EXIT.problem;
      }
      return EXIT.ok;
    }
    case 'post-commit': {
      // The runner script already detached this process in background mode (--background).
      const { postCommit } = await import('../core/post-commit.js');
      const result = await postCommit(ws);
      ctx.debug(`post-commit: ${JSON.stringify(result)} (detached: ${opts.background})`);
      if (result.status === 'skipped' && !['hook-off', 'no-remote', 'push-off'].includes(result.reason)) ctx.warn(messages.postCommitSkipped(result.reason));
      // A push that did not land never fails the commit that was already made: it is reported and backed up.
      return EXIT.ok;
    }
  }
}

function logRepairs(ws: Workspace, run: RepairRun): void {
  for (const f of run.files) {
    if (f.status === 'repaired') {
      ws.logger.info('repair', { file: f.file, language: f.language, fixes: f.fixes, hook: 'pre-commit' });
      ws.logger.audit({ action: 'repair', target: f.file, result: 'ok', fixes: f.fixes.map((x) => x.description), backup: run.backup?.id });
    } else if (f.status === 'unrepairable') ws.logger.error('unrepairable', { file: f.file, language: f.language, error: f.error, hook: 'pre-commit' });
  }
  if (run.backup) ws.logger.audit({ action: 'backup', target: run.backup.files.map((f) => f.path), result: 'ok', id: run.backup.id, reason: run.backup.reason });
}

function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return Promise.resolve('');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (d: Buffer) => chunks.push(d));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', () => resolve(''));
  });
}
