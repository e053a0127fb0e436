// Proof that nothing goes through a shell: every process qmoi-hooks starts is recorded (a module preloaded
// into every qmoi-hooks node process through NODE_OPTIONS patches child_process), and every `sh` found on
// PATH is a wrapper that logs its argv (husky's hook stubs run `#!/usr/bin/env sh` and `sh -e <hook>`).
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './repo.js';

/** One process a qmoi-hooks CLI started. */
export interface Spawned {
  pid: number;
  /** Which child_process entry point was used. */
  via: string;
  file: string;
  args: string[];
  /** The caller asked for a shell (shell: true, exec, execSync). */
  shell: boolean;
}

const PRELOAD = `
import cp from 'node:child_process';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const log = process.env.QMOI_EXEC_LOG;
// Only qmoi-hooks' own CLI (built or installed from the packed tarball), not npm or other node tools.
if (log && /[\\\\/]dist[\\\\/]cli\\.js$/.test(process.argv[1] ?? '')) {
  const rec = (via, file, args, shell) => fs.appendFileSync(log, JSON.stringify({ pid: process.pid, via, file: String(file), args: (args ?? []).map(String), shell: !!shell }) + '\\n');
  const spawn = cp.ChildProcess.prototype.spawn;
  // Every asynchronous child (spawn, exec, execFile, fork) is started here; shell: true shows as /bin/sh -c.
  cp.ChildProcess.prototype.spawn = function (options) {
    rec('spawn', options.file, (options.args ?? []).slice(1), options.file === '/bin/sh' || options.shell);
    return spawn.call(this, options);
  };
  for (const name of ['spawnSync', 'execFileSync']) {
    const orig = cp[name];
    cp[name] = function (file, args, options) {
      const opts = Array.isArray(args) ? options : args;
      rec(name, file, Array.isArray(args) ? args : [], opts && opts.shell);
      return orig.apply(this, arguments);
    };
  }
  const execSync = cp.execSync;
  cp.execSync = function (command) {
    rec('execSync', command, [], true);
    return execSync.apply(this, arguments);
  };
  syncBuiltinESMExports();
}
`;

/** A recorder: `env` goes into every command a test runs; `spawned()` and `shCalls()` read what happened. */
export class ExecRecorder {
  readonly dir = tempDir('qmoi-exec-');
  readonly bin = path.join(this.dir, 'bin');
  private readonly spawnLog = path.join(this.dir, 'spawn.log');
  private readonly shLog = path.join(this.dir, 'sh.log');
  private readonly preload = path.join(this.dir, 'preload.mjs');

  constructor() {
    fs.mkdirSync(this.bin);
    fs.writeFileSync(this.preload, PRELOAD);
    for (const shell of ['sh', 'bash', 'dash']) {
      const real = ['/bin', '/usr/bin'].map((d) => path.join(d, shell)).find((f) => fs.existsSync(f));
      if (!real) continue;
      // One line per call: the shell's name, then each argument JSON-quoted (names may hold newlines).
      const script = `#!/bin/sh\n{ printf '%s' '${shell}'; for a in "$@"; do printf ' %s' "$(printf '%s' "$a" | od -An -tx1 | tr -d ' \\n')"; done; echo; } >> '${this.shLog}'\nexec '${real}' "$@"\n`;
      fs.writeFileSync(path.join(this.bin, shell), script, { mode: 0o755 });
    }
  }

  /** Environment that turns recording on (PATH first, so `env sh` finds the wrapper). */
  env(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    return { PATH: `${this.bin}:${base.PATH ?? ''}`, NODE_OPTIONS: `--import=${this.preload}`, QMOI_EXEC_LOG: this.spawnLog };
  }

  /** Every process any qmoi-hooks CLI started so far. */
  spawned(): Spawned[] {
    if (!fs.existsSync(this.spawnLog)) return [];
    return fs.readFileSync(this.spawnLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Spawned);
  }

  /** Every call of a shell found on PATH: [shell, ...argv]. */
  shCalls(): string[][] {
    if (!fs.existsSync(this.shLog)) return [];
    return fs
      .readFileSync(this.shLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [shell, ...hex] = l.split(' ');
        return [shell, ...hex.map((h) => Buffer.from(h, 'hex').toString('utf8'))];
      });
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Shells by name: a process started with one of these (or shell: true) went through a shell. */
export function isShell(file: string): boolean {
  return /(^|\/)(sh|bash|dash|zsh|ksh|cmd\.exe|powershell(\.exe)?)$/.test(file);
}
