// `qmoi-hooks monitor` (not built yet).
import { EXIT } from '../core/errors.js';
import { messages } from './messages.js';
import type { CommandContext } from './output.js';

/** Runs `monitor`. */
export async function run(_args: string[], ctx: CommandContext): Promise<number> {
  ctx.warn(messages.notImplemented('monitor'));
  return EXIT.usage;
}
