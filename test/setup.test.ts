// `qmoi-hooks setup`: install, folders, dependencies (never losing the lock file), first validation, doctor --fix.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BROKEN_JS, backedUp, backupRefs, checksByName, cliEnv, commitFiles, installedRepo, qmoi } from './helpers/installed-repo.js';
import { repairBuffer } from '../src/core/repair/repair-buffer.js';
import { linkNodeModules, packTarball } from './helpers/packed.js';
import { cleanup, git, makeRepo, tempDir, writeFiles } from './helpers/repo.js';

interface SetupDoc {
  ok: boolean;
  steps: { name: string; ok: boolean; detail: string; skipped?: boolean }[];
  validation: { files: { file: string; error: { line: number } }[]; summary: { unrepairable: number } };
  doctor: { ok: boolean; checks: { name: string; ok: boolean }[] };
}

function step(doc: SetupDoc, name: string) {
  const s = doc.steps.find((x) => x.name === name);
  assert.ok(s, `step ${name} in ${JSON.stringify(doc.steps)}`);
  return s;
}

describe('setup', function () {
  this.timeout(180000);
  const dirs: string[] = [];
  after(() => cleanup(...dirs));

  it('sets up a fresh repository: hooks, scripts, config, dependencies, a first validation; keeps and backs up the lock file', () => {
    const top = makeRepo();
    dirs.push(top);
    const pkgFile = path.join(top, 'package.json');
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
    pkg.devDependencies = { 'qmoi-hooks': `file:${packTarball()}` };
    fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
    writeFiles(top, { '.gitignore': 'node_modules\n', 'data/bad.json': '{"a": 1 "b": 2}\n' });
    git(top, ['add', '-A']);
    git(top, ['commit', '-q', '-m', 'app with a broken file']);

    const first = qmoi(top, ['setup', '--json']);
    assert.equal(first.status, 1, 'the broken tracked file is still wrong');
    const doc = JSON.parse(first.stdout) as SetupDoc;
    assert.deepEqual(doc.steps.map((s) => s.name), ['install', 'folders', 'dependencies', 'validation', 'doctor']);
    assert.match(step(doc, 'dependencies').detail, /^npm install: no lock file yet/);
    assert.equal(step(doc, 'validation').ok, false);
    assert.deepEqual(doc.validation.files.map((f) => f.file), ['data/bad.json']);
    assert.equal(doc.doctor.ok, true, JSON.stringify(doc.doctor.checks.filter((c) => !c.ok)));
    assert.ok(fs.existsSync(path.join(top, 'package-lock.json')));
    assert.ok(fs.existsSync(path.join(top, 'config/qmoi.json')) && fs.existsSync(path.join(top, 'logs/.gitignore')));
    assert.equal(commitFiles(top, { 'bad.js': BROKEN_JS }).status, 1, 'the hooks run');
    git(top, ['rm', '-q', '--cached', 'bad.js']);

    // The lock file no longer matches package.json: npm install, after a backup of the lock file.
    const lock = fs.readFileSync(path.join(top, 'package-lock.json'));
    const moved = path.join(tempDir('qmoi-tgz-'), 'qmoi-hooks.tgz');
    dirs.push(path.dirname(moved));
    fs.copyFileSync(packTarball(), moved);
    pkg.devDependencies['qmoi-hooks'] = `file:${moved}`;
    fs.writeFileSync(pkgFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(pkgFile, 'utf8')), devDependencies: pkg.devDependencies }, null, 2) + '\n');
    writeFiles(top, { 'data/bad.json': '{"a": 1, "b": 2}\n' });
    const refs = backupRefs(top);
    const second = qmoi(top, ['setup', '--json']);
    assert.equal(second.status, 0, second.stdout + second.stderr);
    const doc2 = JSON.parse(second.stdout) as SetupDoc;
    assert.match(step(doc2, 'dependencies').detail, /^npm install: package-lock\.json did not match package\.json \(package-lock\.json backed up as \S+ first\)/);
    const [ref] = backupRefs(top).filter((r) => !refs.includes(r));
    assert.deepEqual(backedUp(top, ref, 'package-lock.json'), lock);

    // Run through the project's own copy (npm run qmoi-setup): npm ci would delete it mid-run, so npm install.
    const inSync = fs.readFileSync(path.join(top, 'package-lock.json'));
    const own = spawnSync(process.execPath, [path.join(top, 'node_modules/qmoi-hooks/dist/cli.js'), 'setup', '--json'], { cwd: top, env: cliEnv(), encoding: 'utf8' });
    assert.equal(own.status, 0, own.stdout + own.stderr);
    assert.match(step(JSON.parse(own.stdout) as SetupDoc, 'dependencies').detail, /^npm install: package-lock\.json matches package\.json, but npm ci would first delete the qmoi-hooks running this/);
    assert.deepEqual(fs.readFileSync(path.join(top, 'package-lock.json')), inSync, 'the lock file is unchanged');
  });

  it('brings a broken install back to a working state (--skip-install)', () => {
    const top = installedRepo();
    dirs.push(top);
    fs.writeFileSync(path.join(top, 'config/qmoi.json'), '{ "push": { "maxAttempts": 3 ');
    fs.rmSync(path.join(top, '.husky/pre-commit'));
    fs.rmSync(path.join(top, '.husky/_/qmoi-hook'));
    git(top, ['config', '--unset', 'core.hooksPath']);
    const pkgFile = path.join(top, 'package.json');
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
    delete pkg.scripts;
    fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');

    const r = qmoi(top, ['setup', '--skip-install']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^skipped +dependencies: --skip-install/m);
    assert.match(r.stdout, /^ok +validation: \d+ tracked file\(s\) checked, 0 with problems \(1 more repaired by doctor --fix\)/m, 'the tracked config was broken, then repaired');
    assert.equal(qmoi(top, ['doctor']).status, 0);
    assert.equal(JSON.parse(fs.readFileSync(path.join(top, 'config/qmoi.json'), 'utf8')).push.maxAttempts, 3);
    assert.equal(JSON.parse(fs.readFileSync(pkgFile, 'utf8')).scripts['qmoi-setup'], 'qmoi-hooks setup');
    assert.equal(commitFiles(top, { 'bad.js': BROKEN_JS }).status, 1, 'the hooks run again');
  });

  it('repairs a broken package.json first when the repairer can; otherwise says where and leaves it as it was', async () => {
    const top = installedRepo();
    dirs.push(top);
    const pkgFile = path.join(top, 'package.json');
    const broken = fs.readFileSync(pkgFile, 'utf8').replace(/\n}\n$/, ',\n}\n');
    fs.writeFileSync(pkgFile, broken);
    const expected = await repairBuffer('package.json', Buffer.from(broken));
    const r = qmoi(top, ['setup', '--skip-install']);
    if (expected.output) {
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /^ok +package\.json: backed up as /m);
      assert.equal(fs.readFileSync(pkgFile, 'utf8'), expected.output.toString('utf8'));
    } else {
      assert.equal(r.status, 1);
      assert.match(r.stdout, /^PROBLEM +package\.json: cannot repair package\.json: it is not valid JSON at \d+:\d+/m);
      assert.equal(fs.readFileSync(pkgFile, 'utf8'), broken);
    }
  });

  it('leaves a yarn or pnpm project to its own tool, never starting a package-lock.json', () => {
    const top = makeRepo();
    dirs.push(top);
    writeFiles(top, { 'yarn.lock': '# yarn lockfile v1\n', '.gitignore': 'node_modules\n' });
    linkNodeModules(top);
    const doc = JSON.parse(qmoi(top, ['setup', '--json']).stdout) as SetupDoc;
    assert.match(step(doc, 'dependencies').detail, /yarn\.lock found: run "yarn install" yourself/);
    assert.ok(!fs.existsSync(path.join(top, 'package-lock.json')));
    assert.equal(checksByName(JSON.stringify(doc.doctor))['node_modules/qmoi-hooks'].ok, true);
  });

  it('exits 2 outside a repository or without a package.json', () => {
    const plain = tempDir();
    dirs.push(plain);
    writeFiles(plain, { 'package.json': '{}' });
    assert.equal(qmoi(plain, ['setup']).status, 2);
    const noPkg = makeRepo({ packageJson: false });
    dirs.push(noPkg);
    const r = qmoi(noPkg, ['setup']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no package\.json/);
  });
});
