// The pre-commit pipeline in real repositories with real `git commit`s: what is staged is repaired (not what is
// on disk), unstaged work survives, and every edge case of the index behaves.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cleanup, git, runCli, writeFiles } from './helpers/repo.js';
import { backupRefs, commit, lines, read, show, stagedRepo } from './helpers/staged.js';

const validateStaged = (dir: string) => runCli(dir, ['validate', '--staged']);

describe('pre-commit: repairs the staged version', function () {
  this.timeout(60000);
  const dirs: string[] = [];
  const repo = (files: Record<string, string | Buffer> = {}) => {
    const d = stagedRepo(files);
    dirs.push(d);
    return d;
  };
  after(() => cleanup(...dirs));

  it('commits the repaired staged text, keeps unstaged work, merges the fix into it, and backs up both originals', () => {
    const dir = repo({ 'a.fix': lines() });
    writeFiles(dir, { 'a.fix': lines({ 2: 'BROKEN' }) });
    git(dir, ['add', 'a.fix']);
    writeFiles(dir, { 'a.fix': lines({ 2: 'BROKEN', 9: 'unstaged work' }) });
    const r = commit(dir, ['-m', 'c']);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /repaired a\.fix/);
    assert.match(r.out, /a\.fix:2:1 BROKEN -> FIXED/);
    assert.match(r.out, /unstaged changes .* kept and the fix was merged/);
    assert.equal(show(dir, 'HEAD:a.fix'), lines({ 2: 'FIXED' }), 'the commit has the staged version, repaired, without the unstaged line');
    assert.equal(read(dir, 'a.fix'), lines({ 2: 'FIXED', 9: 'unstaged work' }), 'the working tree keeps the unstaged line and has the fix');
    assert.equal(git(dir, ['diff', '--cached', '--name-only']).stdout, '', 'nothing left staged');
    assert.equal(git(dir, ['stash', 'list']).stdout, '', 'nothing was stashed');

    const list = JSON.parse(runCli(dir, ['restore', '--json']).stdout);
    assert.equal(list.backups.length, 1);
    assert.deepEqual(
      list.backups[0].files.map((f: { path: string; source: string }) => `${f.source}:${f.path}`),
      ['index:a.fix', 'worktree:a.fix'],
    );
    assert.match(list.backups[0].reason, /pre-commit repair of a\.fix/);
  });

  it('leaves the working-tree copy alone when unstaged changes overlap the fix, and says what to do', () => {
    const dir = repo({ 'a.fix': lines() });
    writeFiles(dir, { 'a.fix': lines({ 2: 'BROKEN' }) });
    git(dir, ['add', 'a.fix']);
    writeFiles(dir, { 'a.fix': lines({ 2: 'BROKEN and more unstaged' }) });
    const r = commit(dir, ['-m', 'c']);
    assert.equal(r.status, 0, r.out);
    assert.equal(show(dir, 'HEAD:a.fix'), lines({ 2: 'FIXED' }));
    assert.equal(read(dir, 'a.fix'), lines({ 2: 'BROKEN and more unstaged' }), 'unstaged work untouched');
    assert.match(r.out, /working-tree copy was left as it was/);
    assert.match(r.out, /git diff -- a\.fix/);
  });

  it('blocks an unrepairable file with file:line:column, the problem, a suggestion and how to bypass; changes nothing', () => {
    const dir = repo({ 'a.fix': lines() });
    writeFiles(dir, { 'a.fix': lines({ 3: 'ok INVALID' }), 'b.json': '{"a": 1,\n  "b": \n}\n' });
    git(dir, ['add', '.']);
    const r = commit(dir, ['-m', 'c']);
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /a\.fix:3:4: INVALID is not allowed|cannot repair a\.fix:3:4: INVALID is not allowed/);
    assert.match(r.out, /suggestion: delete the word INVALID/);
    assert.match(r.out, /b\.json:\d+:\d+/);
    assert.match(r.out, /git commit --no-verify/);
    assert.match(r.out, /QMOI_HOOKS=0/);
    assert.equal(git(dir, ['rev-list', '--count', 'HEAD']).stdout.trim(), '2', 'no commit');
    assert.equal(show(dir, ':a.fix'), lines({ 3: 'ok INVALID' }), 'index unchanged');
    assert.deepEqual(backupRefs(dir), [], 'nothing changed, nothing backed up');
    assert.equal(commit(dir, ['-m', 'c'], { QMOI_HOOKS: '0' }).status, 0, 'QMOI_HOOKS=0 bypasses');
  });

  it('handles renames, deletions, binary files, symlinks, submodules and intent-to-add files', () => {
    const dir = repo({ 'old.fix': lines(), 'gone.fix': lines() });
    const sub = repo({ 'inner.txt': 'x\n' });
    git(dir, ['mv', 'old.fix', 'new.fix']);
    writeFiles(dir, { 'new.fix': lines({ 4: 'BROKEN' }), 'bin.fix': Buffer.from([0x42, 0x52, 0x4f, 0x4b, 0x45, 0x4e, 0, 1, 2]) });
    git(dir, ['rm', '-q', 'gone.fix']);
    fs.symlinkSync('target-BROKEN.fix', path.join(dir, 'link.fix'));
    git(dir, ['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub, 'sub.fix']);
    writeFiles(dir, { 'later.fix': 'BROKEN\n' });
    git(dir, ['add', 'new.fix', 'bin.fix', 'link.fix']);
    git(dir, ['add', '-N', 'later.fix']);
    const r = commit(dir, ['-m', 'c']);
    assert.equal(r.status, 0, r.out);
    assert.equal(show(dir, 'HEAD:new.fix'), lines({ 4: 'FIXED' }), 'the renamed file is repaired under its new name');
    assert.equal(show(dir, 'HEAD:gone.fix'), undefined, 'the deletion is committed');
    assert.equal(git(dir, ['cat-file', '-p', 'HEAD:link.fix']).stdout, 'target-BROKEN.fix', 'a symlink target is not text to repair');
    assert.equal(git(dir, ['ls-tree', 'HEAD', 'sub.fix']).stdout.split(' ')[0], '160000', 'the submodule is committed as is');
    assert.equal(git(dir, ['cat-file', '-p', 'HEAD:bin.fix']).stdout.slice(0, 6), 'BROKEN', 'binary content is not repaired');
    assert.equal(show(dir, 'HEAD:later.fix'), undefined, 'an intent-to-add file is not committed');
    assert.equal(read(dir, 'later.fix'), 'BROKEN\n', 'and not touched');
  });

  it('keeps CRLF line endings, and names with spaces, newlines, unicode and a leading dash', () => {
    const names = ['with space.fix', 'new\nline.fix', 'ünï😀.fix', '-dash.fix'];
    const dir = repo();
    writeFiles(dir, Object.fromEntries(names.map((n) => [n, lines({ 5: 'BROKEN' })])));
    writeFiles(dir, { 'crlf.fix': lines({ 1: 'BROKEN' }, '\r\n') });
    git(dir, ['add', '--', ...names, 'crlf.fix']);
    writeFiles(dir, { '-dash.fix': lines({ 5: 'BROKEN', 10: 'unstaged' }) });
    const r = commit(dir, ['-m', 'c']);
    assert.equal(r.status, 0, r.out);
    for (const n of names) assert.equal(show(dir, `HEAD:${n}`), lines({ 5: 'FIXED' }), n);
    assert.equal(read(dir, '-dash.fix'), lines({ 5: 'FIXED', 10: 'unstaged' }));
    assert.equal(read(dir, 'new\nline.fix'), lines({ 5: 'FIXED' }));
    assert.equal(show(dir, 'HEAD:crlf.fix'), lines({ 1: 'FIXED' }, '\r\n'));
    assert.equal(read(dir, 'crlf.fix'), lines({ 1: 'FIXED' }, '\r\n'));
  });

  it('checks but does not repair a file over 2 MB, within a time bound', () => {
    const dir = repo();
    const big = 'x'.repeat(100) + '\n';
    writeFiles(dir, { 'big.fix': big.repeat(22000) + 'BROKEN\n', 'big-ok.fix': big.repeat(22000) });
    git(dir, ['add', '.']);
    const started = Date.now();
    const r = commit(dir, ['-m', 'c']);
    assert.ok(Date.now() - started < 20000, 'bounded');
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /big\.fix:22001:1.*(not repaired|checked, not repaired)/);
    assert.doesNotMatch(r.out, /big-ok\.fix/);
    assert.equal(git(dir, ['cat-file', '-s', ':big.fix']).stdout.trim(), String(101 * 22000 + 7), 'left as it was');
  });

  it('blocks a commit that the repair makes empty (git would record an empty commit), with a message', () => {
    const dir = repo({ 'a.fix': lines({ 2: 'FIXED' }) });
    writeFiles(dir, { 'a.fix': lines({ 2: 'BROKEN' }) });
    git(dir, ['add', 'a.fix']);
    const r = commit(dir, ['-m', 'c']);
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /identical to the last commit/);
    assert.equal(git(dir, ['rev-list', '--count', 'HEAD']).stdout.trim(), '2', 'no empty commit');
    assert.equal(read(dir, 'a.fix'), lines({ 2: 'FIXED' }));
  });

  it('updates the right index for `git commit -a` and `git commit <path>` (temporary index files)', () => {
    const dir = repo({ 'a.fix': lines(), 'b.fix': lines(), 'c.fix': lines() });
    writeFiles(dir, { 'a.fix': lines({ 1: 'BROKEN' }) });
    const all = commit(dir, ['-a', '-m', 'all']);
    assert.equal(all.status, 0, all.out);
    assert.equal(show(dir, 'HEAD:a.fix'), lines({ 1: 'FIXED' }));
    assert.equal(git(dir, ['status', '--porcelain']).stdout, '', 'index, HEAD and working tree agree after commit -a');

    writeFiles(dir, { 'b.fix': lines({ 2: 'BROKEN' }), 'c.fix': lines({ 3: 'staged, not committed' }) });
    git(dir, ['add', 'c.fix']);
    const only = commit(dir, ['-m', 'only b', '--', 'b.fix']);
    assert.equal(only.status, 0, only.out);
    assert.equal(show(dir, 'HEAD:b.fix'), lines({ 2: 'FIXED' }));
    assert.equal(show(dir, 'HEAD:c.fix'), lines(), 'c.fix was not part of the commit');
    assert.equal(show(dir, ':b.fix'), lines({ 2: 'FIXED' }), 'the index the user keeps has the repair too');
    assert.equal(git(dir, ['status', '--porcelain']).stdout, 'M  c.fix\n', 'c.fix is still staged; b.fix is clean');
  });

  it('in a merge, repairs the user\'s resolutions but not files taken unchanged from the merged branch; and in a cherry-pick', () => {
    const dir = repo({ 'conflict.fix': lines() });
    git(dir, ['checkout', '-q', '-b', 'other']);
    writeFiles(dir, { 'conflict.fix': lines({ 1: 'other side' }), 'theirs.fix': 'BROKEN upstream\n' });
    git(dir, ['add', '.']);
    git(dir, ['commit', '-q', '--no-verify', '-m', 'other']);
    git(dir, ['checkout', '-q', 'main']);
    writeFiles(dir, { 'conflict.fix': lines({ 1: 'our side' }) });
    assert.equal(commit(dir, ['-qam', 'ours']).status, 0);
    git(dir, ['merge', '-q', 'other'], { allowFailure: true });
    writeFiles(dir, { 'conflict.fix': lines({ 1: 'resolved BROKEN' }) });
    git(dir, ['add', 'conflict.fix']);
    const r = commit(dir, ['--no-edit']);
    assert.equal(r.status, 0, r.out);
    assert.equal(git(dir, ['rev-list', '--count', '--merges', 'HEAD']).stdout.trim(), '1');
    assert.equal(show(dir, 'HEAD:conflict.fix'), lines({ 1: 'resolved FIXED' }));
    assert.equal(show(dir, 'HEAD:theirs.fix'), 'BROKEN upstream\n', 'not the merge author\'s change');

    git(dir, ['checkout', '-q', '-b', 'pick', 'HEAD~1']);
    git(dir, ['cherry-pick', 'other'], { allowFailure: true });
    writeFiles(dir, { 'conflict.fix': lines({ 1: 'picked BROKEN' }) });
    git(dir, ['add', 'conflict.fix', 'theirs.fix']);
    const p = commit(dir, ['--no-edit']);
    assert.equal(p.status, 0, p.out);
    assert.equal(show(dir, 'HEAD:conflict.fix'), lines({ 1: 'picked FIXED' }));
    assert.equal(show(dir, 'HEAD:theirs.fix'), 'FIXED upstream\n', 'a cherry-pick commits these changes anew: all are checked');
  });

  it('takes the fix into the commit only when the file is deleted in the working tree', () => {
    const dir = repo({ 'a.fix': lines() });
    writeFiles(dir, { 'a.fix': lines({ 6: 'BROKEN' }) });
    git(dir, ['add', 'a.fix']);
    fs.rmSync(path.join(dir, 'a.fix'));
    const r = commit(dir, ['-m', 'c']);
    assert.equal(r.status, 0, r.out);
    assert.equal(show(dir, 'HEAD:a.fix'), lines({ 6: 'FIXED' }));
    assert.equal(read(dir, 'a.fix'), undefined, 'still deleted');
    assert.match(r.out, /deleted .* in the working tree/);
  });

  it('repair --staged --dry-run shows the diff and writes nothing; repair --staged --json says what the working tree took', () => {
    const dir = repo({ 'a.fix': lines() });
    writeFiles(dir, { 'a.fix': lines({ 2: 'BROKEN' }) });
    git(dir, ['add', 'a.fix']);
    writeFiles(dir, { 'a.fix': lines({ 2: 'BROKEN', 9: 'unstaged' }) });
    const dry = runCli(dir, ['repair', '--staged', '--dry-run']);
    assert.equal(dry.status, 1, 'something would change');
    assert.match(dry.stdout, /^-BROKEN$/m);
    assert.match(dry.stdout, /^\+FIXED$/m);
    assert.equal(show(dir, ':a.fix'), lines({ 2: 'BROKEN' }));
    assert.equal(validateStaged(dir).status, 1);
    const r = runCli(dir, ['repair', '--staged', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.files[0].worktree, 'merged');
    assert.equal(report.files[0].status, 'repaired');
    assert.equal(show(dir, ':a.fix'), lines({ 2: 'FIXED' }));
    assert.equal(validateStaged(dir).status, 0);
  });

  it('does nothing when no staged file is one it understands: no output, no backup', () => {
    const dir = repo();
    writeFiles(dir, { 'notes.txt': 'BROKEN\n' });
    git(dir, ['add', 'notes.txt']);
    const r = commit(dir, ['-m', 'c']);
    assert.equal(r.status, 0, r.out);
    assert.equal(r.out.includes('qmoi'), false, r.out);
    assert.deepEqual(backupRefs(dir), []);
    assert.equal(show(dir, 'HEAD:notes.txt'), 'BROKEN\n');
  });
});
