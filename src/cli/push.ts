// `qmoi-hooks push`: back up HEAD, push the current branch to each remote (always in the foreground),
// print one line per remote (or one JSON document), notify, and exit 0 only when every push landed.
// `--from-hook` is what the post-commit hook runs: the hook made the backup ref already.
import { errorMessage, EXIT, QmoiError } from '../core/errors.js';
import { pushBranch, type PushRun } from '../core/push/index.js';
import { openWorkspace, type Workspace } from '../core/workspace.js';
import { notify } from '../notify/index.js';
import { messages } from './messages.js';
import { parseCommandArgs, type CommandContext } from './output.js';

/** Runs `push`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const parsed = parseCommandArgs<{ remote?: string[]; 'from-hook'?: boolean }>(args, { remote: { type: 'string', multiple: true }, 'from-hook': { type: 'boolean' } }, false);
  if (!parsed.ok) {
    ctx.warn(messages.badArgs('push', parsed.message));
    return EXIT.usage;
  }
  if (parsed.values.help) {
    ctx.print(messages.pushHelp);
    return EXIT.ok;
  }
  const fromHook = !!parsed.values['from-hook'];
  const ws = openWorkspace();
  for (const p of ws.loaded.problems) ctx.warn(messages.configProblem(p));

  let run: PushRun;
  try {
    run = await pushBranch(ws, { remotes: parsed.values.remote, backupRef: !fromHook, source: fromHook ? 'hook' : 'cli' });
  } catch (err) {
    return cannotStart(ws, ctx, err, fromHook);
  }
  await print(ctx, run);
  const remotes = run.results.map((r) => r.remote);
  await notify(ws, {
    event: run.ok ? 'push.success' : 'push.failure',
    level: run.ok ? 'info' : 'error',
    title: messages.pushNotifyTitle(run.ok, run.branch, remotes),
    text: messages.pushNotifyText(run.results),
    fields: { branch: run.branch, commit: run.head.slice(0, 12), remotes: remotes.join(', ') },
  });
  return run.ok ? EXIT.ok : EXIT.problem;
}

async function print(ctx: CommandContext, run: PushRun): Promise<void> {
  if (ctx.json) {
    ctx.printJson({
      ok: run.ok,
      branch: run.branch,
      head: run.head,
      backupRef: run.backupRef ?? null,
      remotes: run.results.map(({ problem, ...r }) => ({ ...r, classification: problem ?? null })),
    });
    return;
  }
  const c = await ctx.colors();
  if (run.backupRef) ctx.print(c.dim(messages.pushBackupRef(run.backupRef)));
  for (const r of run.results) {
    if (r.status === 'failed') ctx.print(c.red(messages.pushFailed(r)));
    else ctx.print(c.green(r.status === 'pushed' ? messages.pushed(r) : messages.pushUpToDate(r)));
    if (r.rebased) ctx.print(messages.pushRebased(r));
    if (r.pushOptionsDropped) ctx.print(c.yellow(messages.pushOptionsDropped(r)));
    if (r.tokenRefresh) ctx.print(messages.pushTokenRefreshed(r));
    if (r.backupBranch) ctx.print(r.backupBranch.pushed ? c.yellow(messages.pushBackupBranch(r)) : c.red(messages.pushBackupBranch(r)));
    ctx.debug(messages.pushVerbose(r));
  }
}

/** A push that could not start: exit 2 (usage) or 1 (locked); from the hook, the user hears it as a notification. */
async function cannotStart(ws: Workspace, ctx: CommandContext, err: unknown, fromHook: boolean): Promise<number> {
  const code = err instanceof QmoiError ? err.code : 'error';
  const detail = errorMessage(err);
  if (ctx.json) ctx.printJson({ ok: false, error: { code, message: detail } });
  else ctx.warn(messages.pushCannotStart(detail, messages.pushHints[code]));
  ws.logger.error('push', { source: fromHook ? 'hook' : 'cli', code, message: detail });
  if (fromHook) {
    await notify(ws, { event: 'push.failure', level: 'error', title: messages.pushNotifyStartFailed(detail), text: messages.pushHints[code] ?? '' });
  }
  if (!(err instanceof QmoiError)) throw err;
  return err.exitCode;
}
