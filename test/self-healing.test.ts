// Issue 8: qmoi-hooks keeps working when its own files are broken, and `doctor --fix` puts them back.
// Each broken state: a real repository with the packed tarball's hooks, a real commit that goes through with a
// one-line notice, `doctor --fix` restoring everything (originals in backup refs), and the hooks working again.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repairBuffer } from '../src/core/repair/repair-buffer.js';
import { BROKEN_JS, backedUp, backupRefs, checksByName, cliEnv, commit, commitFiles, gitState, installedRepo, qmoi, snapshot } from './helpers/installed-repo.js';
import { linkNodeModules, packTarball } from './helpers/packed.js';
import { cleanup, git, makeRepo, tempDir, writeFiles } from './helpers/repo.js';

/** Lines of stderr that mention qmoi-hooks and its fix command. */
function notices(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('qmoi-hooks:') && l.includes('npx qmoi-hooks doctor --fix'));
}

/** doctor --fix twice: the second run must change no file, no git config and no ref. */
function assertFixIsStable(top: string): void {
  const files = snapshot(top);
  const state = gitState(top);
  const again = qmoi(top, ['doctor', '--fix', '--json']);
  assert.equal(again.status, 0, again.stdout + again.stderr);
  assert.ok(JSON.parse(again.stdout).checks.every((c: { fixed?: boolean; did?: string[] }) => !c.fixed && !c.did), 'nothing left to fix');
  assert.deepEqual(snapshot(top), files);
  assert.deepEqual(gitState(top), state);
}

/** The hooks work again: an unrepairable staged file blocks the commit. */
function assertHooksBlockBrokenFiles(top: string): void {
  const blocked = commitFiles(top, { 'later/bad.js': BROKEN_JS }, 'broken');
  assert.equal(blocked.status, 1, blocked.stdout + blocked.stderr);
  assert.match(blocked.stdout + blocked.stderr, /later\/bad\.js:2:\d+/);
  git(top, ['rm', '-q', '--cached', 'later/bad.js']);
}

