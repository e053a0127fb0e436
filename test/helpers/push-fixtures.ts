// Repositories, remotes and checks shared by the push tests: the "no commit is ever lost" invariant,
// a git on PATH that records its argv, and a search for leaked secrets.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cert } from './git-http-server.js';
import { CLI, git, makeRepo, tempDir, testEnv, writeFiles } from './repo.js';

/** What a CLI run printed and how it exited. */
export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A test world: one working repo, bare remotes under `root`, and every commit made so far. */
export class World {
  readonly root = tempDir('qmoi-push-');
  readonly work: string;
  readonly bin: string;
  readonly argvLog: string;
  /** Every commit created in this world, to check none is ever lost. */
  readonly commits: string[] = [];
  /** Bare repositories (absolute paths). */
  readonly bares: string[] = [];
  /** Extra clones used to move remotes. */
  readonly clones: string[] = [];

  constructor(config?: object) {
    this.work = path.join(this.root, 'work');
    fs.mkdirSync(this.work);
    makeRepo({ dir: this.work });
    this.commits.push(this.head());
    this.bin = path.join(this.root, 'bin');
    this.argvLog = path.join(this.root, 'git-argv.log');
    fs.mkdirSync(this.bin);
    // A git that logs its argv (NUL-free, one line per call) and then runs the real one.
    const real = spawnPath('git');
    fs.writeFileSync(path.join(this.bin, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${this.argvLog}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
    if (config) this.config(config);
  }

  /** Writes config/qmoi.json (committed, so the working tree stays clean). */
  config(config: object): void {
    writeFiles(this.work, { 'config/qmoi.json': JSON.stringify(config, null, 2) + '\n' });
    git(this.work, ['add', 'config/qmoi.json']);
    this.commit('config');
  }

  /** A bare repository `name` under root/srv, accepting pushes over HTTP. */
  bare(name: string, opts: { pushOptions?: boolean } = {}): string {
    const dir = path.join(this.root, 'srv', name);
    fs.mkdirSync(dir, { recursive: true });
    git(dir, ['init', '-q', '--bare', '-b', 'main']);
    git(dir, ['config', 'http.receivepack', 'true']);
    // Any forced update would fail the test loudly.
    git(dir, ['config', 'receive.denyNonFastForwards', 'true']);
    if (opts.pushOptions) {
      git(dir, ['config', 'receive.advertisePushOptions', 'true']);
      fs.writeFileSync(path.join(dir, 'hooks', 'post-receive'), `#!/bin/sh\necho "\${GIT_PUSH_OPTION_COUNT:-0} \${GIT_PUSH_OPTION_0:-}" >> '${dir}/push-options.log'\n`, { mode: 0o755 });
    }
    this.bares.push(dir);
    return dir;
  }

  /** Adds a remote to the working repo; `bare` seeded with the current main when asked. */
  remote(name: string, url: string, seedFrom?: string): void {
    git(this.work, ['remote', 'add', name, url]);
    if (seedFrom) git(this.work, ['push', '-q', seedFrom, 'main']);
  }

  /** Commits files in `dir` (default: the working repo) and records the commit. */
  commit(message: string, files: Record<string, string> = {}, dir = this.work): string {
    if (Object.keys(files).length) {
      writeFiles(dir, files);
      git(dir, ['add', ...Object.keys(files)]);
    }
    git(dir, ['commit', '-q', '--allow-empty', '-m', message], { env: { QMOI_HOOKS: '0' } });
    const sha = git(dir, ['rev-parse', 'HEAD']).stdout.trim();
    this.commits.push(sha);
    return sha;
  }

  /** Moves the remote branch from another clone: commits `files` there and pushes. */
  moveRemote(bare: string, files: Record<string, string>, branch = 'main'): string {
    const clone = path.join(this.root, `clone-${this.clones.length}`);
    git(this.root, ['clone', '-q', '-b', branch, bare, clone]);
    git(clone, ['config', 'user.name', 'Other']);
    git(clone, ['config', 'user.email', 'other@example.com']);
    this.clones.push(clone);
    const sha = this.commit('upstream change', files, clone);
    git(clone, ['push', '-q', 'origin', branch]);
    return sha;
  }

  head(dir = this.work): string {
    return git(dir, ['rev-parse', 'HEAD']).stdout.trim();
  }

  /**
   * Runs the CLI in the working repo with the argv-logging git, fast retries and the test CA.
   * Asynchronous: the test servers live in this process and must keep answering meanwhile.
   */
  cli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = this.work): Promise<CliResult> {
    const childEnv = testEnv({ PATH: `${this.bin}:${process.env.PATH}`, QMOI_PUSH_BASE_DELAY_MS: '1', GIT_SSL_CAINFO: cert().certFile, ...env });
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd, env: childEnv });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      child.on('close', (status) => {
        clearTimeout(timer);
        resolve({ status, stdout, stderr });
      });
    });
  }

  /** Every commit made is reachable from a branch or backup ref here, or from any ref of a remote. */
  assertNothingLost(): void {
    for (const sha of this.commits) {
      const local = git(this.work, ['for-each-ref', '--contains', sha, '--format=%(refname)', 'refs/heads/', 'refs/qmoi/'], { allowFailure: true }).stdout.trim();
      if (local) continue;
      const remote = this.bares.some((b) => git(b, ['for-each-ref', '--contains', sha, '--format=%(refname)'], { allowFailure: true }).stdout.trim() !== '');
      assert.ok(remote, `commit ${sha} is not reachable from any branch or backup ref, locally or on a remote`);
    }
  }

  /** Fails if any secret shows up in the given outputs, the logs, anything under .git, or git's argv. */
  assertNoSecrets(secrets: string[], outputs: string[]): void {
    const texts: [string, string][] = outputs.map((o, i) => [`output ${i}`, o]);
    for (const file of walk(path.join(this.work, '.git')).concat(walk(path.join(this.work, 'logs')))) texts.push([file, fs.readFileSync(file, 'latin1')]);
    if (fs.existsSync(this.argvLog)) texts.push(['git argv', fs.readFileSync(this.argvLog, 'utf8')]);
    for (const s of secrets) {
      const forms = [s, Buffer.from(`oauth2:${s}`).toString('base64'), Buffer.from(`x-access-token:${s}`).toString('base64')];
      for (const [where, text] of texts) for (const f of forms) assert.ok(!text.includes(f), `secret found in ${where}`);
    }
  }

  /** Lines git was called with (from the logging wrapper). */
  argv(): string[] {
    return fs.existsSync(this.argvLog) ? fs.readFileSync(this.argvLog, 'utf8').split('\n').filter(Boolean) : [];
  }

  /** The logs the CLI wrote (JSON lines). */
  log(file: 'qmoi' | 'audit' | 'error' | 'notification'): Record<string, unknown>[] {
    const f = path.join(this.work, 'logs', `${file}.log`);
    if (!fs.existsSync(f)) return [];
    return fs.readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  cleanup(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** Everything that makes a worktree what it is: HEAD, branch, index, and every file's bytes (tracked, untracked, ignored). */
export function snapshot(dir: string): string {
  const head = git(dir, ['rev-parse', 'HEAD']).stdout;
  const branch = git(dir, ['symbolic-ref', '-q', 'HEAD'], { allowFailure: true }).stdout;
  const index = git(dir, ['ls-files', '-s']).stdout;
  const files = walk(dir, (p) => p !== path.join(dir, '.git') && p !== path.join(dir, 'logs'))
    .map((f) => `${path.relative(dir, f)} ${fs.readFileSync(f).toString('base64')}`)
    .join('\n');
  return [head, branch, index, files].join('\n--\n');
}

function walk(dir: string, keep: (p: string) => boolean = () => true): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (!keep(p)) continue;
    if (e.isDirectory()) out.push(...walk(p, keep));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

function spawnPath(cmd: string): string {
  for (const d of (process.env.PATH ?? '').split(':')) if (d && fs.existsSync(path.join(d, cmd))) return path.join(d, cmd);
  throw new Error(`${cmd} not found on PATH`);
}
