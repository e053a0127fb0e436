// Finding the repository inside a hook without starting git: the same answer as `git rev-parse`, or none.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findRepo, repoOfRunningHook } from '../src/git/repo.js';
import { cleanup, git, makeRepo, tempDir } from './helpers/repo.js';

describe('the repository of a running hook', () => {
  const dirs: string[] = [];
  after(() => cleanup(...dirs));
  const hookEnv = { GIT_INDEX_FILE: '.git/index' };

  it('is what git rev-parse says, for the top and for a package folder below it', () => {
    const top = fs.realpathSync(makeRepo());
    dirs.push(top);
    fs.mkdirSync(path.join(top, 'packages', 'app'), { recursive: true });
    for (const cwd of [top, path.join(top, 'packages', 'app'), 'packages/app']) {
      assert.deepEqual(repoOfRunningHook(cwd, hookEnv, top), findRepo(path.resolve(top, cwd)));
    }
    // git names the index of a partial commit (`git commit <file>`) differently: still inside .git.
    assert.deepEqual(repoOfRunningHook(top, { GIT_INDEX_FILE: path.join(top, '.git', 'next-index-123.lock') }, top), findRepo(top));
  });

  it('is left to git outside a hook, with GIT_DIR or GIT_WORK_TREE set, in a linked worktree and in a nested repository', () => {
    const top = fs.realpathSync(makeRepo());
    dirs.push(top);
    assert.equal(repoOfRunningHook(top, {}, top), undefined);
    assert.equal(repoOfRunningHook(top, { ...hookEnv, GIT_DIR: path.join(top, '.git') }, top), undefined);
    assert.equal(repoOfRunningHook(top, { ...hookEnv, GIT_WORK_TREE: top }, top), undefined);

    const wt = path.join(fs.realpathSync(tempDir()), 'wt');
    dirs.push(path.dirname(wt));
    git(top, ['worktree', 'add', '-q', wt]);
    assert.equal(repoOfRunningHook(wt, { GIT_INDEX_FILE: path.join(top, '.git', 'worktrees', 'wt', 'index') }, wt), undefined);
    assert.equal(findRepo(wt)?.isLinkedWorktree, true);

    const nested = path.join(top, 'vendor', 'lib');
    fs.mkdirSync(nested, { recursive: true });
    makeRepo({ dir: nested });
    assert.equal(repoOfRunningHook(nested, hookEnv, top), undefined);
    assert.equal(findRepo(nested)?.top, nested);
  });
});
