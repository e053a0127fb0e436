// The commands `ci` runs: from config (`ci.commands`), from `--script`, or by default the lint, test and
// build scripts that package.json has. Each runs once more per configured retry when it failed for a network
// reason, and never again for any other failure.
import fs from 'node:fs';
import path from 'node:path';
import { runProcess, type CommandLine } from './process.js';
import { transientReason } from './transient.js';

/** One command to run, as shown in reports. */
export interface PlannedCommand {
  /** What the user sees: the command string. */
  name: string;
  line: CommandLine;
  /** Set when the command will not run, with the reason. */
  skip?: string;
}

/** How one command ended after its attempts. */
export interface CommandResult {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  /** True when the command ran through the shell (it uses shell syntax). */
  shell?: boolean;
  exitCode?: number;
  attempts: number;
  durationMs: number;
  /** The network error that made a retry worth it, for each attempt that was retried. */
  retriedFor?: string[];
  /** The end of the output of the last attempt, for failures. */
  output?: string;
  reason?: string;
}

/** The npm scripts run when config names no commands, in this order. */
const DEFAULT_SCRIPTS = ['lint', 'test', 'build'];

/** How long to wait before retry n (1-based). */
export type Backoff = (attempt: number) => number;

const defaultBackoff: Backoff = (n) => Math.min(30_000, 2000 * 2 ** (n - 1));

/** The scripts in package.json at `root`, or undefined when it is missing or not an object. */
function readScripts(root: string): Record<string, unknown> | undefined {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8').replace(/^\uFEFF/, '')) as { scripts?: unknown };
    return pkg.scripts && typeof pkg.scripts === 'object' && !Array.isArray(pkg.scripts) ? (pkg.scripts as Record<string, unknown>) : {};
  } catch {
    return undefined;
  }
}

/** Decides what to run: `scripts` (from --script) first, else config commands, else the default scripts present. */
export function planCommands(root: string, configured: string[], scripts?: string[]): PlannedCommand[] {
  if (!scripts && configured.length) return configured.map(planString);
  const present = readScripts(root);
  const names = scripts ?? DEFAULT_SCRIPTS;
  const plan: PlannedCommand[] = [];
  for (const name of names) {
    const cmd: PlannedCommand = { name: `npm run ${name}`, line: { argv: ['npm', 'run', name] } };
    if (present === undefined) plan.push({ ...cmd, skip: 'package.json is missing or not valid JSON' });
    else if (typeof present[name] === 'string') plan.push(cmd);
    // Only scripts asked for by name are reported as skipped; absent defaults are simply not part of the run.
    else if (scripts) plan.push({ ...cmd, skip: `package.json has no "${name}" script` });
  }
  return plan;
}

/**
 * Turns a configured command string into argv when it is plain words and quotes; anything with shell syntax
 * (pipes, &&, redirects, variables, globs, VAR=value prefixes) runs through the shell, as npm scripts do.
 */
function planString(command: string): PlannedCommand {
  const argv = splitWords(command);
  return { name: command, line: argv ? { argv } : { shell: command } };
}

function splitWords(command: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (const c of command) {
    if (quote) {
      if (c === quote) quote = undefined;
      else if (quote === '"' && /[$`\\]/.test(c)) return undefined;
      else word += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (/[|&;<>()$`\\*?[\]{}~#!]/.test(c)) {
      return undefined;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) return undefined;
  if (word !== undefined) words.push(word);
  if (!words.length || /^[A-Za-z_]\w*=/.test(words[0])) return undefined;
  return words;
}

/** Runs a command, retrying up to `retries` times while it fails for a transient reason. */
export async function runWithRetries(
  cmd: PlannedCommand,
  opts: { cwd: string; retries: number; env?: NodeJS.ProcessEnv; sink?: NodeJS.WritableStream; backoff?: Backoff; onAttempt?: (attempt: number) => void | Promise<void> },
): Promise<CommandResult> {
  if (cmd.skip) return { name: cmd.name, status: 'skipped', attempts: 0, durationMs: 0, reason: cmd.skip };
  const started = Date.now();
  const retriedFor: string[] = [];
  for (let attempt = 1; ; attempt++) {
    await opts.onAttempt?.(attempt);
    const r = await runProcess(cmd.line, { cwd: opts.cwd, env: opts.env, sink: opts.sink });
    const base = { name: cmd.name, ...('shell' in cmd.line ? { shell: true } : {}), exitCode: r.exitCode, attempts: attempt, ...(retriedFor.length ? { retriedFor: [...retriedFor] } : {}) };
    if (r.exitCode === 0) return { ...base, status: 'passed', durationMs: Date.now() - started };
    const transient = r.spawnError ? undefined : transientReason(r.output);
    if (!transient || attempt > opts.retries) {
      return { ...base, status: 'failed', durationMs: Date.now() - started, output: r.output, ...(transient ? { reason: `still failing after ${attempt} attempts (${transient})` } : {}) };
    }
    retriedFor.push(transient);
    await new Promise((resolve) => setTimeout(resolve, (opts.backoff ?? defaultBackoff)(attempt)));
  }
}
