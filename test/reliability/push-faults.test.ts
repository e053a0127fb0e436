// Faults test/push*.test.ts does not cover, each run through the CLI against the loopback git server: faults
// while catching up with a moved remote (the fetch), while saving the commit to a backup branch, a server that
// answers 500 or 404 for good, a dead remote next to a good one, and a backup ref that cannot be written (a
// file where refs/qmoi should be; "No space left on device" from git). For every one: no commit is lost (from
// a branch or refs/qmoi/** here, or any remote ref), the user gets a clear message naming what failed and what
// to do (never a stack trace), the outcome is in the logs, and no lock or scratch worktree is left.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { deadUrl, GitHttpServer } from '../helpers/git-http-server.js';
import { World, type CliResult } from '../helpers/push-fixtures.js';
import { lostCommits } from '../helpers/reachability.js';
import { git, runCli, writeFiles } from '../helpers/repo.js';

describe('reliability: push under injected faults (never a lost commit, always a clear message)', function () {
  this.timeout(60_000);
  let w: World;
  let server: GitHttpServer | undefined;
  afterEach(async function () {
    await server?.stop();
    server = undefined;
    if (this.currentTest?.state === 'passed') w.cleanup();
  });

  /** origin over HTTP, seeded with main; one local commit on top; the remote moved when asked. */
  async function world(opts: { config?: object; moved?: 'clean' | 'conflict' } = {}) {
    w = new World({ push: { maxAttempts: 3, ...((opts.config as { push?: object })?.push ?? {}) } });
    const bare = w.bare('origin.git');
    server = await GitHttpServer.start({ root: path.dirname(bare) });
    w.remote('origin', `${server.url}/origin.git`);
    git(w.work, ['push', '-q', bare, 'main']);
    if (opts.moved) w.moveRemote(bare, opts.moved === 'clean' ? { 'theirs.txt': 'theirs\n' } : { 'shared.txt': 'theirs\n' });
    const ours = w.commit('local work', opts.moved === 'conflict' ? { 'shared.txt': 'ours\n' } : { 'mine.txt': 'mine\n' });
    return { bare, server: server!, ours };
  }

  /** The checks every fault gets, whatever its outcome. */
  function assertSafe(r: CliResult, expectExit: number, json = false): void {
    const all = r.stdout + r.stderr;
    assert.equal(r.status, expectExit, all);
    assert.ok(!/^\s+at .+\(.+:\d+:\d+\)$/m.test(all), `a stack trace was printed:\n${all}`);
    assert.deepEqual(lostCommits(w.commits, w.work, w.bares), [], 'a commit is reachable from nothing');
    if (expectExit !== 0) {
      if (!json)
        assert.match(all, /could not push main to origin: .+\n[\s\S]*next: |qmoi-hooks push: .+\. \S/, `no clear message:\n${all}`);
      assert.ok(w.log('error').length > 0, 'the failure is in logs/error.log');
    }
    assert.ok(!fs.existsSync(path.join(w.work, '.git', 'qmoi-push.lock')), 'the push lock is left');
    assert.equal(git(w.work, ['worktree', 'list', '--porcelain']).stdout.split('\n').filter((l) => l.startsWith('worktree ')).length, 1, 'a scratch worktree is left');
  }

  it('503s on the fetch after the remote moved: retried, rebased, pushed', async () => {
    const { bare, server } = await world({ moved: 'clean' });
    server.inject({ kind: 'status', code: 503 }, 2, 'git-upload-pack');
    const r = await w.cli(['push']);
    assertSafe(r, 0);
    assert.match(r.stdout, /pushed main to origin/);
    assert.equal(git(bare, ['rev-parse', 'main']).stdout.trim(), w.head());
    assert.ok(server.seen('git-upload-pack').some((q) => q.status === 503), 'the fault was hit');
  });

  it('the fetch after the remote moved keeps failing (resets): exit 1, the local commit untouched', async () => {
    const { bare, server, ours } = await world({ moved: 'clean' });
    server.inject({ kind: 'reset' }, 1000, 'git-upload-pack');
    const r = await w.cli(['push']);
    assertSafe(r, 1);
    assert.match(r.stdout, /could not push main to origin: .*(network|connection|reach)/i);
    assert.equal(w.head(), ours);
    assert.notEqual(git(bare, ['rev-parse', 'main']).stdout.trim(), ours);
  });

  it('a conflict, and the backup-branch push then fails too: exit 1, the commit kept locally, said so', async () => {
    const { server, ours } = await world({ moved: 'conflict' });
    // Once the fetch has happened, every push request fails: the backup branch cannot go out.
    const timer = setInterval(() => {
      if (server.seen('git-upload-pack').length && !server.faults.length) server.inject({ kind: 'status', code: 503 }, 1000, 'git-receive-pack');
    }, 1);
    let r: CliResult;
    try {
      r = await w.cli(['push']);
    } finally {
      clearInterval(timer);
    }
    assertSafe(r, 1);
    assert.match(r.stdout, /could not push main to origin: the remote branch moved and your commits conflict/);
    assert.match(r.stdout, /could not be pushed either; your commit stays in refs\/qmoi\/backup\/ locally/);
    assert.equal(w.head(), ours);
    assert.ok(git(w.work, ['for-each-ref', '--contains', ours, 'refs/qmoi/backup/']).stdout.trim(), 'a local backup ref holds it');
  });

  it('a server that answers 500 for good: retried up to push.maxAttempts, exit 1', async () => {
    const { server } = await world();
    server.inject({ kind: 'status', code: 500 }, 1000, 'any');
    const r = await w.cli(['push', '--json']);
    assertSafe(r, 1, true);
    const res = JSON.parse(r.stdout).remotes[0];
    assert.equal(res.classification, 'network');
    assert.equal(res.attempts, 3);
    const human = await w.cli(['push']);
    assertSafe(human, 1);
  });

  it('a repository the server does not have (404): not retried, exit 1', async () => {
    const { server } = await world();
    git(w.work, ['remote', 'set-url', 'origin', `${server.url}/missing.git`]);
    const r = await w.cli(['push', '--json']);
    assertSafe(r, 1, true);
    const res = JSON.parse(r.stdout).remotes[0];
    assert.equal(res.classification, 'not-found');
    assert.equal(res.attempts, 1);
    assertSafe(await w.cli(['push']), 1);
  });

  it('one remote dead, the other fine: the good one gets the commit, exit 1 naming the dead one', async () => {
    const { bare } = await world();
    w.remote('mirror', `${await deadUrl('http')}/mirror.git`);
    w.config({ push: { remotes: ['origin', 'mirror'], maxAttempts: 2 } });
    const r = await w.cli(['push']);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /pushed main to origin/);
    assert.match(r.stdout, /could not push main to mirror: [\s\S]*next: /);
    assert.equal(git(bare, ['rev-parse', 'main']).stdout.trim(), w.head());
    assert.deepEqual(lostCommits(w.commits, w.work, w.bares), []);
  });

  it('the backup ref cannot be written (a file where refs/qmoi should be): the push does not start, exit 1, said why', async () => {
    const { bare, ours } = await world();
    fs.rmSync(path.join(w.work, '.git', 'refs', 'qmoi'), { recursive: true, force: true });
    fs.writeFileSync(path.join(w.work, '.git', 'refs', 'qmoi'), 'not a folder\n');
    const before = git(bare, ['rev-parse', 'main']).stdout.trim();
    const r = await w.cli(['push']);
    assertSafe(r, 1);
    assert.match(r.stderr, /qmoi-hooks push: cannot create backup ref refs\/qmoi\/backup\/main\/\d{8}T\d{6}\.\d{3}Z: .*non-directory in the way\. Nothing was pushed/);
    assert.equal(git(bare, ['rev-parse', 'main']).stdout.trim(), before, 'nothing was pushed without its backup');
    assert.equal(w.head(), ours);
  });

  it('"No space left on device" when git writes a refs/qmoi ref: push and the post-commit hook say so, the commit stays', async () => {
    const { ours } = await world({ config: { push: { mode: 'foreground' } } });
    // A git that fails like a full disk whenever it is asked to write under refs/qmoi/.
    const real = fs.readFileSync(path.join(w.bin, 'git'), 'utf8');
    fs.writeFileSync(
      path.join(w.bin, 'git'),
      real.replace(/^exec /m, `case "$*" in *update-ref*refs/qmoi/*) echo "error: unable to write file .git/refs/qmoi/x.lock: No space left on device" >&2; echo "fatal: update_ref failed" >&2; exit 128 ;; esac\nexec `),
    );
    const r = await w.cli(['push']);
    assertSafe(r, 1);
    assert.match(r.stderr, /No space left on device/);
    const hook = runCli(w.work, ['run', 'post-commit'], { env: { PATH: `${w.bin}:${process.env.PATH}` } });
    assert.equal(hook.status, 0, 'post-commit never fails a commit that was made');
    assert.match(hook.stderr, /post-commit hook had a problem of its own \(.*No space left on device.*\); your commit goes ahead/);
    assert.equal(w.head(), ours);
    assert.deepEqual(lostCommits(w.commits, w.work, w.bares), []);
  });

  it('"No space left on device" for the pre-commit backup: nothing in the index or working tree changes, and it says so', () => {
    w = new World();
    writeFiles(w.work, { 'config/qmoi.json': '{ "hooks": { "postCommit": false } }\n' });
    git(w.work, ['add', 'config']);
    w.commit('config');
    writeFiles(w.work, { 'a.json': '{ "a": 1, }\n' });
    git(w.work, ['add', 'a.json']);
    fs.appendFileSync(path.join(w.work, 'a.json'), '\n');
    fs.rmSync(path.join(w.work, '.git', 'refs', 'qmoi'), { recursive: true, force: true });
    fs.writeFileSync(path.join(w.work, '.git', 'refs', 'qmoi'), 'not a folder\n');
    const index = git(w.work, ['ls-files', '-s']).stdout;
    const hook = runCli(w.work, ['run', 'pre-commit']);
    assert.equal(git(w.work, ['ls-files', '-s']).stdout, index, 'the index changed without a backup');
    assert.equal(fs.readFileSync(path.join(w.work, 'a.json'), 'utf8'), '{ "a": 1, }\n\n', 'the working tree changed without a backup');
    assert.ok(!/^\s+at .+:\d+:\d+\)?$/m.test(hook.stderr), hook.stderr);
    assert.match(hook.stderr, /pre-commit hook had a problem of its own \(.+\)/);
  });
});
