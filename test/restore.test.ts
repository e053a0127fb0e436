// `qmoi-hooks restore`: lists backups and puts the staged and working-tree versions of a pre-commit repair back,
// each to where it came from, after backing up the current state so that the restore itself can be undone.
import assert from 'node:assert/strict';
import { cleanup, git, runCli, writeFiles } from './helpers/repo.js';
import { commit, lines, read, show, stagedRepo } from './helpers/staged.js';

describe('restore', function () {
  this.timeout(60000);
  const dirs: string[] = [];
  after(() => cleanup(...dirs));

  /** A repository right after a pre-commit repair that was not committed (the hook ran alone). */
  function repairedRepo(): { dir: string; id: string } {
    const dir = stagedRepo({ 'a.fix': lines(), 'b.fix': lines() });
    dirs.push(dir);
    writeFiles(dir, { 'a.fix': lines({ 2: 'BROKEN' }), 'b.fix': lines({ 4: 'BROKEN' }) });
    git(dir, ['add', '.']);
    writeFiles(dir, { 'a.fix': lines({ 2: 'BROKEN', 8: 'unstaged' }) });
    const r = runCli(dir, ['run', 'pre-commit']);
    assert.equal(r.status, 0, r.stderr);
    const id = /backed up as (\S+)/.exec(r.stdout)![1];
    return { dir, id };
  }

  it('lists backups with id, time, reason and files (and as JSON)', () => {
    const { dir, id } = repairedRepo();
    const text = runCli(dir, ['restore']);
    assert.equal(text.status, 0);
    assert.match(text.stdout, new RegExp(`^${id}  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ  pre-commit repair of a\\.fix, b\\.fix\\n    a\\.fix \\(index, worktree\\)\\n    b\\.fix \\(index, worktree\\)`));
    const json = JSON.parse(runCli(dir, ['restore', '--json']).stdout);
    assert.equal(json.backups[0].id, id);
    assert.equal(json.backups[0].files.length, 4);
  });

  it('puts both versions back by default, and the restore can be undone with the backup it reports', () => {
    const { dir, id } = repairedRepo();
    const r = runCli(dir, ['restore', id, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const result = JSON.parse(r.stdout);
    assert.equal(show(dir, ':a.fix'), lines({ 2: 'BROKEN' }), 'index: the staged original');
    assert.equal(read(dir, 'a.fix'), lines({ 2: 'BROKEN', 8: 'unstaged' }), 'working tree: the original with the unstaged work');
    assert.equal(show(dir, ':b.fix'), lines({ 4: 'BROKEN' }));
    assert.equal(read(dir, 'b.fix'), lines({ 4: 'BROKEN' }));
    const undo = runCli(dir, ['restore', result.undo.id]);
    assert.equal(undo.status, 0, undo.stderr);
    assert.equal(show(dir, ':a.fix'), lines({ 2: 'FIXED' }));
    assert.equal(read(dir, 'a.fix'), lines({ 2: 'FIXED', 8: 'unstaged' }));
  });

  it('--index touches only the index, --worktree only the working tree, FILE limits it to that file', () => {
    const { dir, id } = repairedRepo();
    assert.equal(runCli(dir, ['restore', id, '--index', 'a.fix']).status, 0);
    assert.equal(show(dir, ':a.fix'), lines({ 2: 'BROKEN' }));
    assert.equal(read(dir, 'a.fix'), lines({ 2: 'FIXED', 8: 'unstaged' }), 'working tree untouched');
    assert.equal(show(dir, ':b.fix'), lines({ 4: 'FIXED' }), 'other file untouched');
    assert.equal(runCli(dir, ['restore', id, '--worktree']).status, 0);
    assert.equal(read(dir, 'b.fix'), lines({ 4: 'BROKEN' }));
    assert.equal(show(dir, ':b.fix'), lines({ 4: 'FIXED' }), 'index untouched');
    assert.equal(commit(dir, ['-m', 'after restore']).status, 0, 'and the next commit repairs again');
  });

  it('says what is wrong with an unknown id or conflicting flags', () => {
    const { dir, id } = repairedRepo();
    const unknown = runCli(dir, ['restore', 'nope']);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /no backup with id nope/);
    assert.match(unknown.stderr, /qmoi-hooks restore lists the backups/);
    assert.equal(runCli(dir, ['restore', id, '--index', '--worktree']).status, 2);
    const none = runCli(dir, ['restore', id, 'not-in-it.fix']);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /it holds: a\.fix, b\.fix/);
  });
});
