// Runs one install or user command: argv without a shell when the command is simple, the shell only for
// command strings that use shell syntax. Output goes live to the job log and its tail is kept for the report.
import { spawn } from 'node:child_process';

/** A command to run: an argument vector (no shell), or a string that needs the shell. */
export type CommandLine = { argv: string[] } | { shell: string };

/** How one run of a command ended. */
export interface ProcessResult {
  exitCode: number;
  /** The last `TAIL_BYTES` of stdout and stderr interleaved, for classification and reports. */
  output: string;
  durationMs: number;
  /** Set when the command could not start (e.g. ENOENT). */
  spawnError?: string;
}

const TAIL_BYTES = 64 * 1024;

/** Runs the command in `cwd`, copying its output to `sink` as it comes; never throws. */
export function runProcess(line: CommandLine, opts: { cwd: string; env?: NodeJS.ProcessEnv; sink?: NodeJS.WritableStream }): Promise<ProcessResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    // Windows cannot start npm.cmd without a shell (Node refuses .cmd files since CVE-2024-27980).
    const useShell = 'shell' in line || process.platform === 'win32';
    const [file, ...args] = 'shell' in line ? [line.shell] : line.argv;
    const child = spawn(file, useShell && 'argv' in line ? args.map(quoteForShell) : args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      shell: useShell,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let tail = Buffer.alloc(0);
    let spawnError: string | undefined;
    const take = (chunk: Buffer) => {
      opts.sink?.write(chunk);
      tail = Buffer.concat([tail, chunk]);
      if (tail.length > TAIL_BYTES * 2) tail = tail.subarray(tail.length - TAIL_BYTES);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (err) => {
      spawnError = err.message;
    });
    child.on('close', (code, signal) => {
      const text = tail.subarray(Math.max(0, tail.length - TAIL_BYTES)).toString('utf8');
      resolve({
        // A command that could not start counts as the shell's "command not found".
        exitCode: spawnError ? 127 : (code ?? (signal ? 128 : 1)),
        output: spawnError ? `${text}${text ? '\n' : ''}${spawnError}` : text,
        durationMs: Date.now() - started,
        ...(spawnError ? { spawnError } : {}),
      });
    });
  });
}

function quoteForShell(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/"/g, '""')}"`;
}
