// `qmoi-hooks demo`: shows the whole flow, step by step, in a throw-away sandbox.
import { EXIT } from '../core/errors.js';
import { runDemo } from '../core/demo.js';
import { messages } from './messages.js';
import { parseCommandArgs, type CommandContext } from './output.js';

/** Runs `demo`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const parsed = parseCommandArgs<{ keep?: boolean }>(args, { keep: { type: 'boolean' } }, false);
  if (!parsed.ok) {
    ctx.warn(messages.badArgs('demo', parsed.message));
    return EXIT.usage;
  }
  if (parsed.values.help) {
    ctx.print(messages.demoHelp);
    return EXIT.ok;
  }
  const c = await ctx.colors();
  ctx.print(c.bold(messages.demoIntro));
  let n = 0;
  const result = runDemo({
    keep: parsed.values.keep,
    onStep: (s) => {
      n++;
      ctx.print(`\n${c.bold(`${n}. ${s.title}`)}${s.ok ? '' : c.red('  (unexpected)')}`);
      if (s.command) ctx.print(c.cyan(`$ ${s.command}`));
      if (s.output) ctx.print(c.dim(s.output.replace(/^/gm, '  ')));
    },
  });
  if (ctx.json) ctx.printJson(result);
  ctx.print('');
  ctx.print(result.ok ? c.green(messages.demoDone(parsed.values.keep ? result.sandbox : undefined)) : c.red(messages.demoFailed));
  return result.ok ? EXIT.ok : EXIT.problem;
}
