// Step 2 of `ci`: install dependencies with `npm ci`, and with `npm install` when there is no lock file or it
// is out of step with package.json (the lock file is not rewritten into the repository: repairs are).
import fs from 'node:fs';
import path from 'node:path';
import { runWithRetries, type Backoff, type CommandResult } from './commands.js';

/** How the install ended: the command result of the attempt that counts, and why npm install was used. */
export interface InstallResult extends CommandResult {
  /** Set when `npm install` ran instead of (or after) `npm ci`. */
  fallback?: 'no-lock-file' | 'lock-out-of-sync';
}

const NPM_FLAGS = ['--no-audit', '--no-fund'];
const OUT_OF_SYNC = /can only install packages when your package\.json and package-lock\.json|can only install with an existing package-lock\.json/;

/** Installs the dependencies of the package at `root`. */
export async function installDependencies(
  root: string,
  opts: { retries: number; env?: NodeJS.ProcessEnv; sink?: NodeJS.WritableStream; backoff?: Backoff; onAttempt?: (command: string, attempt: number) => void | Promise<void> },
): Promise<InstallResult> {
  const hasLock = ['package-lock.json', 'npm-shrinkwrap.json'].some((f) => fs.existsSync(path.join(root, f)));
  const run = (args: string[]) => {
    const name = `npm ${args[0]}`;
    return runWithRetries({ name, line: { argv: ['npm', ...args, ...NPM_FLAGS] } }, { cwd: root, ...opts, onAttempt: (attempt) => opts.onAttempt?.(name, attempt) });
  };
  if (!hasLock) return { ...(await run(['install'])), fallback: 'no-lock-file' };
  const ci = await run(['ci']);
  if (ci.status === 'failed' && ci.output && OUT_OF_SYNC.test(ci.output)) {
    const install = await run(['install']);
    return { ...install, attempts: ci.attempts + install.attempts, durationMs: ci.durationMs + install.durationMs, fallback: 'lock-out-of-sync' };
  }
  return ci;
}
