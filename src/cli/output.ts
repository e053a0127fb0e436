// Everything the CLI prints goes through here: JSON mode (one document, nothing else on stdout),
// colour only on a terminal (chalk loaded lazily), redaction of secrets, and DEBUG=qmoi:* detail on stderr.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { redact } from '../log/redact.js';

/** Colour helpers; identity functions when colour is off. */
export interface Colors {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

/** What each command gets: how to print, and the common flags. */
export interface CommandContext {
  command: string;
  json: boolean;
  verbose: boolean;
  /** Human text on stdout (suppressed in --json mode). */
  print(text: string): void;
  /** Human text on stderr (always shown, also in --json mode). */
  warn(text: string): void;
  /** The single JSON document of a --json run. */
  printJson(doc: unknown): void;
  /** Detail shown with --verbose or DEBUG=qmoi:*. */
  debug(text: string): void;
  colors(): Promise<Colors>;
}

const plain: Colors = { red: (s) => s, green: (s) => s, yellow: (s) => s, cyan: (s) => s, dim: (s) => s, bold: (s) => s };

/** Builds the printer for one CLI run. */
export function createOutput(argv: string[], streams: { out: NodeJS.WritableStream; err: NodeJS.WritableStream } = { out: process.stdout, err: process.stderr }) {
  const json = argv.includes('--json');
  const verbose = argv.includes('--verbose');
  const debugOn = verbose || /(^|,)\s*qmoi(:\*|:|\b)/.test(process.env.DEBUG ?? '');
  const write = (s: NodeJS.WritableStream, t: string) => s.write(redact(t.endsWith('\n') ? t : t + '\n'));
  return {
    text: (t: string) => write(streams.out, t),
    error: (t: string) => write(streams.err, t),
    context(command: string): CommandContext {
      return {
        command,
        json,
        verbose,
        print: (t) => {
          if (!json) write(streams.out, t);
        },
        warn: (t) => write(streams.err, t),
        printJson: (doc) => write(streams.out, JSON.stringify(doc, null, 2)),
        debug: (t) => {
          if (debugOn) write(streams.err, `qmoi:${command} ${t}`);
        },
        colors: async () => {
          const useColor = !json && (streams.out as NodeJS.WriteStream).isTTY === true && !process.env.NO_COLOR;
          if (!useColor && !process.env.FORCE_COLOR) return plain;
          const { default: chalk } = await import('chalk');
          return { red: chalk.red, green: chalk.green, yellow: chalk.yellow, cyan: chalk.cyan, dim: chalk.dim, bold: chalk.bold };
        },
      };
    },
  };
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags every command accepts. */
const COMMON: Options = {
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

/** Parsed flags, or the usage error message to print (exit 2). */
export type Parsed<V> = { ok: true; values: V & { json?: boolean; verbose?: boolean; help?: boolean }; positionals: string[] } | { ok: false; message: string };

/** Parses one command's flags strictly, so a typo is a usage error, not a silent no-op. */
export function parseCommandArgs<V = Record<string, string | boolean | string[] | undefined>>(args: string[], options: Options, allowPositionals = true): Parsed<V> {
  try {
    const { values, positionals } = parseArgs({ args, options: { ...COMMON, ...options }, allowPositionals, strict: true });
    return { ok: true, values: values as Parsed<V> extends { ok: true; values: infer X } ? X : never, positionals };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}