describe('self-healing: broken qmoi-hooks files never block a commit, doctor --fix puts them back', function () {
  this.timeout(180000);
  const dirs: string[] = [];
  after(() => cleanup(...dirs));

  it('a broken config: the commit goes through on the defaults, --fix keeps every readable value and backs the original up', () => {
    const top = installedRepo();
    dirs.push(top);
    // Truncated, a doubled comma (jsonrepair gives up on it), an unknown key; valid values around them.
    const brokenQmoi = '{\n  "push": { "maxAttempts": 7,, "protectedBranches": ["main", "release"] },\n  "colour": "blue",\n  "repair": { "exclude": ["vendor/**"], "languages": ["json", "js", "cobol"] },\n  "logs": { "dir": "logs"\n';
    // Valid JSON, invalid values.
    const brokenNotification = JSON.stringify({ channels: { slack: { enabled: 'yes' }, console: { enabled: false } }, timeoutMs: 5 }, null, 2) + '\n';
    writeFiles(top, { 'config/qmoi.json': brokenQmoi, 'config/notification.json': brokenNotification });

    const r = commitFiles(top, { 'a.json': '{"a": 1}\n' }, 'while config is broken');
    assert.equal(r.status, 0, r.stderr);
    const lines = notices(r.stderr);
    assert.equal(lines.length, 2, r.stderr);
    assert.match(lines[0], /config\/qmoi\.json:\d+:\d+: .*going ahead with the defaults/);
    assert.match(lines[1], /config\/notification\.json: .*\(and \d+ more\)/);

    const check = qmoi(top, ['doctor', '--json']);
    assert.equal(check.status, 1);
    const before = checksByName(check.stdout);
    assert.equal(before['config/qmoi.json'].ok, false);
    assert.equal(before['config/notification.json'].ok, false);

    const refsBefore = backupRefs(top);
    const fix = qmoi(top, ['doctor', '--fix', '--json']);
    assert.equal(fix.status, 0, fix.stdout + fix.stderr);
    const fixed = checksByName(fix.stdout);
    assert.equal(fixed['config/qmoi.json'].fixed, true);
    assert.ok(fixed['config/qmoi.json'].did?.some((d) => /unknown key "colour"/.test(d)), JSON.stringify(fixed['config/qmoi.json']));
    assert.ok(fixed['config/qmoi.json'].did?.some((d) => /"cobol"/.test(d)));

    const qmoiConfig = JSON.parse(fs.readFileSync(path.join(top, 'config/qmoi.json'), 'utf8'));
    assert.equal(qmoiConfig.push.maxAttempts, 7);
    assert.deepEqual(qmoiConfig.push.protectedBranches, ['main', 'release']);
    assert.deepEqual(qmoiConfig.repair.exclude, ['vendor/**']);
    assert.deepEqual(qmoiConfig.repair.languages, ['json', 'js']);
    assert.equal(qmoiConfig.colour, undefined);
    const notification = JSON.parse(fs.readFileSync(path.join(top, 'config/notification.json'), 'utf8'));
    assert.equal(notification.channels.slack.enabled, false, 'invalid value back to its default');
    assert.equal(notification.channels.console.enabled, false, 'valid value kept');
    assert.equal(notification.timeoutMs, 10000);

    const newRefs = backupRefs(top).filter((ref) => !refsBefore.includes(ref));
    assert.equal(newRefs.length, 2);
    const kept = newRefs.map((ref) => [backedUp(top, ref, 'config/qmoi.json'), backedUp(top, ref, 'config/notification.json')]).flat().filter(Boolean);
    assert.deepEqual(kept.map((b) => b!.toString('utf8')).sort(), [brokenNotification, brokenQmoi].sort());

    const clean = commitFiles(top, { 'b.json': '{"b": 2}\n' }, 'config repaired');
    assert.equal(clean.status, 0);
    assert.deepEqual(notices(clean.stderr), []);
    assertFixIsStable(top);
    assertHooksBlockBrokenFiles(top);
  });

  it('a deleted hook file, husky stub or runner: the commit goes through with one line, --fix reinstalls them', () => {
    const top = installedRepo();
    dirs.push(top);
    const installed = snapshot(top);

    fs.rmSync(path.join(top, '.husky/pre-commit'));
    const noPreCommit = commitFiles(top, { 'c.json': '{}\n' }, 'no pre-commit');
    assert.equal(noPreCommit.status, 0, noPreCommit.stderr);
    assert.match(notices(noPreCommit.stderr).join('\n'), /the pre-commit hook\(s\) will not run qmoi-hooks/);

    fs.rmSync(path.join(top, '.husky/_/qmoi-hook'));
    const noRunner = commitFiles(top, { 'd.json': '{}\n' }, 'no runner');
    assert.equal(noRunner.status, 0, noRunner.stderr);
    assert.match(noRunner.stderr, /hook runner missing; run: npx qmoi-hooks doctor --fix/);

    const check = checksByName(qmoi(top, ['doctor', '--json']).stdout);
    assert.equal(check['hook pre-commit'].ok, false);
    assert.equal(check['hook runner'].ok, false);

    const fix = qmoi(top, ['doctor', '--fix']);
    assert.equal(fix.status, 0, fix.stdout + fix.stderr);
    assert.match(fix.stdout, /^fixed +hook pre-commit: /m);
    assert.match(fix.stdout, /^fixed +hook runner: /m);
    assert.deepEqual(snapshot(top)['.husky/pre-commit'], installed['.husky/pre-commit'], 'the hook file is back as install wrote it');
    assert.equal(git(top, ['status', '--porcelain', '--', '.husky']).stdout, '');
    assertHooksBlockBrokenFiles(top);

    // A husky stub that lost its executable bit: git skips it; post-commit says so.
    fs.chmodSync(path.join(top, '.husky/_/pre-commit'), 0o644);
    const noStub = commitFiles(top, { 'e.json': '{}\n' }, 'stub not executable');
    assert.equal(noStub.status, 0, noStub.stderr);
    assert.equal(notices(noStub.stderr).length, 1, noStub.stderr);
    assert.equal(qmoi(top, ['doctor', '--fix']).status, 0);
    assertFixIsStable(top);
    assertHooksBlockBrokenFiles(top);
  });

  it('a broken package.json on disk: the commit goes through; staged, it is blocked like any user file; --fix repairs or says where', async () => {
    const top = installedRepo();
    dirs.push(top);
    const good = fs.readFileSync(path.join(top, 'package.json'), 'utf8');
    // A merge conflict no repairer should guess at: line 3, column 1.
    const conflicted = good.replace(/^(\s*"version")/m, '<<<<<<< HEAD\n$1');
    fs.writeFileSync(path.join(top, 'package.json'), conflicted);

    const r = commitFiles(top, { 'f.json': '{}\n' }, 'with package.json broken on disk');
    assert.equal(r.status, 0, r.stderr);
    assert.match(notices(r.stderr).join('\n'), /^qmoi-hooks: package\.json:3:1 is not valid JSON: .*npm scripts cannot run/m);

    const refs = backupRefs(top);
    const fix = qmoi(top, ['doctor', '--fix']);
    assert.equal(fix.status, 1, 'an unrepairable package.json is still wrong');
    assert.match(fix.stdout, /cannot repair package\.json: it is not valid JSON at 3:1: .*left it untouched/);
    assert.equal(fs.readFileSync(path.join(top, 'package.json'), 'utf8'), conflicted, 'left byte for byte');
    assert.deepEqual(backupRefs(top), refs);

    git(top, ['add', 'package.json']);
    const staged = commit(top, 'staged broken package.json');
    assert.equal(staged.status, 1, 'the staged package.json is the user\'s file: blocked');
    assert.match(staged.stdout + staged.stderr, /package\.json:3:1/);
    assert.deepEqual(notices(staged.stderr).filter((l) => l.includes('npm scripts cannot run')), [], 'not reported twice');
    git(top, ['checkout', 'HEAD', '--', 'package.json']);

    // A trailing comma: repaired (with a backup) by the package.json repairer when it can; else left as it was.
    const trailing = good.replace(/"private": true/, '"private": true,');
    assert.notEqual(trailing, good);
    fs.writeFileSync(path.join(top, 'package.json'), trailing);
    const expected = await repairBuffer('package.json', Buffer.from(trailing));
    const again = qmoi(top, ['doctor', '--fix']);
    if (expected.output) {
      assert.equal(again.status, 0, again.stdout);
      assert.equal(fs.readFileSync(path.join(top, 'package.json'), 'utf8'), expected.output.toString('utf8'));
      const [ref] = backupRefs(top).filter((x) => !refs.includes(x));
      assert.equal(backedUp(top, ref, 'package.json')?.toString('utf8'), trailing);
      assertFixIsStable(top);
    } else {
      assert.equal(again.status, 1);
      assert.match(again.stdout, /cannot repair package\.json: it is not valid JSON at \d+:\d+/);
      assert.equal(fs.readFileSync(path.join(top, 'package.json'), 'utf8'), trailing);
    }
  });

  it('qmoi-hooks missing from node_modules (fresh clone, then node_modules deleted): commits go through, --fix installs it', () => {
    const origin = makeRepo();
    dirs.push(origin);
    const pkgFile = path.join(origin, 'package.json');
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
    pkg.devDependencies = { 'qmoi-hooks': `file:${packTarball()}` };
    fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
    writeFiles(origin, { '.gitignore': 'node_modules\n' });
    // The lock file only: the clone is what installs.
    assert.equal(spawnSync('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund'], { cwd: origin, env: cliEnv(), encoding: 'utf8' }).status, 0);
    linkNodeModules(origin);
    assert.equal(qmoi(origin, ['install']).status, 0);
    // Not about pushing: the clone's commits must not push to origin in the background while refs are compared.
    const configFile = path.join(origin, 'config/qmoi.json');
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
    config.push.enabled = false;
    fs.writeFileSync(configFile, JSON.stringify(config, null, 2) + '\n');
    git(origin, ['add', '-A']);
    git(origin, ['commit', '-q', '-m', 'add qmoi-hooks']);

    const clone = path.join(tempDir(), 'clone');
    dirs.push(path.dirname(clone));
    git(path.dirname(clone), ['clone', '-q', origin, clone]);
    const before = commitFiles(clone, { 'g.json': '{}\n' }, 'before npm install');
    assert.equal(before.status, 0, 'a fresh clone commits (no hooks yet)');
    const fresh = checksByName(qmoi(clone, ['doctor', '--json']).stdout);
    assert.equal(fresh['node_modules/qmoi-hooks'].ok, false);
    assert.equal(fresh['core.hooksPath'].ok, false);

    const fix = qmoi(clone, ['doctor', '--fix', '--json']);
    assert.equal(fix.status, 0, fix.stdout + fix.stderr);
    assert.match(checksByName(fix.stdout)['node_modules/qmoi-hooks'].did!.join(), /^npm ci: installed from package-lock\.json/);
    assert.ok(fs.existsSync(path.join(clone, 'node_modules/qmoi-hooks/dist/cli.js')));
    assertHooksBlockBrokenFiles(clone);

    fs.rmSync(path.join(clone, 'node_modules'), { recursive: true });
    const gone = commitFiles(clone, { 'h.json': '{}\n' }, 'node_modules deleted');
    assert.equal(gone.status, 0, gone.stderr);
    assert.match(gone.stderr, /skipped the pre-commit hook: .*node_modules\/qmoi-hooks\/dist\/cli\.js is missing; run "npm install", then "npx qmoi-hooks doctor --fix"/);
    const check = checksByName(qmoi(clone, ['doctor', '--json']).stdout);
    assert.equal(check['node_modules/qmoi-hooks'].ok, false);
    assert.match(check['hook runner'].detail, /does not exist/);
    assert.equal(qmoi(clone, ['doctor', '--fix']).status, 0);
    assertHooksBlockBrokenFiles(clone);
    assertFixIsStable(clone);
  });

  it('the hook goes ahead when qmoi-hooks itself fails (any exit but 1), and blocks only on exit 1', () => {
    const top = installedRepo();
    dirs.push(top);
    const runner = path.join(top, '.husky/_/qmoi-hook');
    const fake = path.join(tempDir(), 'cli.js');
    dirs.push(path.dirname(fake));
    fs.writeFileSync(runner, fs.readFileSync(runner, 'utf8').replace(/^cli=.*$/m, `cli='${fake}'`));
    fs.writeFileSync(fake, 'process.exit(2);\n');
    const crashed = commitFiles(top, { 'i.json': '{}\n' }, 'our own crash');
    assert.equal(crashed.status, 0, crashed.stderr);
    assert.match(crashed.stderr, /the pre-commit hook failed on its own \(exit 2\), not because of your files/);
    fs.writeFileSync(fake, 'process.exit(1);\n');
    assert.equal(commitFiles(top, { 'j.json': '{}\n' }, 'blocked').status, 1);
  });
});
