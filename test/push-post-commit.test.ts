// postCommit(ws) from a real git post-commit hook: background and foreground pushes, the skips, and the
// lock that keeps two pushes from overlapping.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { postCommit } from '../src/core/post-commit.js';
import { openWorkspace } from '../src/core/workspace.js';
import { GitHttpServer } from './helpers/git-http-server.js';
import { World } from './helpers/push-fixtures.js';
import { CLI, git, PROJECT_ROOT, testEnv } from './helpers/repo.js';

const DIST = path.join(PROJECT_ROOT, 'dist');

describe('postCommit', function () {
  let w: World;
  let server: GitHttpServer | undefined;
  afterEach(async function () {
    await server?.stop();
    server = undefined;
    if (this.currentTest?.state === 'passed') w.cleanup();
  });

  /** Installs a post-commit hook that calls postCommit (built) and prints its result on stderr. */
  function installHook(): void {
    const runner = path.join(w.root, 'post-commit.mjs');
    fs.writeFileSync(
      runner,
      `import { openWorkspace } from '${DIST}/core/workspace.js';\nimport { postCommit } from '${DIST}/core/post-commit.js';\n` +
        `const r = await postCommit(openWorkspace());\nprocess.stderr.write('POSTCOMMIT ' + JSON.stringify(r) + '\\n');\n`,
    );
    fs.writeFileSync(path.join(w.work, '.git', 'hooks', 'post-commit'), `#!/bin/sh\nexec '${process.execPath}' '${runner}'\n`, { mode: 0o755 });
  }

  /** `git commit` through the hook; returns postCommit's result and how long the commit took. */
  function commitWithHook(message: string, files: Record<string, string>): { result: Record<string, any>; ms: number; sha: string } {
    for (const [f, c] of Object.entries(files)) fs.writeFileSync(path.join(w.work, f), c);
    git(w.work, ['add', ...Object.keys(files)]);
    const t0 = Date.now();
    const r = spawnSync('git', ['commit', '-q', '-m', message], { cwd: w.work, env: testEnv({ PATH: `${w.bin}:${process.env.PATH}`, QMOI_PUSH_BASE_DELAY_MS: '1' }), encoding: 'utf8' });
    const ms = Date.now() - t0;
    assert.equal(r.status, 0, r.stderr);
    const line = r.stderr.split('\n').find((l) => l.startsWith('POSTCOMMIT '));
    assert.ok(line, `no result from the hook: ${JSON.stringify(r.stderr)}`);
    const result = JSON.parse(line.slice('POSTCOMMIT '.length));
    // The commit just made (a foreground push may have rebased HEAD since): the hook's backup ref has it.
    const sha = git(w.work, ['rev-parse', result.backupRef ?? 'HEAD']).stdout.trim();
    w.commits.push(sha, w.head());
    return { result, ms, sha };
  }

  async function until(check: () => boolean, ms = 20_000): Promise<void> {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('background: the commit returns at once, the push lands later, results go to the logs', async () => {
    w = new World();
    const bare = w.bare('origin.git');
    w.remote('origin', bare, 'origin');
    installHook();
    const { result, ms, sha } = commitWithHook('feature', { 'a.txt': 'a\n' });
    assert.equal(result.status, 'background');
    assert.ok(result.pid > 0);
    assert.equal(git(w.work, ['rev-parse', result.backupRef]).stdout.trim(), sha);
    assert.ok(ms < 3000, `commit took ${ms} ms`);
    await until(() => git(bare, ['rev-parse', '-q', '--verify', 'main'], { allowFailure: true }).stdout.trim() === sha);
    await until(() => w.log('audit').some((e) => e.action === 'push' && e.source === 'hook' && e.result === 'ok'));
    await until(() => !fs.existsSync(path.join(w.work, '.git', 'qmoi-push.lock')));
    // The notification goes out after the push has let go of its lock: wait for it too.
    await until(() => w.log('notification').some((e) => e.event === 'push.success'));
    // The hook made the one backup ref; the child did not make another.
    assert.equal(git(w.work, ['for-each-ref', 'refs/qmoi/backup/']).stdout.trim().split('\n').length, 1);
    w.assertNothingLost();
  });

  it('foreground, from a real hook (GIT_INDEX_FILE set): rebases onto the moved remote and returns the result', async () => {
    w = new World({ push: { mode: 'foreground' } });
    const bare = w.bare('origin.git');
    w.remote('origin', bare, 'origin');
    const theirs = w.moveRemote(bare, { 'theirs.txt': 'theirs\n' });
    installHook();
    fs.writeFileSync(path.join(w.work, 'wip.txt'), 'uncommitted\n');
    const { result, sha } = commitWithHook('feature', { 'a.txt': 'a\n' });
    assert.equal(result.status, 'foreground');
    assert.equal(result.exitCode, 0);
    const res = result.run.results[0];
    assert.equal(res.status, 'pushed');
    assert.equal(res.rebased.from, sha);
    assert.equal(res.rebased.onto, theirs);
    assert.equal(git(bare, ['rev-parse', 'main']).stdout.trim(), w.head());
    assert.equal(git(w.work, ['status', '--porcelain', '--', '.', ':!logs']).stdout, '?? wip.txt\n');
    assert.equal(git(w.work, ['diff', '--cached', '--name-only']).stdout, '', 'the index matches the rebased HEAD');
    w.assertNothingLost();
  });

  it('skips with QMOI_HOOKS=0, on a detached HEAD, during a rebase, without a remote (auto), and when turned off', async () => {
    w = new World();
    const ws = () => openWorkspace(w.work);
    assert.deepEqual(await postCommit(ws(), { env: { QMOI_HOOKS: '0' } }), { status: 'skipped', reason: 'QMOI_HOOKS=0' });
    const noRemote = await postCommit(ws(), { cli: CLI });
    assert.equal(noRemote.status, 'skipped');
    assert.equal(noRemote.status === 'skipped' && noRemote.reason, 'no-remote');
    assert.ok(noRemote.backupRef, 'the commit is backed up even without a remote');

    const bare = w.bare('origin.git');
    w.remote('origin', bare);
    git(w.work, ['checkout', '-q', '--detach']);
    assert.deepEqual(await postCommit(ws(), { cli: CLI }), { status: 'skipped', reason: 'detached' });
    git(w.work, ['checkout', '-q', 'main']);
    fs.mkdirSync(path.join(w.work, '.git', 'rebase-merge'));
    assert.deepEqual(await postCommit(ws(), { cli: CLI }), { status: 'skipped', reason: 'in-progress' });
    fs.rmdirSync(path.join(w.work, '.git', 'rebase-merge'));

    w.config({ push: { enabled: false } });
    const off = await postCommit(ws(), { cli: CLI });
    assert.equal(off.status === 'skipped' && off.reason, 'push-off');
    w.config({ hooks: { postCommit: false } });
    assert.deepEqual(await postCommit(ws(), { cli: CLI }), { status: 'skipped', reason: 'hook-off' });
    assert.equal(git(bare, ['for-each-ref']).stdout, '', 'nothing was pushed');
    w.assertNothingLost();
  });

  it('push.enabled true without a remote: the push runs and fails to start (exit 2), the hook reports it', async () => {
    w = new World({ push: { enabled: true, mode: 'foreground' } });
    const r = await postCommit(openWorkspace(w.work), { cli: CLI, env: testEnv() });
    assert.equal(r.status, 'foreground');
    assert.equal(r.status === 'foreground' && r.exitCode, 2);
    assert.ok(w.log('notification').some((e) => e.event === 'push.failure'));
    w.assertNothingLost();
  });

  it('the lock: a second push waits for the first instead of overlapping it', async () => {
    w = new World();
    const bare = w.bare('origin.git');
    server = await GitHttpServer.start({ root: path.dirname(bare) });
    w.remote('origin', `${server.url}/origin.git`);
    server.inject({ kind: 'delay', ms: 1500 }, 2, 'git-receive-pack', 'POST');
    w.commit('one', { 'a.txt': 'a\n' });
    const first = w.cli(['push', '--json']);
    await until(() => server!.seen('git-receive-pack').some((q) => q.method === 'POST'));
    const second = w.commit('two', { 'b.txt': 'b\n' });
    const r2 = w.cli(['push', '--json']);
    const [a, b] = await Promise.all([first, r2]);
    assert.equal(a.status, 0, a.stderr);
    assert.equal(b.status, 0, b.stderr);
    assert.equal(server.maxConcurrentPushes, 1);
    assert.equal(git(bare, ['rev-parse', 'main']).stdout.trim(), second);
    assert.equal(JSON.parse(b.stdout).remotes[0].status, 'pushed');
    w.assertNothingLost();
  });

  it('takes over a lock left by a process that is gone', async () => {
    w = new World();
    const bare = w.bare('origin.git');
    w.remote('origin', bare);
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => gone.on('close', r));
    fs.writeFileSync(path.join(w.work, '.git', 'qmoi-push.lock'), JSON.stringify({ pid: gone.pid, since: Date.now() }));
    const t0 = Date.now();
    const r = await w.cli(['push', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(Date.now() - t0 < 10_000);
    assert.ok(!fs.existsSync(path.join(w.work, '.git', 'qmoi-push.lock')));
    w.assertNothingLost();
  });
});
