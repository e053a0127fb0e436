// The only place git runs. Fixed options (LC_ALL=C, no pager, no prompts, unquoted paths), NUL-separated
// parsing, and one error type that is also the result.
import { spawn, spawnSync } from 'node:child_process';

/** What one git call returned. */
export interface GitResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A failed git call: carries the whole result, so callers can classify stderr. */
export class GitError extends Error implements GitResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly args: string[];
  constructor(args: string[], result: GitResult) {
    super(`git ${args[0] ?? ''} failed (exit ${result.exitCode}): ${firstLine(result.stderr) || firstLine(result.stdout)}`);
    this.name = 'GitError';
    this.args = args;
    this.exitCode = result.exitCode;
    this.stdout = result.stdout;
    this.stderr = result.stderr;
  }
}

export interface GitOptions {
  cwd: string;
  /** Text or bytes written to git's stdin. */
  input?: string | Buffer;
  /** Extra environment (e.g. GIT_CONFIG_COUNT for a token); never put secrets in args. */
  env?: NodeJS.ProcessEnv;
  /** Return the result instead of throwing when git exits non-zero. */
  allowFailure?: boolean;
  /** Kill git after this many milliseconds. */
  timeoutMs?: number;
}

/** Environment every git call gets: C locale for parseable messages, never an interactive prompt. */
export function gitEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...process.env,
    LC_ALL: 'C',
    LANGUAGE: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: process.env.GIT_ASKPASS ?? '',
    SSH_ASKPASS: process.env.SSH_ASKPASS ?? '',
    GCM_INTERACTIVE: 'never',
    GIT_PAGER: 'cat',
    ...extra,
  };
}

const FIXED = ['-c', 'core.quotePath=false', '-c', 'color.ui=false'];

/** Runs git synchronously (fast paths in hooks). */
export function gitSync(args: string[], opts: GitOptions): GitResult {
  const r = spawnSync('git', [...FIXED, ...args], {
    cwd: opts.cwd,
    env: gitEnv(opts.env),
    input: opts.input,
    maxBuffer: 1 << 30,
    timeout: opts.timeoutMs,
    windowsHide: true,
  });
  const result: GitResult = {
    exitCode: r.status ?? (r.signal ? 128 : 1),
    stdout: r.stdout?.toString('utf8') ?? '',
    stderr: (r.stderr?.toString('utf8') ?? '') + (r.error ? String(r.error.message) : ''),
  };
  if (result.exitCode !== 0 && !opts.allowFailure) throw new GitError(args, result);
  return result;
}

/** Runs git synchronously and returns stdout as bytes (blobs). */
export function gitSyncBuffer(args: string[], opts: GitOptions): Buffer {
  const r = spawnSync('git', [...FIXED, ...args], { cwd: opts.cwd, env: gitEnv(opts.env), input: opts.input, maxBuffer: 1 << 30, windowsHide: true });
  if (r.status !== 0) {
    throw new GitError(args, { exitCode: r.status ?? 128, stdout: '', stderr: r.stderr?.toString('utf8') ?? String(r.error) });
  }
  return r.stdout;
}

/** Runs git asynchronously (network operations: push, fetch), with an optional time limit. */
export function git(args: string[], opts: GitOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    // With a time limit, git gets its own process group so the limit also stops its helpers
    // (git-remote-https keeps the output pipes open, and 'close' would wait for it).
    const group = !!opts.timeoutMs && process.platform !== 'win32';
    const child = spawn('git', [...FIXED, ...args], { cwd: opts.cwd, env: gitEnv(opts.env), windowsHide: true, detached: group });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const kill = () => {
      timedOut = true;
      try {
        if (group && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = opts.timeoutMs ? setTimeout(kill, opts.timeoutMs) : undefined;
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => err.push(Buffer.from(String(e.message))));
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const result: GitResult = {
        exitCode: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8') + (timedOut ? `\nfatal: timed out after ${opts.timeoutMs} ms` : ''),
      };
      if (result.exitCode !== 0 && !opts.allowFailure) reject(new GitError(args, result));
      else resolve(result);
    });
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}

/** Splits NUL-terminated output (`-z`) into records. */
export function splitNul(out: string): string[] {
  const parts = out.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function firstLine(s: string): string {
  return s.trim().split('\n').find((l) => l.trim()) ?? '';
}
