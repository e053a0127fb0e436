// install / uninstall with the packed tarball, in real repositories, with real commits.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { installedCli, linkNodeModules, packTarball } from './helpers/packed.js';
import { cleanup, git, makeRepo, tempDir, testEnv, writeFiles } from './helpers/repo.js';

const BROKEN_JS = 'function f(a, b) {\n  return a + b +;\n}\n';

function qmoi(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [installedCli(), ...args], { cwd, env: testEnv(env), encoding: 'utf8' });
}

function commit(cwd: string, message: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync('git', ['commit', '-m', message], { cwd, env: testEnv(env), encoding: 'utf8' });
}

/** A repo whose package folder (root or `sub`) has qmoi-hooks in node_modules. */
function projectRepo(sub = ''): { top: string; pkg: string } {
  const top = makeRepo({ packageJson: sub ? false : undefined });
  const pkg = path.join(top, sub);
  if (sub) {
    writeFiles(top, { [`${sub}/package.json`]: JSON.stringify({ name: 'app', version: '1.0.0', private: true }, null, 2) + '\n' });
    git(top, ['add', '.']);
    git(top, ['commit', '-q', '-m', 'initial']);
  }
  writeFiles(top, { '.gitignore': 'node_modules\n' });
  linkNodeModules(pkg);
  git(top, ['add', '.gitignore']);
  git(top, ['commit', '-q', '-m', 'ignore node_modules']);
  return { top, pkg };
}

/** A PATH folder with the tools git hooks use, but no node (like a GUI client's PATH under nvm). */
function pathWithoutNode(): string {
  const dir = tempDir('qmoi-path-');
  for (const tool of ['sh', 'git', 'dirname', 'basename', 'cat', 'grep', 'mktemp', 'rm', 'env', 'sed']) {
    const found = ['/usr/bin', '/bin'].map((d) => path.join(d, tool)).find((p) => fs.existsSync(p));
    if (found) fs.symlinkSync(found, path.join(dir, tool));
  }
  return dir;
}

