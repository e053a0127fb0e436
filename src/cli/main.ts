// Argument dispatch: the first word picks a command module, loaded only when used.
import { EXIT } from '../core/errors.js';
import { messages } from './messages.js';
import { createOutput, type CommandContext } from './output.js';

/** Every command module exports `run`, which parses its own flags and returns the exit code. */
export type CommandRunner = (args: string[], ctx: CommandContext) => Promise<number>;

const commands: Record<string, () => Promise<{ run: CommandRunner }>> = {
  install: () => import('./install.js'),
  uninstall: () => import('./uninstall.js'),
  setup: () => import('./setup.js'),
  repair: () => import('./repair.js'),
  validate: () => import('./validate.js'),
  push: () => import('./push.js'),
  run: () => import('./run-hook.js'),
  ci: () => import('./ci.js'),
  doctor: () => import('./doctor.js'),
  notify: () => import('./notify.js'),
  monitor: () => import('./monitor.js'),
  report: () => import('./report.js'),
  restore: () => import('./restore.js'),
  demo: () => import('./demo.js'),
};

/** Runs the CLI with the given arguments and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const out = createOutput(argv);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out.text(messages.usage);
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-v') {
    out.text(await readVersion());
    return EXIT.ok;
  }
  const load = commands[name];
  if (!load) {
    out.error(messages.unknownCommand(name));
    return EXIT.usage;
  }
  const mod = await load();
  return mod.run(rest, out.context(name));
}

async function readVersion(): Promise<string> {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
