// Backups: whole or absent, cheap (index versions by blob id), invisible to `git log --all`, pruned by age,
// and the same outside a repository (a folder).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createBackup, listBackups, pruneBackups, pruneBackupsNow, readBackup } from '../src/core/backup.js';
import { findRepo } from '../src/git/repo.js';
import { cleanup, git, makeRepo, runCli, tempDir, writeFiles } from './helpers/repo.js';
import { FIX_PLUGIN, backupRefs, lines } from './helpers/staged.js';

describe('backups', function () {
  this.timeout(60000);
  const dirs: string[] = [];
  after(() => cleanup(...dirs));

  it('keeps index versions by blob id and working-tree bytes, for any file name; reads them back', () => {
    const dir = makeRepo();
    dirs.push(dir);
    const odd = 'sp ace/nëw\nline "q".json';
    writeFiles(dir, { [odd]: '{"staged": true}\n' });
    git(dir, ['add', '--', odd]);
    const sha = git(dir, ['rev-parse', `:${odd}`]).stdout.trim();
    const store = { kind: 'git', repo: findRepo(dir)! } as const;
    const info = createBackup(store, 'test', [
      { path: odd, source: 'index', sha, mode: '100755' },
      { path: odd, source: 'worktree', content: Buffer.from('{"disk": true}\n') },
      { path: 'gone.json', source: 'worktree', content: null },
    ]);
    const tree = git(dir, ['ls-tree', `refs/qmoi/backups/${info.id}`]).stdout;
    assert.match(tree, new RegExp(`^100755 blob ${sha}\\t0\\.index$`, 'm'), 'the index blob is referenced, not stored again');
    const back = readBackup(store, info.id.slice(0, 18));
    assert.equal(back.info.id, info.id, 'an unambiguous id prefix is enough');
    assert.deepEqual(
      back.files.map((f) => [f.path, f.source, f.content?.toString() ?? null]),
      [
        [odd, 'index', '{"staged": true}\n'],
        [odd, 'worktree', '{"disk": true}\n'],
        ['gone.json', 'worktree', null],
      ],
    );
    assert.equal(git(dir, ['log', '--all', '--oneline']).stdout.trim().split('\n').length, 1, 'git log --all shows no backup');
  });

  it('lists newest first, prunes those older than maxAgeDays by their id, and prunes at most once a day', () => {
    const dir = makeRepo();
    dirs.push(dir);
    const store = { kind: 'git', repo: findRepo(dir)! } as const;
    const day = 86400_000;
    const now = Date.now();
    const old = createBackup(store, 'old', [{ path: 'a', source: 'worktree', content: Buffer.from('a') }], { now: new Date(now - 40 * day) });
    const mid = createBackup(store, 'mid', [{ path: 'a', source: 'worktree', content: Buffer.from('b') }], { now: new Date(now - 10 * day) });
    const fresh = createBackup(store, 'new', [{ path: 'a', source: 'worktree', content: Buffer.from('c') }], { now: new Date(now) });
    assert.deepEqual(listBackups(store).map((b) => b.reason), ['new', 'mid', 'old']);
    assert.deepEqual(pruneBackupsNow(store, 30, now), [old.id]);
    assert.deepEqual(backupRefs(dir).sort(), [mid.id, fresh.id].sort());
    assert.deepEqual(pruneBackupsNow(store, 5, now + 1000), [], 'not again within a day');
    assert.deepEqual(pruneBackups(store, 5, now), [mid.id]);
  });

  it('outside a repository: `repair FILE` backs up to a folder, `restore` lists it and puts the file back', () => {
    const dir = tempDir();
    const state = tempDir('qmoi-state-');
    dirs.push(dir, state);
    writeFiles(dir, {
      'package.json': '{"name":"loose"}\n',
      'config/qmoi.json': JSON.stringify({ plugins: ['plugins/fix.mjs'] }),
      'plugins/fix.mjs': FIX_PLUGIN,
      'a.fix': lines({ 3: 'BROKEN' }),
    });
    const env = { XDG_STATE_HOME: state };
    assert.equal(runCli(dir, ['repair', 'a.fix'], { env }).status, 0);
    assert.equal(fs.readFileSync(path.join(dir, 'a.fix'), 'utf8'), lines({ 3: 'FIXED' }));
    const list = runCli(dir, ['restore', '--json'], { env });
    const [b] = JSON.parse(list.stdout).backups;
    assert.equal(b.files[0].path, path.join(dir, 'a.fix'));
    // A backup cut short by a crash is a .partial folder: never listed.
    fs.mkdirSync(path.join(state, 'qmoi-hooks', 'backups', '20200101T000000Z-abcdef.partial'));
    const r = runCli(dir, ['restore', b.id], { env });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'a.fix'), 'utf8'), lines({ 3: 'BROKEN' }));
    assert.match(r.stdout, /qmoi-hooks restore \S+ undoes this/);
    assert.equal(JSON.parse(runCli(dir, ['restore', '--json'], { env }).stdout).backups.length, 2, 'the partial one is not listed; the undo backup is');
    assert.equal(runCli(dir, ['restore', b.id, '--index'], { env }).status, 2, 'no index outside a repository');
  });
});
