// `qmoi-hooks uninstall`: removes what install added, leaving the user's own hooks and config as they were.
import { EXIT, QmoiError, errorMessage } from '../core/errors.js';
import { uninstall } from '../core/install/index.js';
import { openWorkspace } from '../core/workspace.js';
import { messages } from './messages.js';
import { parseCommandArgs, type CommandContext } from './output.js';

/** Runs `uninstall`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const parsed = parseCommandArgs(args, {}, false);
  if (!parsed.ok) {
    ctx.warn(messages.badArgs('uninstall', parsed.message));
    return EXIT.usage;
  }
  if (parsed.values.help) {
    ctx.print(messages.uninstallHelp);
    return EXIT.ok;
  }
  const ws = openWorkspace();
  try {
    const report = uninstall(ws);
    ws.logger.audit({ action: 'uninstall', target: ws.root, result: 'ok' });
    if (ctx.json) ctx.printJson({ ok: true, actions: report.actions });
    else {
      for (const a of report.actions) ctx.print(messages.installAction(a));
      ctx.print(messages.uninstalled);
    }
    return EXIT.ok;
  } catch (err) {
    if (ctx.json) ctx.printJson({ ok: false, error: { code: (err as QmoiError).code ?? 'error', message: errorMessage(err) } });
    ctx.warn(messages.installFailed(errorMessage(err), err instanceof QmoiError ? err.hint : undefined));
    return err instanceof QmoiError ? err.exitCode : EXIT.problem;
  }
}
