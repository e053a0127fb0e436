// `qmoi-hooks demo` (not built yet).
import { EXIT } from '../core/errors.js';
import { messages } from './messages.js';
import type { CommandContext } from './output.js';

/** Runs `demo`. */
export async function run(_args: string[], ctx: CommandContext): Promise<number> {
  ctx.warn(messages.notImplemented('demo'));
  return EXIT.usage;
}