function snapshot(dir: string, files: string[]): Record<string, string | null> {
  return Object.fromEntries(files.map((f) => [f, fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8') : null]));
}

describe('install (packed tarball, real commits)', function () {
  this.timeout(180000);
  const dirs: string[] = [];
  after(() => cleanup(...dirs));

  /** A fresh project with qmoi-hooks installed and `file` staged with a syntax error it cannot repair. */
  function installedWithBrokenStaged(file: string): string {
    const { top } = projectRepo();
    dirs.push(top);
    assert.equal(qmoi(top, ['install']).status, 0);
    writeFiles(top, { [file]: BROKEN_JS });
    git(top, ['add', file]);
    return top;
  }

  it('installs hooks that block an unrepairable commit with file, line and column, and let a good one through', () => {
    const { top } = projectRepo();
    dirs.push(top);
    const r = qmoi(top, ['install']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(git(top, ['config', 'core.hooksPath']).stdout.trim(), /\.husky\/_$/);
    const pkg = JSON.parse(fs.readFileSync(path.join(top, 'package.json'), 'utf8'));
    assert.deepEqual(Object.keys(pkg.scripts).sort(), ['prepare', 'qmoi-auto-push', 'qmoi-error-recovery', 'qmoi-setup']);
    assert.ok(fs.existsSync(path.join(top, 'config/qmoi.json')));
    assert.ok(fs.existsSync(path.join(top, 'config/notification.json')));
    assert.equal(git(top, ['status', '--porcelain', '--', 'logs']).stdout, '', 'logs/ is git-ignored');

    writeFiles(top, { 'src/bad.js': BROKEN_JS });
    git(top, ['add', 'src/bad.js']);
    const blocked = commit(top, 'broken');
    assert.equal(blocked.status, 1);
    assert.match(blocked.stdout + blocked.stderr, /src\/bad\.js:2:\d+/);
    assert.match(blocked.stderr, /--no-verify/);
    assert.equal(git(top, ['rev-list', '--count', 'HEAD']).stdout.trim(), '2', 'no commit was made');

    writeFiles(top, { 'src/bad.js': 'function f(a, b) {\n  return a + b;\n}\n' });
    git(top, ['add', '-A']);
    const ok = commit(top, 'good');
    assert.equal(ok.status, 0, ok.stderr);
  });

  it('is idempotent: a second install changes nothing', () => {
    const { top } = projectRepo();
    dirs.push(top);
    assert.equal(qmoi(top, ['install']).status, 0);
    const files = ['package.json', '.husky/pre-commit', '.husky/post-commit', '.husky/pre-push', '.husky/_/qmoi-hook', 'config/qmoi.json', 'config/notification.json'];
    const before = snapshot(top, files);
    const config = git(top, ['config', '--local', '--list']).stdout;
    const again = qmoi(top, ['install', '--json']);
    assert.equal(again.status, 0);
    assert.deepEqual(snapshot(top, files), before);
    assert.equal(git(top, ['config', '--local', '--list']).stdout, config);
    const report = JSON.parse(again.stdout);
    assert.ok(report.actions.every((a: { detail: string }) => /unchanged|kept|node /.test(a.detail)), JSON.stringify(report.actions));
  });

  it('keeps the user\'s existing hooks running: .git/hooks and husky hook files', () => {
    const { top } = projectRepo();
    dirs.push(top);
    fs.writeFileSync(path.join(top, '.git/hooks/pre-commit'), '#!/bin/sh\necho legacy >> legacy-ran.txt\n', { mode: 0o755 });
    writeFiles(top, { '.husky/pre-commit': 'echo husky-user >> husky-ran.txt\n' });
    assert.equal(qmoi(top, ['install']).status, 0);
    writeFiles(top, { 'a.json': '{"a": 1}\n' });
    git(top, ['add', 'a.json', '.husky/pre-commit']);
    const r = commit(top, 'chained');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(fs.readFileSync(path.join(top, 'legacy-ran.txt'), 'utf8'), 'legacy\n');
    assert.equal(fs.readFileSync(path.join(top, 'husky-ran.txt'), 'utf8'), 'husky-user\n');
  });

  it('pushes before `git commit` returns when config/qmoi.json says push.mode "foreground"', () => {
    const { top } = projectRepo();
    dirs.push(top);
    const remote = tempDir('qmoi-remote-');
    dirs.push(remote);
    git(remote, ['init', '-q', '--bare', '-b', 'main']);
    git(top, ['remote', 'add', 'origin', remote]);
    assert.equal(qmoi(top, ['install']).status, 0);
    const cfgFile = path.join(top, 'config/qmoi.json');
    const cfg = JSON.parse(fs.readFileSync(cfgFile, 'utf8'));
    fs.writeFileSync(cfgFile, JSON.stringify({ ...cfg, push: { ...cfg.push, mode: 'foreground' } }, null, 2) + '\n');
    git(top, ['add', '-A']);
    const r = commit(top, 'pushed in the foreground');
    assert.equal(r.status, 0, r.stderr);
    // No waiting: the foreground push ran inside the post-commit hook that git waited for.
    assert.equal(git(remote, ['rev-parse', 'main']).stdout.trim(), git(top, ['rev-parse', 'HEAD']).stdout.trim());
  });

  it('runs our hook lines when the hook file is started from inside .husky (no folder in $0)', () => {
    const top = installedWithBrokenStaged('src/bad.js');
    const r = spawnSync('sh', ['pre-commit'], { cwd: path.join(top, '.husky'), env: testEnv(), encoding: 'utf8' });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /src\/bad\.js:2:\d+/);
  });

  it('works when package.json is in a sub-folder (monorepo), committing from the repository root', () => {
    const { top, pkg } = projectRepo('packages/app');
    dirs.push(top);
    const r = qmoi(pkg, ['install']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(fs.existsSync(path.join(pkg, '.husky/pre-commit')));
    assert.ok(fs.existsSync(path.join(pkg, 'config/qmoi.json')));
    writeFiles(top, { 'packages/app/src/bad.js': BROKEN_JS });
    git(top, ['add', '.']);
    const blocked = commit(top, 'broken');
    assert.equal(blocked.status, 1, blocked.stdout + blocked.stderr);
    assert.match(blocked.stdout + blocked.stderr, /packages\/app\/src\/bad\.js:2/);
    assert.match(fs.readFileSync(path.join(pkg, 'logs/qmoi.log'), 'utf8'), /"hook":"pre-commit"/);
  });

  it('runs the hooks in a fresh `git worktree` checkout', () => {
    const { top } = projectRepo();
    dirs.push(top);
    assert.equal(qmoi(top, ['install']).status, 0);
    git(top, ['add', '-A']);
    assert.equal(commit(top, 'install qmoi-hooks').status, 0);
    const wt = path.join(tempDir(), 'wt');
    dirs.push(path.dirname(wt));
    git(top, ['worktree', 'add', '-q', wt, '-b', 'feature']);
    writeFiles(wt, { 'bad.js': BROKEN_JS });
    git(wt, ['add', 'bad.js']);
    const blocked = commit(wt, 'broken in worktree');
    assert.equal(blocked.status, 1, 'the pre-commit hook ran in the worktree');
    assert.match(blocked.stdout + blocked.stderr, /bad\.js:2/);
  });

  it('finds node when the commit comes from a shell whose PATH lacks it, and says what to do when it cannot', () => {
    const top = installedWithBrokenStaged('bad.js');
    const noNodePath = pathWithoutNode();
    dirs.push(noNodePath);
    const viaRecorded = spawnSync('git', ['commit', '-m', 'gui'], { cwd: top, env: testEnv({ PATH: noNodePath }), encoding: 'utf8' });
    assert.equal(viaRecorded.status, 1, 'the recorded node ran the hook: ' + viaRecorded.stderr);

    const runner = path.join(top, '.husky/_/qmoi-hook');
    fs.writeFileSync(runner, fs.readFileSync(runner, 'utf8').replace(/^node=.*$/m, "node='/nonexistent/node'"));
    const none = spawnSync('git', ['commit', '-m', 'no node anywhere'], { cwd: top, env: testEnv({ PATH: noNodePath }), encoding: 'utf8' });
    assert.equal(none.status, 0, 'our own problem never blocks a commit');
    assert.match(none.stderr, /node is not at .*\/nonexistent\/node.* and not on PATH/);
    assert.match(none.stderr, /npx qmoi-hooks install/);
  });

  it('QMOI_HOOKS=0 skips every hook', () => {
    const top = installedWithBrokenStaged('bad.js');
    assert.equal(commit(top, 'skip', { QMOI_HOOKS: '0' }).status, 0);
  });

  it('exits 2 with a clear message outside a repository or without package.json', () => {
    const plain = tempDir();
    dirs.push(plain);
    fs.writeFileSync(path.join(plain, 'package.json'), '{}');
    const outside = qmoi(plain, ['install']);
    assert.equal(outside.status, 2);
    assert.match(outside.stderr, /not inside a git repository/);
    const noPkg = makeRepo({ packageJson: false });
    dirs.push(noPkg);
    const r = qmoi(noPkg, ['install']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no package\.json/);
  });

  it('a fresh clone gets the hooks from `npm install` (the prepare script)', () => {
    const { top } = projectRepo();
    dirs.push(top);
    fs.rmSync(path.join(top, 'node_modules'));
    const pkgFile = path.join(top, 'package.json');
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
    pkg.devDependencies = { 'qmoi-hooks': `file:${packTarball()}` };
    fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
    linkNodeModules(top);
    assert.equal(qmoi(top, ['install']).status, 0);
    fs.rmSync(path.join(top, 'node_modules'));
    git(top, ['add', '-A']);
    assert.equal(commit(top, 'add qmoi-hooks').status, 0);

    const clone = path.join(tempDir(), 'clone');
    dirs.push(path.dirname(clone));
    git(path.dirname(clone), ['clone', '-q', top, clone]);
    assert.equal(git(clone, ['config', '--get', 'core.hooksPath'], { allowFailure: true }).stdout, '', 'a clone starts without hooks');
    const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: clone, env: testEnv(), encoding: 'utf8' });
    assert.equal(npm.status, 0, npm.stderr);
    assert.match(git(clone, ['config', 'core.hooksPath']).stdout, /\.husky\/_/);
    writeFiles(clone, { 'bad.js': BROKEN_JS });
    git(clone, ['add', 'bad.js']);
    assert.equal(commit(clone, 'broken').status, 1, 'the hooks run in the clone');

    // In a pipeline (CI set), `npm ci` installs no hooks, like husky, and says so.
    const ciClone = path.join(path.dirname(clone), 'ci-clone');
    git(path.dirname(clone), ['clone', '-q', top, ciClone]);
    const ci = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--foreground-scripts'], { cwd: ciClone, env: testEnv({ CI: 'true' }), encoding: 'utf8' });
    assert.equal(ci.status, 0, ci.stderr);
    assert.match(ci.stdout + ci.stderr, /CI detected/);
    assert.equal(git(ciClone, ['config', '--get', 'core.hooksPath'], { allowFailure: true }).stdout, '');
  });

  it('uninstall removes exactly what install added', () => {
    const { top } = projectRepo();
    dirs.push(top);
    writeFiles(top, { '.husky/pre-commit': 'echo mine\n' });
    const files = ['package.json', '.husky/pre-commit', '.husky/post-commit', 'config/qmoi.json'];
    const before = snapshot(top, files);
    const configBefore = git(top, ['config', '--local', '--list']).stdout;
    assert.equal(qmoi(top, ['install']).status, 0);
    const r = qmoi(top, ['uninstall']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(snapshot(top, files), before);
    assert.equal(git(top, ['config', '--local', '--list']).stdout, configBefore);
    assert.ok(!fs.existsSync(path.join(top, '.husky/_/qmoi-hook')));
    assert.ok(!fs.existsSync(path.join(top, 'config')));
  });
});
