// Two pre-commit runs on one index: the second waits for a live first one, takes over a stale lock at once,
// and declines clearly (blocking the commit) when the first one does not finish in time.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cleanup, git, writeFiles } from './helpers/repo.js';
import { commit, lines, show, stagedRepo } from './helpers/staged.js';

/** A process that holds the lock file for `ms` milliseconds (pid and start time as the CLI records them), then removes it. */
function holdLock(lockFile: string, ms: number): Promise<ChildProcess> {
  const script = `
    const fs = require('fs');
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    fs.mkdirSync(require('path').dirname(${JSON.stringify(lockFile)}), { recursive: true });
    fs.writeFileSync(${JSON.stringify(lockFile)}, JSON.stringify({ pid: process.pid, start, since: Date.now() }), { flag: 'wx' });
    console.log('held');
    setTimeout(() => fs.rmSync(${JSON.stringify(lockFile)}), ${ms});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => child.stdout!.once('data', () => resolve(child)));
}

describe('pre-commit: one run at a time', function () {
  this.timeout(60000);
  const dirs: string[] = [];
  after(() => cleanup(...dirs));

  function brokenStaged(): { dir: string; lock: string } {
    const dir = stagedRepo({ 'a.fix': lines() });
    dirs.push(dir);
    writeFiles(dir, { 'a.fix': lines({ 1: 'BROKEN' }) });
    git(dir, ['add', 'a.fix']);
    return { dir, lock: path.join(dir, '.git', 'qmoi', 'staged.lock') };
  }

  it('takes over a lock left by a killed run (its pid is gone) without waiting', () => {
    const { dir, lock } = brokenStaged();
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    fs.writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 12345, start: '1', since: Date.now() }));
    const started = Date.now();
    const r = commit(dir, ['-m', 'c']);
    assert.equal(r.status, 0, r.out);
    assert.ok(Date.now() - started < 4000, 'did not wait for a dead owner');
    assert.equal(show(dir, 'HEAD:a.fix'), lines({ 1: 'FIXED' }));
    assert.equal(fs.existsSync(lock), false, 'released');
  });

  it('takes over a lock whose pid now belongs to another process (different start time)', () => {
    const { dir, lock } = brokenStaged();
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, start: 'not-my-start-time', since: Date.now() }));
    const r = commit(dir, ['-m', 'c']);
    assert.equal(r.status, 0, r.out);
    assert.equal(show(dir, 'HEAD:a.fix'), lines({ 1: 'FIXED' }));
  });

  it('waits for a live run that finishes soon, then proceeds', async () => {
    const { dir, lock } = brokenStaged();
    const holder = await holdLock(lock, 1200);
    const started = Date.now();
    const r = commit(dir, ['-m', 'c']);
    holder.kill();
    assert.equal(r.status, 0, r.out);
    assert.ok(Date.now() - started >= 1000, 'it waited');
    assert.equal(show(dir, 'HEAD:a.fix'), lines({ 1: 'FIXED' }));
  });

  it('declines clearly when a live run holds the lock too long; nothing is changed', async () => {
    const { dir, lock } = brokenStaged();
    const holder = await holdLock(lock, 20000);
    const r = commit(dir, ['-m', 'c']);
    holder.kill();
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, new RegExp(`another qmoi-hooks run \\(pid ${holder.pid}`));
    assert.match(r.out, /--no-verify/);
    assert.equal(show(dir, ':a.fix'), lines({ 1: 'BROKEN' }));
    assert.equal(git(dir, ['rev-list', '--count', 'HEAD']).stdout.trim(), '2');
  });
});
