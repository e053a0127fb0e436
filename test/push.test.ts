// qmoi-hooks push against file:// remotes: results, backup refs, logs, several remotes, usage errors.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { World } from './helpers/push-fixtures.js';
import { git, runCli, tempDir, cleanup } from './helpers/repo.js';

describe('qmoi-hooks push (file:// remotes)', function () {
  let w: World;
  afterEach(function () {
    if (this.currentTest?.state === 'passed') w.cleanup();
  });

  it('backs up HEAD, pushes the branch, and reports it in JSON, the logs and the audit trail', async () => {
    w = new World();
    const bare = w.bare('origin.git');
    w.remote('origin', `file://${bare}`);
    const sha = w.commit('feature', { 'a.txt': 'a\n' });
    const r = await w.cli(['push', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.ok, true);
    assert.equal(doc.branch, 'main');
    assert.equal(doc.head, sha);
    assert.match(doc.backupRef, /^refs\/qmoi\/backup\/main\/\d{8}T\d{6}\.\d{3}Z$/);
    assert.equal(git(w.work, ['rev-parse', doc.backupRef]).stdout.trim(), sha);
    assert.equal(doc.remotes.length, 1);
    assert.deepEqual(
      { remote: doc.remotes[0].remote, status: doc.remotes[0].status, commit: doc.remotes[0].commit, attempts: doc.remotes[0].attempts, classification: doc.remotes[0].classification },
      { remote: 'origin', status: 'pushed', commit: sha, attempts: 1, classification: null },
    );
    assert.equal(git(bare, ['rev-parse', 'main']).stdout.trim(), sha);
    const audit = w.log('audit');
    assert.ok(audit.some((e) => e.action === 'backup-ref' && e.target === doc.backupRef && e.result === 'ok'));
    assert.ok(audit.some((e) => e.action === 'push' && e.target === 'origin/main' && e.result === 'ok' && e.commit === sha));
    assert.ok(w.log('notification').some((e) => e.event === 'push.success'));

    const again = await w.cli(['push', '--json']);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).remotes[0].status, 'up-to-date');
    w.assertNothingLost();
  });

  it('prunes backup refs older than backup.maxAgeDays once their commit is on the remote, and keeps the rest', async () => {
    w = new World({ backup: { maxAgeDays: 30 } });
    const bare = w.bare('origin.git');
    w.remote('origin', `file://${bare}`);
    const pushedOld = w.commit('one', { 'a.txt': '1\n' });
    // A commit no remote will ever get (a rebase replaced it, say): its old backup must stay.
    git(w.work, ['checkout', '-q', '-b', 'side']);
    const neverPushed = w.commit('side', { 's.txt': 's\n' });
    git(w.work, ['checkout', '-q', 'main']);
    git(w.work, ['branch', '-q', '-D', 'side']);
    const old = new Date(Date.now() - 40 * 86400_000).toISOString().replace(/[-:]/g, '');
    const recent = new Date(Date.now() - 86400_000).toISOString().replace(/[-:]/g, '');
    git(w.work, ['update-ref', `refs/qmoi/backup/main/${old}`, pushedOld]);
    git(w.work, ['update-ref', `refs/qmoi/backup/main/${old}-2`, neverPushed]);
    git(w.work, ['update-ref', `refs/qmoi/backup/main/${recent}`, pushedOld]);
    const head = w.commit('two', { 'a.txt': '2\n' });
    const r = await w.cli(['push', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const left = git(w.work, ['for-each-ref', '--format=%(refname) %(objectname)', 'refs/qmoi/backup/main/']).stdout.trim().split('\n').sort();
    assert.deepEqual(left, [`refs/qmoi/backup/main/${old}-2 ${neverPushed}`, `refs/qmoi/backup/main/${recent} ${pushedOld}`, `${JSON.parse(r.stdout).backupRef} ${head}`].sort());
    assert.ok(w.log('audit').some((e) => e.action === 'prune-backup-refs' && JSON.stringify(e.refs) === JSON.stringify([`refs/qmoi/backup/main/${old}`])));
    w.assertNothingLost();
  });

  it('prints one line per remote in human mode', async () => {
    w = new World();
    w.remote('origin', `file://${w.bare('origin.git')}`);
    w.commit('feature', { 'a.txt': 'a\n' });
    const r = await w.cli(['push']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^backed up HEAD as refs\/qmoi\/backup\/main\//m);
    assert.match(r.stdout, /^pushed main to origin \([0-9a-f]{12}\)$/m);
    w.assertNothingLost();
  });

  it('pushes to several remotes in parallel; one failing does not stop the others (exit 1)', async () => {
    w = new World();
    const a = w.bare('a.git');
    const b = w.bare('b.git');
    w.remote('a', `file://${a}`);
    w.remote('broken', `file://${path.join(w.root, 'srv', 'missing.git')}`);
    w.remote('b', b);
    const sha = w.commit('feature', { 'a.txt': 'a\n' });
    const r = await w.cli(['push', '--json', '--remote', 'a', '--remote', 'broken', '--remote', 'b']);
    assert.equal(r.status, 1, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.ok, false);
    const by = Object.fromEntries(doc.remotes.map((x: { remote: string }) => [x.remote, x]));
    assert.equal(by.a.status, 'pushed');
    assert.equal(by.b.status, 'pushed');
    assert.equal(by.broken.status, 'failed');
    assert.equal(by.broken.classification, 'not-found');
    assert.equal(by.broken.attempts, 1, 'a missing repository is not retried');
    assert.equal(git(a, ['rev-parse', 'main']).stdout.trim(), sha);
    assert.equal(git(b, ['rev-parse', 'main']).stdout.trim(), sha);
    w.assertNothingLost();
  });

  it('defaults to push.remotes from config, else origin', async () => {
    w = new World({ push: { remotes: ['b'] } });
    const a = w.bare('a.git');
    const b = w.bare('b.git');
    w.remote('origin', a);
    w.remote('b', b);
    const sha = w.head();
    const r = await w.cli(['push', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).remotes.map((x: { remote: string }) => x.remote), ['b']);
    assert.equal(git(b, ['rev-parse', 'main']).stdout.trim(), sha);
    assert.equal(git(a, ['rev-parse', '-q', '--verify', 'main'], { allowFailure: true }).status, 1);

    fs.writeFileSync(path.join(w.work, 'config', 'qmoi.json'), '{}\n');
    const r2 = await w.cli(['push', '--json']);
    assert.equal(r2.status, 0, r2.stderr);
    assert.deepEqual(JSON.parse(r2.stdout).remotes.map((x: { remote: string }) => x.remote), ['origin']);
    w.assertNothingLost();
  });

  it('exits 2 for usage errors, outside a repository, without a remote, on a detached HEAD and during a rebase', async () => {
    w = new World();
    assert.equal((await w.cli(['push', '--bogus'])).status, 2);
    assert.equal((await w.cli(['push', 'extra'])).status, 2);
    const help = await w.cli(['push', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--remote NAME/);

    const none = await w.cli(['push', '--json']);
    assert.equal(none.status, 2);
    assert.equal(JSON.parse(none.stdout).error.code, 'no-remote');
    w.remote('origin', w.bare('origin.git'));
    const unknown = await w.cli(['push', '--remote', 'nope']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /no remote named "nope"/);

    const outside = tempDir();
    const r = runCli(outside, ['push']);
    assert.equal(r.status, 2);
    cleanup(outside);

    git(w.work, ['checkout', '-q', '--detach']);
    assert.equal((await w.cli(['push'])).status, 2);
    git(w.work, ['checkout', '-q', 'main']);
    fs.mkdirSync(path.join(w.work, '.git', 'rebase-merge'));
    const during = await w.cli(['push', '--json']);
    assert.equal(during.status, 2);
    assert.equal(JSON.parse(during.stdout).error.code, 'push-in-progress');
    fs.rmSync(path.join(w.work, '.git', 'rebase-merge'), { recursive: true });
    w.assertNothingLost();
  });
});
