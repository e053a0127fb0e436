// When the remote branch moved: rebase and push, or leave everything local exactly as it was and save the
// commit to a backup branch on the remote.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { snapshot, World } from './helpers/push-fixtures.js';
import { git } from './helpers/repo.js';

describe('qmoi-hooks push when the remote moved', function () {
  let w: World;
  afterEach(function () {
    if (this.currentTest?.state === 'passed') w.cleanup();
  });

  /** A world with origin (bare, seeded with main), one local commit on top, and local work in progress. */
  function diverged(upstream: Record<string, string>, local: Record<string, string> = { 'mine.txt': 'mine\n' }, config?: object) {
    w = new World(config);
    const bare = w.bare('origin.git');
    w.remote('origin', bare, 'origin');
    const theirs = w.moveRemote(bare, upstream);
    const ours = w.commit('local work', local);
    return { bare, theirs, ours };
  }

  /** Uncommitted work of every kind: staged, unstaged, both, untracked, ignored. */
  function workInProgress(): void {
    fs.writeFileSync(path.join(w.work, '.gitignore'), 'secret.env\n');
    git(w.work, ['add', '.gitignore']);
    fs.writeFileSync(path.join(w.work, 'staged.txt'), 'staged\n');
    git(w.work, ['add', 'staged.txt']);
    fs.appendFileSync(path.join(w.work, 'staged.txt'), 'and unstaged\n');
    fs.appendFileSync(path.join(w.work, 'mine.txt'), 'unstaged edit\n');
    fs.writeFileSync(path.join(w.work, 'untracked.txt'), 'untracked\n');
    fs.writeFileSync(path.join(w.work, 'secret.env'), 'ignored\n');
  }

  it('rebases the local commits onto it and pushes, keeping every kind of uncommitted work', async () => {
    const { bare, theirs, ours } = diverged({ 'theirs.txt': 'theirs\n' });
    workInProgress();
    const status = () => git(w.work, ['status', '--porcelain=v1', '--untracked-files=all', '--ignored', '--', '.', ':!logs']).stdout;
    const statusBefore = status();
    const r = await w.cli(['push', '--json']);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const doc = JSON.parse(r.stdout);
    const res = doc.remotes[0];
    assert.equal(res.status, 'pushed');
    assert.equal(res.rebased.from, ours);
    assert.equal(res.rebased.onto, theirs);
    const head = w.head();
    assert.equal(res.rebased.to, head);
    assert.equal(res.commit, head);
    assert.equal(git(bare, ['rev-parse', 'main']).stdout.trim(), head);
    assert.equal(git(w.work, ['rev-parse', 'HEAD~1']).stdout.trim(), theirs);
    assert.equal(git(w.work, ['symbolic-ref', 'HEAD']).stdout.trim(), 'refs/heads/main');
    assert.equal(fs.readFileSync(path.join(w.work, 'theirs.txt'), 'utf8'), 'theirs\n');
    // Staged stays staged, unstaged stays unstaged, untracked and ignored files are untouched.
    assert.equal(status(), statusBefore);
    assert.equal(git(w.work, ['show', ':staged.txt']).stdout, 'staged\n');
    assert.equal(fs.readFileSync(path.join(w.work, 'staged.txt'), 'utf8'), 'staged\nand unstaged\n');
    assert.equal(fs.readFileSync(path.join(w.work, 'mine.txt'), 'utf8'), 'mine\nunstaged edit\n');
    assert.equal(fs.readFileSync(path.join(w.work, 'secret.env'), 'utf8'), 'ignored\n');
    // The pre-rebase commit stays reachable from the backup ref.
    assert.equal(git(w.work, ['rev-parse', doc.backupRef]).stdout.trim(), ours);
    assert.ok(w.log('audit').some((e) => e.action === 'rebase' && e.from === ours && e.to === head));
    assert.equal(git(w.work, ['worktree', 'list']).stdout.trim().split('\n').length, 1, 'the scratch worktree is gone');
    const human = await w.cli(['push']);
    assert.match(human.stdout, /already has main/);
    w.assertNothingLost();
  });

  it('on a conflict changes nothing local, saves the commit to a backup branch on the remote, and exits 1', async () => {
    const { bare, theirs, ours } = diverged({ 'shared.txt': 'theirs\n' }, { 'shared.txt': 'ours\n' });
    workInProgress();
    const before = snapshot(w.work);
    const r = await w.cli(['push', '--json']);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(snapshot(w.work), before, 'HEAD, index and working tree are exactly as before');
    const res = JSON.parse(r.stdout).remotes[0];
    assert.equal(res.classification, 'conflict');
    assert.match(res.detail, /shared\.txt/);
    assert.equal(res.commit, ours);
    assert.equal(res.backupBranch.pushed, true);
    assert.match(res.backupBranch.name, /^qmoi\/backup\/main\/\d{8}T\d{6}\.\d{3}Z$/);
    assert.equal(git(bare, ['rev-parse', `refs/heads/${res.backupBranch.name}`]).stdout.trim(), ours);
    assert.equal(git(bare, ['rev-parse', 'main']).stdout.trim(), theirs, 'the remote branch is untouched');
    assert.ok(!fs.existsSync(path.join(w.work, '.git', 'rebase-merge')));
    assert.equal(git(w.work, ['worktree', 'list']).stdout.trim().split('\n').length, 1);
    assert.ok(w.log('notification').some((e) => e.event === 'push.failure'));
    assert.ok(w.log('audit').some((e) => e.action === 'backup-branch' && e.result === 'ok'));

    const human = await w.cli(['push']);
    assert.equal(human.status, 1);
    assert.match(human.stdout, /could not push main to origin: the remote branch moved and your commits conflict/);
    assert.match(human.stdout, /your commit [0-9a-f]{12} is safe on origin as branch qmoi\/backup\/main\//);
    assert.match(human.stdout, /next: run "git pull --rebase origin main"/);
    w.assertNothingLost();
  });

  it('when a file the remote adds is untracked here, changes nothing local and saves a backup branch', async () => {
    const { bare, ours } = diverged({ 'new.txt': 'theirs\n' });
    fs.writeFileSync(path.join(w.work, 'new.txt'), 'my untracked notes\n');
    const before = snapshot(w.work);
    const r = await w.cli(['push', '--json']);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(snapshot(w.work), before);
    const res = JSON.parse(r.stdout).remotes[0];
    assert.equal(res.classification, 'local-changes');
    assert.match(res.detail, /new\.txt/);
    assert.equal(git(bare, ['rev-parse', `refs/heads/${res.backupBranch.name}`]).stdout.trim(), ours);
    w.assertNothingLost();
  });

  it('never overwrites an ignored file the remote adds', async () => {
    const { ours } = diverged({ 'local.env': 'theirs\n' });
    fs.writeFileSync(path.join(w.work, '.git', 'info', 'exclude'), 'local.env\n');
    fs.writeFileSync(path.join(w.work, 'local.env'), 'TOKEN=mine\n');
    const before = snapshot(w.work);
    const r = await w.cli(['push', '--json']);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(snapshot(w.work), before);
    assert.equal(JSON.parse(r.stdout).remotes[0].classification, 'local-changes');
    assert.equal(w.head(), ours);
    w.assertNothingLost();
  });

  it('when a file the rebase changes has uncommitted edits here, changes nothing local', async () => {
    const { ours } = diverged({ 'package.json': '{ "name": "changed upstream" }\n' });
    fs.writeFileSync(path.join(w.work, 'package.json'), '{ "name": "edited here" }\n');
    const before = snapshot(w.work);
    const r = await w.cli(['push', '--json']);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(snapshot(w.work), before);
    assert.equal(JSON.parse(r.stdout).remotes[0].classification, 'local-changes');
    assert.equal(w.head(), ours);
    w.assertNothingLost();
  });

  it('with push.rebase off, does not rebase: backup branch, exit 1', async () => {
    const { bare, ours } = diverged({ 'theirs.txt': 'theirs\n' }, undefined, { push: { rebase: false } });
    const r = await w.cli(['push', '--json']);
    assert.equal(r.status, 1, r.stderr);
    const res = JSON.parse(r.stdout).remotes[0];
    assert.equal(res.classification, 'not-rebased');
    assert.equal(w.head(), ours);
    assert.equal(git(bare, ['rev-parse', `refs/heads/${res.backupBranch.name}`]).stdout.trim(), ours);
    w.assertNothingLost();
  });

  it('never rebases a branch listed in push.protectedBranches: backup branch, exit 1', async () => {
    const { bare, ours } = diverged({ 'theirs.txt': 'theirs\n' }, undefined, { push: { protectedBranches: ['main'] } });
    const r = await w.cli(['push', '--json']);
    assert.equal(r.status, 1, r.stderr);
    const res = JSON.parse(r.stdout).remotes[0];
    assert.equal(res.classification, 'not-rebased');
    assert.match(res.detail ?? '', /protectedBranches/);
    assert.equal(w.head(), ours);
    assert.equal(git(bare, ['rev-parse', `refs/heads/${res.backupBranch.name}`]).stdout.trim(), ours);
    w.assertNothingLost();
  });

  it('does not replay commits already pushed to another remote (they keep their ids)', async () => {
    w = new World();
    const origin = w.bare('origin.git');
    const mirror = w.bare('mirror.git');
    w.remote('origin', origin, 'origin');
    w.remote('mirror', mirror, 'mirror');
    const ours = w.commit('local work', { 'mine.txt': 'mine\n' });
    assert.equal((await w.cli(['push', '--remote', 'mirror'])).status, 0);
    w.moveRemote(origin, { 'theirs.txt': 'theirs\n' });
    const r = await w.cli(['push', '--json', '--remote', 'origin']);
    assert.equal(r.status, 1, r.stderr);
    const res = JSON.parse(r.stdout).remotes[0];
    assert.equal(res.classification, 'not-rebased');
    assert.match(res.detail, /another remote/);
    assert.equal(w.head(), ours);
    assert.equal(git(mirror, ['rev-parse', 'main']).stdout.trim(), ours);
    w.assertNothingLost();
  });

  it('does not rebase merge commits', async () => {
    const { ours } = diverged({ 'theirs.txt': 'theirs\n' });
    git(w.work, ['checkout', '-q', '-b', 'side', 'HEAD~1']);
    w.commit('side work', { 'side.txt': 'side\n' });
    git(w.work, ['checkout', '-q', 'main']);
    git(w.work, ['merge', '-q', '--no-ff', '-m', 'merge side', 'side'], { env: { QMOI_HOOKS: '0' } });
    w.commits.push(w.head());
    const r = await w.cli(['push', '--json']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(JSON.parse(r.stdout).remotes[0].detail, /merge/);
    assert.notEqual(w.head(), ours);
    w.assertNothingLost();
  });

  it('when the remote is only ahead, reports up to date and leaves the local branch alone', async () => {
    w = new World();
    const bare = w.bare('origin.git');
    w.remote('origin', bare, 'origin');
    const local = w.head();
    w.moveRemote(bare, { 'theirs.txt': 'theirs\n' });
    const r = await w.cli(['push', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).remotes[0].status, 'up-to-date');
    assert.equal(w.head(), local);
    w.assertNothingLost();
  });

  it('a branch the server protects: remote-rejected with its reason, and the commit saved to a backup branch', async () => {
    w = new World();
    const bare = w.bare('origin.git');
    w.remote('origin', bare, 'origin');
    fs.writeFileSync(
      path.join(bare, 'hooks', 'pre-receive'),
      '#!/bin/sh\nwhile read old new ref; do [ "$ref" = refs/heads/main ] && { echo "GitLab: You are not allowed to push code to protected branches on this project."; exit 1; }; done; exit 0\n',
      { mode: 0o755 },
    );
    const ours = w.commit('local work', { 'mine.txt': 'mine\n' });
    const r = await w.cli(['push', '--json']);
    assert.equal(r.status, 1, r.stderr);
    const res = JSON.parse(r.stdout).remotes[0];
    assert.equal(res.classification, 'remote-rejected');
    assert.match(res.detail, /not allowed to push code to protected branches/);
    assert.equal(res.attempts, 2, 'one push, one backup push, no retries');
    assert.equal(git(bare, ['rev-parse', `refs/heads/${res.backupBranch.name}`]).stdout.trim(), ours);
    w.assertNothingLost();
  });

  it('a failing pre-push hook stops the push and no backup branch goes out', async () => {
    w = new World();
    const bare = w.bare('origin.git');
    w.remote('origin', bare, 'origin');
    fs.writeFileSync(path.join(w.work, '.git', 'hooks', 'pre-push'), '#!/bin/sh\necho "validation failed" >&2\nexit 1\n', { mode: 0o755 });
    w.commit('local work', { 'mine.txt': 'mine\n' });
    const r = await w.cli(['push', '--json']);
    assert.equal(r.status, 1, r.stderr);
    const res = JSON.parse(r.stdout).remotes[0];
    assert.equal(res.classification, 'pre-push-hook');
    assert.equal(res.backupBranch, undefined);
    assert.equal(git(bare, ['for-each-ref', 'refs/heads/qmoi']).stdout, '');
    w.assertNothingLost();
  });

  it('never forces: every push git ran is a plain refspec without --force', async () => {
    const { bare } = diverged({ 'shared.txt': 'theirs\n' }, { 'shared.txt': 'ours\n' });
    await w.cli(['push']);
    const pushes = w.argv().filter((l) => / push /.test(` ${l} `) || l.startsWith('push'));
    assert.ok(pushes.length >= 2);
    for (const l of pushes) {
      assert.ok(!/--force|(^|\s)-f(\s|$)|\s\+\S+:/.test(l), l);
      assert.ok(!/--mirror|--delete|(^|\s)-d(\s|$)/.test(l), l);
    }
    assert.ok(git(bare, ['rev-parse', 'main']).stdout.trim());
    w.assertNothingLost();
  });
});
