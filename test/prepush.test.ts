// pre-push: real `git push` to a local bare remote with the hook calling `qmoi-hooks run pre-push`; only the
// files changed by the commits being pushed are checked, as they are in the pushed commit.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, cleanup, git, tempDir, testEnv, writeFiles } from './helpers/repo.js';
import { stagedRepo } from './helpers/staged.js';

function push(dir: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync('git', ['push', ...args], { cwd: dir, env: testEnv(), encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

function commitAll(dir: string, message: string): void {
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '--no-verify', '-m', message]);
}

describe('pre-push', function () {
  this.timeout(60000);
  const dirs: string[] = [];
  after(() => cleanup(...dirs));

  function pushRepo(): string {
    const dir = stagedRepo();
    const remote = tempDir('qmoi-remote-');
    dirs.push(dir, remote);
    git(remote, ['init', '-q', '--bare', '-b', 'main']);
    git(dir, ['remote', 'add', 'origin', remote]);
    git(dir, ['push', '-q', 'origin', 'main']);
    const hook = path.join(dir, '.git', 'hooks', 'pre-push');
    fs.writeFileSync(hook, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} run pre-push "$@"\n`, { mode: 0o755 });
    return dir;
  }

  it('blocks a push whose commits contain a broken file, saying which and where; lets the fixed push through', () => {
    const dir = pushRepo();
    writeFiles(dir, { 'a.fix': 'fine\n', 'conf.json': '{"a": 1}\n' });
    commitAll(dir, 'good');
    writeFiles(dir, { 'conf.json': '{"a": 1,, "b": 2}\n' });
    commitAll(dir, 'broken');
    const blocked = push(dir, ['origin', 'main']);
    assert.notEqual(blocked.status, 0);
    assert.match(blocked.out, /conf\.json:1:\d+/);
    assert.match(blocked.out, /push blocked/);
    assert.match(blocked.out, /git push --no-verify/);
    assert.doesNotMatch(blocked.out, /a\.fix/);
    assert.equal(git(dir, ['ls-remote', 'origin', 'main']).stdout.split('\t')[0], git(dir, ['rev-parse', 'HEAD~2']).stdout.trim(), 'nothing landed');

    writeFiles(dir, { 'conf.json': '{"a": 1, "b": 2}\n' });
    commitAll(dir, 'fixed');
    const ok = push(dir, ['origin', 'main']);
    assert.equal(ok.status, 0, ok.out);
  });

  it('checks only what the remote does not have yet, as it is in the pushed commit', () => {
    const dir = pushRepo();
    writeFiles(dir, { 'old.fix': 'INVALID already on the remote\n' });
    commitAll(dir, 'old');
    assert.equal(push(dir, ['--no-verify', 'origin', 'main']).status, 0);
    git(dir, ['checkout', '-q', '-b', 'feature']);
    writeFiles(dir, { 'new.fix': 'INVALID for a moment\n' });
    commitAll(dir, 'temp');
    writeFiles(dir, { 'new.fix': 'good again\n', 'other.fix': 'fine\n' });
    commitAll(dir, 'fixed');
    writeFiles(dir, { 'other.fix': 'broken on disk, not committed: INVALID\n' });
    const r = push(dir, ['origin', 'feature']);
    assert.equal(r.status, 0, r.out);
    assert.equal(git(dir, ['ls-remote', 'origin', 'feature']).stdout.split('\t')[0], git(dir, ['rev-parse', 'HEAD']).stdout.trim());
    assert.equal(push(dir, ['origin', '--delete', 'feature']).status, 0, 'a deletion sends no content to check');
  });
});
