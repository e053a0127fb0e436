// `qmoi-hooks doctor`: each check, the fixes, idempotence, tokens for remotes, identity, and exit codes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BROKEN_JS, checksByName, commitFiles, gitState, installedRepo, qmoi, snapshot } from './helpers/installed-repo.js';
import { linkNodeModules } from './helpers/packed.js';
import { cleanup, git, makeRepo, tempDir, writeFiles } from './helpers/repo.js';

describe('doctor', function () {
  this.timeout(120000);
  const dirs: string[] = [];
  after(() => cleanup(...dirs));

  it('reports one line per check and exits 0 on a healthy install', () => {
    const top = installedRepo();
    dirs.push(top);
    const r = qmoi(top, ['doctor']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[lines.length - 1], /all \d+ checks pass/);
    for (const name of ['package.json', 'config/qmoi.json', 'config/notification.json', 'node_modules/qmoi-hooks', 'core.hooksPath', 'husky', 'hook pre-commit', 'hook post-commit', 'hook pre-push', 'hook runner', 'node', 'npm scripts', 'logs', 'git identity', 'remotes']) {
      assert.ok(lines.some((l) => l.startsWith('ok') && l.includes(` ${name}: `)), `${name} in:\n${r.stdout}`);
    }
  });

  it('finds each broken piece, --fix repairs all of them, and a second --fix changes nothing', () => {
    const top = installedRepo();
    dirs.push(top);
    const pkgFile = path.join(top, 'package.json');
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
    delete pkg.scripts['qmoi-auto-push'];
    pkg.scripts.prepare = 'echo mine';
    fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
    git(top, ['config', 'core.hooksPath', '.git/hooks']);
    fs.rmSync(path.join(top, 'logs'), { recursive: true });
    fs.rmSync(path.join(top, 'config/notification.json'));
    const runner = path.join(top, '.husky/_/qmoi-hook');
    fs.writeFileSync(runner, fs.readFileSync(runner, 'utf8').replace(/^node=.*$/m, "node='/gone/bin/node'"));
    fs.writeFileSync(path.join(top, '.husky/pre-push'), '#!/bin/sh\necho my own pre-push\n');

    const r = qmoi(top, ['doctor', '--json']);
    assert.equal(r.status, 1);
    const found = checksByName(r.stdout);
    const broken = Object.values(found).filter((c) => !c.ok);
    assert.deepEqual(Object.keys(found).filter((n) => !found[n].ok).sort(), ['config/notification.json', 'core.hooksPath', 'hook pre-push', 'logs', 'node', 'npm scripts']);
    assert.ok(broken.every((c) => c.fix), 'every problem says how to fix it');
    assert.match(found['npm scripts'].detail, /missing qmoi-auto-push; "prepare" does not run "qmoi-hooks install"/);
    assert.match(found['node'].detail, /\/gone\/bin\/node/);

    // doctor itself logs, which recreates the logs folder: remove it again for --fix to find.
    fs.rmSync(path.join(top, 'logs'), { recursive: true });
    const fix = qmoi(top, ['doctor', '--fix']);
    assert.equal(fix.status, 0, fix.stdout + fix.stderr);
    assert.equal(fix.stdout.split('\n').filter((l) => l.startsWith('fixed')).length, 6, fix.stdout);
    assert.equal(fix.stdout.split('\n').filter((l) => l.includes('chained before your commands')).length, 1, 'what a shared fix did is told once');
    assert.equal(git(top, ['config', 'core.hooksPath']).stdout.trim(), path.join(top, '.husky/_'));
    const after = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
    assert.equal(after.scripts['qmoi-auto-push'], 'qmoi-hooks push');
    assert.equal(after.scripts.prepare, 'echo mine && (qmoi-hooks install || exit 0)', 'the user\'s prepare is kept');
    assert.match(fs.readFileSync(path.join(top, '.husky/pre-push'), 'utf8'), /qmoi-hooks: added by[\s\S]*echo my own pre-push/);
    assert.ok(fs.existsSync(path.join(top, 'logs/.gitignore')));
    assert.match(fs.readFileSync(runner, 'utf8'), new RegExp(`^node='${process.execPath}'$`, 'm'));

    const files = snapshot(top);
    const state = gitState(top);
    const again = qmoi(top, ['doctor', '--fix']);
    assert.equal(again.status, 0);
    assert.doesNotMatch(again.stdout, /^fixed/m);
    assert.deepEqual(snapshot(top), files);
    assert.deepEqual(gitState(top), state);

    const blocked = commitFiles(top, { 'bad.js': BROKEN_JS });
    assert.equal(blocked.status, 1, 'the hooks run again');
  });

  it('leaves what only the user can fix to the user, and says how', () => {
    const top = installedRepo();
    dirs.push(top);
    fs.rmSync(path.join(top, 'logs'), { recursive: true });
    fs.writeFileSync(path.join(top, 'logs'), 'not a folder\n');
    git(top, ['config', '--unset', 'user.name']);
    git(top, ['config', '--unset', 'user.email']);
    const noIdentity = { GIT_AUTHOR_NAME: undefined, GIT_AUTHOR_EMAIL: undefined, GIT_COMMITTER_NAME: undefined, GIT_COMMITTER_EMAIL: undefined, EMAIL: undefined };
    const r = qmoi(top, ['doctor', '--fix', '--json'], noIdentity);
    assert.equal(r.status, 1);
    const c = checksByName(r.stdout);
    assert.equal(c['logs'].ok, false);
    assert.match(c['logs'].fix!, /move logs out of the way/);
    assert.equal(fs.readFileSync(path.join(top, 'logs'), 'utf8'), 'not a folder\n', 'not ours: untouched');
    assert.equal(c['git identity'].ok, false);
    assert.match(c['git identity'].fix!, /git config --global user\.name/);
  });

  it('waits for package.json before adding scripts or installing dependencies, and says so', () => {
    const top = installedRepo();
    dirs.push(top);
    fs.rmSync(path.join(top, 'node_modules'));
    const pkgFile = path.join(top, 'package.json');
    const conflicted = fs.readFileSync(pkgFile, 'utf8').replace(/^(\s*"version")/m, '<<<<<<< HEAD\n$1');
    fs.writeFileSync(pkgFile, conflicted);
    const r = qmoi(top, ['doctor', '--fix', '--json']);
    assert.equal(r.status, 1);
    const c = checksByName(r.stdout);
    assert.deepEqual(c['node_modules/qmoi-hooks'].did, ['not installed: package.json must be repaired first']);
    assert.deepEqual(c['npm scripts'].did, ['not added: package.json must be repaired first']);
    assert.equal(fs.readFileSync(pkgFile, 'utf8'), conflicted);
    assert.ok(!fs.existsSync(path.join(top, 'package-lock.json')), 'npm never ran');
  });

  it('checks a token for each remote push uses: https on GitLab or GitHub; a credential helper makes it a warning', () => {
    const top = installedRepo();
    dirs.push(top);
    const setPushRemotes = (remotes: string[]) => {
      const file = path.join(top, 'config/qmoi.json');
      const config = JSON.parse(fs.readFileSync(file, 'utf8'));
      config.push.remotes = remotes;
      fs.writeFileSync(file, JSON.stringify(config, null, 2) + '\n');
    };
    git(top, ['remote', 'add', 'origin', 'https://gitlab.com/team/app.git']);
    git(top, ['remote', 'add', 'hub', 'https://github.com/team/app.git']);
    git(top, ['remote', 'add', 'mirror', 'git@gitlab.com:team/app.git']);
    git(top, ['remote', 'add', 'upstream', 'https://github.com/other/app.git']);
    const byDefault = checksByName(qmoi(top, ['doctor', '--json']).stdout);
    assert.equal(byDefault['remote origin'].level, 'problem', 'push goes to origin when push.remotes is empty');
    assert.equal(byDefault['remote hub'], undefined, 'a remote push does not use is not checked');

    setPushRemotes(['origin', 'hub', 'mirror', 'gone']);
    const none = checksByName(qmoi(top, ['doctor', '--json']).stdout);
    assert.match(none['remote origin'].detail, /no GITLAB_TOKEN and no credential helper/);
    assert.equal(none['remote hub'].level, 'problem');
    assert.match(none['remote hub'].fix!, /GITHUB_TOKEN/);
    assert.equal(none['remote mirror'].level, 'ok');
    assert.equal(none['remote gone'].level, 'problem');
    assert.equal(none['remote upstream'], undefined);

    setPushRemotes(['origin', 'hub', 'mirror']);
    git(top, ['config', 'credential.https://gitlab.com.helper', 'store']);
    const r = qmoi(top, ['doctor', '--json'], { GITHUB_TOKEN: 'ghp_test' });
    assert.equal(r.status, 0, r.stdout);
    const helped = checksByName(r.stdout);
    assert.equal(helped['remote origin'].level, 'warning');
    assert.equal(helped['remote origin'].ok, true);
    assert.equal(helped['remote hub'].level, 'ok');

    // A self-hosted GitLab named by GITLAB_API_URL.
    git(top, ['remote', 'add', 'self', 'https://git.example.org/team/app.git']);
    setPushRemotes(['self']);
    const selfHosted = { GITLAB_API_URL: 'https://git.example.org/api/v4' };
    assert.equal(checksByName(qmoi(top, ['doctor', '--json'], selfHosted).stdout)['remote self'].level, 'problem');
    assert.equal(checksByName(qmoi(top, ['doctor', '--json'], { ...selfHosted, GITLAB_TOKEN: 'glpat-test' }).stdout)['remote self'].level, 'ok');
  });

  it('works in a package in a sub-folder (monorepo): hooks, config and node_modules of that package', () => {
    const top = makeRepo({ packageJson: false });
    dirs.push(top);
    const pkg = path.join(top, 'packages/app');
    writeFiles(pkg, { 'package.json': JSON.stringify({ name: 'app', version: '1.0.0', private: true }, null, 2) + '\n' });
    writeFiles(top, { '.gitignore': 'node_modules\n' });
    linkNodeModules(pkg);
    assert.equal(qmoi(pkg, ['install']).status, 0);
    fs.rmSync(path.join(pkg, '.husky/post-commit'));
    git(top, ['config', '--unset', 'core.hooksPath']);
    const r = qmoi(pkg, ['doctor', '--fix', '--json']);
    assert.equal(r.status, 0, r.stdout);
    const c = checksByName(r.stdout);
    assert.equal(c['hook post-commit'].fixed, true);
    assert.equal(c['core.hooksPath'].detail, path.join(pkg, '.husky/_'));
    assert.ok(fs.existsSync(path.join(pkg, '.husky/post-commit')));
    assert.equal(qmoi(top, ['doctor']).status, 2, 'the repository top has no package.json');
  });

  it('exits 2 outside a repository or without a package.json', () => {
    const plain = tempDir();
    dirs.push(plain);
    writeFiles(plain, { 'package.json': '{}' });
    const outside = qmoi(plain, ['doctor', '--json']);
    assert.equal(outside.status, 2);
    assert.equal(JSON.parse(outside.stdout).error.code, 'not-a-repo');
    const noPkg = makeRepo({ packageJson: false });
    dirs.push(noPkg);
    assert.equal(qmoi(noPkg, ['doctor']).status, 2);
  });
});
