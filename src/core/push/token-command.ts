// push.tokenCommand: a program that prints a fresh token, run after an authentication failure. It runs
// without a shell: the string is split into argv on whitespace, '...' and "..." group words, a backslash
// escapes the next character; no variables, globs or pipes (write `sh -c '...'` to get a shell).
import { spawn } from 'node:child_process';
import { addSecret } from '../../log/redact.js';

/** Splits a command line into argv the way described above; undefined for an unterminated quote. */
export function splitCommand(line: string): string[] | undefined {
  const argv: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
    } else if (/\s/.test(c)) {
      if (word !== undefined) argv.push(word);
      word = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < line.length) {
      word = (word ?? '') + line[++i];
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) return undefined;
  if (word !== undefined) argv.push(word);
  return argv;
}

/** A fresh token, or why there is none (never the command's output: it may hold secrets). */
export type TokenCommandResult = { ok: true; token: string } | { ok: false; reason: string };

/**
 * Runs the token command in `cwd` with QMOI_REMOTE, QMOI_REMOTE_HOST and QMOI_TOKEN_PROVIDER set, and
 * returns the first non-empty line it prints, registered as a secret before anything can log it.
 */
export function runTokenCommand(command: string, opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<TokenCommandResult> {
  const argv = splitCommand(command);
  if (!argv?.length) return Promise.resolve({ ok: false, reason: 'push.tokenCommand is empty or has an unterminated quote' });
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true });
    const out: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: `push.tokenCommand could not start: ${(e as NodeJS.ErrnoException).code ?? e.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const token = Buffer.concat(out).toString('utf8').split(/\r?\n/).map((l) => l.trim()).find(Boolean);
      if (token) addSecret(token);
      if (code !== 0) resolve({ ok: false, reason: signal ? `push.tokenCommand was stopped (${signal})` : `push.tokenCommand exited with ${code}` });
      else if (!token) resolve({ ok: false, reason: 'push.tokenCommand printed no token' });
      else resolve({ ok: true, token });
    });
  });
}
