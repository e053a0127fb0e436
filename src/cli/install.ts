// `qmoi-hooks install`: hooks, npm scripts, config; `--ci gitlab|github` adds the pipeline template.
// Run from npm's `prepare`, it never fails `npm install`: problems are printed and the exit code is 0.
import { EXIT, QmoiError, errorMessage } from '../core/errors.js';
import { install, type InstallAction } from '../core/install/index.js';
import { openWorkspace } from '../core/workspace.js';
import { messages } from './messages.js';
import { parseCommandArgs, type CommandContext } from './output.js';

/** Runs `install`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const parsed = parseCommandArgs<{ ci?: string; force?: boolean }>(args, { ci: { type: 'string' }, force: { type: 'boolean' } }, false);
  if (!parsed.ok) return usage(ctx, parsed.message);
  if (parsed.values.help) {
    ctx.print(messages.installHelp);
    return EXIT.ok;
  }
  const ci = parsed.values.ci;
  if (ci !== undefined && ci !== 'gitlab' && ci !== 'github') return usage(ctx, '--ci takes gitlab or github');
  const fromPrepare = process.env.npm_lifecycle_event === 'prepare';
  // Like husky in CI: a pipeline's `npm ci` has no one to commit, so hooks there are only noise.
  if (fromPrepare && isCi(process.env) && !isQmoiHooksRepo()) {
    ctx.print(messages.installSkippedInCi);
    return EXIT.ok;
  }
  const ws = openWorkspace();
  try {
    const report = install(ws);
    const actions: (InstallAction & { suggestion?: string })[] = [...report.actions];
    if (ci) {
      const { writeCiTemplate } = await import('../core/ci-template.js');
      actions.push(writeCiTemplate(ws.repo!.top, ci, !!parsed.values.force));
    }
    ws.logger.audit({ action: 'install', target: ws.root, result: 'ok', changes: actions.filter((a) => !/^(unchanged|kept)/.test(a.detail)).map((a) => `${a.target}: ${a.detail}`) });
    if (ctx.json) {
      ctx.printJson({ ok: true, actions, warnings: report.warnings, node: report.node, cli: report.cli });
      return EXIT.ok;
    }
    const c = await ctx.colors();
    for (const a of actions) {
      ctx.print(messages.installAction(a));
      if (a.suggestion) ctx.print(c.dim(messages.ciSuggestion(a.target, a.suggestion)));
    }
    for (const w of report.warnings) ctx.warn(c.yellow(`qmoi-hooks: ${w}`));
    ctx.print(c.green(messages.installed));
    return EXIT.ok;
  } catch (err) {
    const message = messages.installFailed(errorMessage(err), err instanceof QmoiError ? err.hint : undefined);
    if (ctx.json) ctx.printJson({ ok: false, error: { code: (err as QmoiError).code ?? 'error', message: errorMessage(err) } });
    ctx.warn(message);
    if (fromPrepare) return EXIT.ok;
    return err instanceof QmoiError ? err.exitCode : EXIT.problem;
  }
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  return !!env.CI && env.CI !== 'false' && env.CI !== '0';
}

/** qmoi-hooks' own repository installs its hooks everywhere: its tests and CI exercise them. */
function isQmoiHooksRepo(): boolean {
  return process.env.npm_package_name === 'qmoi-hooks';
}

function usage(ctx: CommandContext, detail: string): number {
  ctx.warn(messages.badArgs('install', detail));
  return EXIT.usage;
}
