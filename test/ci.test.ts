// `qmoi-hooks ci` in real repositories with real remotes: repair first, install, commands with retries,
// the repair commit pushed back once (never in a loop), the GitLab reports, and the exit codes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { renderCiTemplate } from '../src/core/ci-template.js';
import { GitHttpServer, cert } from './helpers/git-http-server.js';
import { gitlabCiSchemaErrors } from './helpers/gitlab-ci-schema.js';
import { CLI, cleanup, git, makeRepo, runCli, tempDir, testEnv, writeFiles } from './helpers/repo.js';

const BROKEN_PACKAGE = '{\n  "name": "demo-app",\n  "version": "1.0.0"\n  "private": true,\n  "scripts": {\n    "test": "node -e \\"console.log(\'tests ran\')\\""\n  }\n}\n';

/** Variables of the CI systems the test process itself may be running under, cleared so each test sets its own. */
const CLEAN_CI: NodeJS.ProcessEnv = Object.fromEntries(
  ['GITLAB_CI', 'GITHUB_ACTIONS', 'GITHUB_EVENT_NAME', 'GITHUB_REF', 'GITHUB_REF_NAME', 'GITHUB_REF_TYPE', 'CI_COMMIT_BRANCH', 'CI_COMMIT_REF_NAME', 'CI_COMMIT_TAG', 'CI_MERGE_REQUEST_IID', 'GITLAB_TOKEN', 'GITHUB_TOKEN', 'GITLAB_USER_NAME', 'GITLAB_USER_EMAIL', 'GITLAB_API_URL'].map((k) => [k, undefined]),
);

interface CiJson {
  ok: boolean;
  exitCode: number;
  environment: { provider: string; branch?: string };
  repair: { files: { file: string; status: string }[]; summary: { repaired: number; unrepairable: number } };
  install: { name: string; status: string; fallback?: string; attempts: number; reason?: string };
  commands: { name: string; status: string; attempts: number; shell?: boolean; exitCode?: number; retriedFor?: string[]; reason?: string }[];
  push: { status: string; reason?: string; commit?: string; files?: string[]; notCommitted?: string[]; remotes?: { status: string; pushOptionsDropped?: boolean }[] };
  reports: { codeQuality: string; junit: string };
  configProblems: { key?: string }[];
}

/** A repository with a bare remote (file path) that has its first commit. */
function project(files: Record<string, string> = {}, packageJson: object = { name: 'demo-app', version: '1.0.0', private: true }): { top: string; bare: string } {
  const root = tempDir('qmoi-ci-');
  const top = path.join(root, 'work');
  fs.mkdirSync(top);
  makeRepo({ dir: top, packageJson });
  writeFiles(top, { '.gitignore': 'node_modules/\nlogs/\ngl-code-quality-report.json\nqmoi-junit.xml\n', ...files });
  git(top, ['add', '-A']);
  git(top, ['commit', '-q', '-m', 'project']);
  const bare = path.join(root, 'remote.git');
  git(root, ['init', '-q', '--bare', '-b', 'main', bare]);
  git(top, ['remote', 'add', 'origin', bare]);
  git(top, ['push', '-q', 'origin', 'main']);
  return { top, bare };
}

const ciEnv = (env: NodeJS.ProcessEnv) => ({ ...CLEAN_CI, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', ...env });

function ci(cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): { status: number | null; doc: CiJson; stderr: string; stdout: string } {
  return parsed(runCli(cwd, ['ci', '--json', ...args], { env: ciEnv(env), timeoutMs: 120000 }));
}

/** `ci` without blocking the event loop, for tests whose server runs in this process. */
function ciAsync(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<ReturnType<typeof ci>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'ci', '--json', ...args], { cwd, env: testEnv(ciEnv(env)) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      try {
        resolve(parsed({ status, stdout, stderr }));
      } catch (err) {
        reject(err);
      }
    });
  });
}

function parsed(r: { status: number | null; stdout: string; stderr: string }): ReturnType<typeof ci> {
  let doc: CiJson;
  try {
    doc = JSON.parse(r.stdout) as CiJson;
  } catch {
    throw new Error(`ci printed no JSON document (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return { status: r.status, doc, stderr: r.stderr, stdout: r.stdout };
}

const remoteLog = (bare: string) => git(bare, ['log', '--format=%H%x00%an <%ae>%x00%cn <%ce>%x00%s', 'main']).stdout.trim().split('\n').map((l) => l.split('\0'));
const remoteFile = (bare: string, file: string) => git(bare, ['show', `main:${file}`]).stdout;

describe('qmoi-hooks ci', function () {
  this.timeout(120000);
  const dirs: string[] = [];
  after(() => cleanup(...dirs));
  const track = <T extends { top: string }>(p: T): T => {
    dirs.push(path.dirname(p.top));
    return p;
  };

  it('repairs a broken package.json before npm reads it, installs, runs the tests, pushes the repair back in a [skip ci] commit', () => {
    const { top, bare } = track(project());
    fs.writeFileSync(path.join(top, 'package.json'), BROKEN_PACKAGE);
    git(top, ['commit', '-q', '-am', 'break package.json']);
    git(top, ['push', '-q', 'origin', 'main']);
    const before = remoteLog(bare).length;

    const { status, doc, stderr } = ci(top);
    assert.equal(status, 0, stderr);
    assert.equal(doc.ok, true);
    assert.deepEqual(doc.repair.files.find((f) => f.file === 'package.json')?.status, 'repaired');
    assert.equal(doc.install.status, 'passed');
    assert.equal(doc.install.fallback, 'no-lock-file');
    assert.deepEqual(doc.commands.map((c) => [c.name, c.status]), [['npm run test', 'passed']]);
    assert.equal(doc.push.status, 'pushed');
    assert.deepEqual(doc.push.files, ['package.json']);

    const log = remoteLog(bare);
    assert.equal(log.length, before + 1, 'one repair commit on the remote');
    const [sha, author, committer, subject] = log[0];
    assert.equal(sha, doc.push.commit);
    assert.match(subject, /\[skip ci\]/);
    assert.equal(author, 'qmoi-hooks <qmoi-hooks@localhost>');
    assert.equal(committer, 'qmoi-hooks <qmoi-hooks@localhost>');
    assert.doesNotThrow(() => JSON.parse(remoteFile(bare, 'package.json')));
    assert.equal(git(bare, ['diff', '--name-only', 'main~1', 'main']).stdout.trim(), 'package.json', 'the commit holds the repair only');
    assert.equal(git(top, ['status', '--porcelain', '--untracked-files=no']).stdout, '', 'the checkout is clean after the run');

    // A second run on the repaired branch finds nothing to do and pushes nothing.
    const again = ci(top);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.doc.push.status, 'nothing-to-push');
    assert.equal(remoteLog(bare).length, before + 1);
  });

  it('writes a Code Quality report of what was fixed and a JUnit report with a test case per file and command', () => {
    const { top } = track(project({ 'data/settings.json': '{\n  "a": 1,\n  "b": 2,\n}\n', 'src/ok.json': '{"fine": true}\n' }));
    const { status, doc, stderr } = ci(top, ['--no-push']);
    assert.equal(status, 0, stderr);
    assert.equal(doc.reports.codeQuality, path.join(top, 'gl-code-quality-report.json'));
    const issues = JSON.parse(fs.readFileSync(doc.reports.codeQuality, 'utf8')) as { description: string; check_name: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number } } }[];
    assert.equal(issues.length, 1);
    assert.deepEqual(Object.keys(issues[0]).sort(), ['check_name', 'description', 'fingerprint', 'location', 'severity']);
    assert.equal(issues[0].location.path, 'data/settings.json');
    assert.equal(issues[0].location.lines.begin, 3);
    assert.match(issues[0].description, /trailing/);
    assert.match(issues[0].fingerprint, /^[0-9a-f]{64}$/);

    const junit = fs.readFileSync(doc.reports.junit, 'utf8');
    for (const name of ['data/settings.json', 'src/ok.json', 'package.json', 'npm install']) assert.match(junit, new RegExp(`<testcase [^>]*name="${name.replace(/\./g, '\\.')}"`), name);
    assert.match(junit, /<testsuites name="qmoi-hooks ci" tests="\d+" failures="0"/);
    assert.doesNotMatch(junit, /<failure/);

    // The same problem gets the same fingerprint on the next run (GitLab matches issues across pipelines by it).
    git(top, ['checkout', '--', 'data/settings.json']);
    const second = ci(top, ['--no-push', '--no-install']);
    const again = JSON.parse(fs.readFileSync(second.doc.reports.codeQuality, 'utf8')) as { fingerprint: string }[];
    assert.equal(again[0].fingerprint, issues[0].fingerprint);
  });

  it('fails (exit 1) on a file it cannot repair and on a failing command, reporting both; still pushes what it repaired', () => {
    const { top, bare } = track(
      project(
        { 'bad.json': '{"a": [1, 2}\n}\n]\n', 'fixable.json': '{"a": 1,}\n', 'lint.js': 'console.error("\\x1b[31mexpected <semi> & \\"quote\\"\\x1b[0m"); process.exit(3);\n' },
        { name: 'demo-app', version: '1.0.0', scripts: { lint: 'node lint.js', test: 'node -e 0' } },
      ),
    );
    const { status, doc } = ci(top, ['--no-install']);
    assert.equal(status, 1);
    assert.equal(doc.ok, false);
    assert.equal(doc.repair.summary.unrepairable, 1);
    assert.deepEqual(doc.commands.map((c) => [c.name, c.status, c.exitCode, c.attempts]), [['npm run lint', 'failed', 3, 1], ['npm run test', 'passed', 0, 1]]);
    assert.equal(doc.push.status, 'pushed');
    assert.equal(fs.readFileSync(path.join(top, 'bad.json'), 'utf8'), '{"a": [1, 2}\n}\n]\n', 'unrepairable file untouched');
    assert.equal(remoteFile(bare, 'fixable.json'), '{"a": 1}\n');
    const junit = fs.readFileSync(doc.reports.junit, 'utf8');
    assert.match(junit, /name="bad\.json"[^>]*>\s*<failure message="bad\.json:\d+:\d+ /);
    assert.match(junit, /name="npm run lint"[^>]*>\s*<failure message="exit 3 after 1 attempt/);
    assert.match(junit, /expected &lt;semi&gt; &amp; &quot;quote&quot;/, 'the failure output, escaped for XML');
    assert.doesNotMatch(junit, /\x1b/, 'without terminal colour codes');
    const issues = JSON.parse(fs.readFileSync(doc.reports.codeQuality, 'utf8')) as { severity: string; location: { path: string } }[];
    assert.deepEqual(issues.filter((i) => i.severity === 'major').map((i) => i.location.path), ['bad.json']);
  });

  it('retries a command only when it failed for a network reason, up to ci.retries', () => {
    const flaky = "const fs=require('fs');const n=Number(fs.existsSync('n')?fs.readFileSync('n','utf8'):0)+1;fs.writeFileSync('n',String(n));if(n<2){console.error('npm error code ECONNRESET');process.exit(1)}";
    const { top } = track(
      project({
        'flaky.js': flaky,
        'config/qmoi.json': JSON.stringify({ ci: { commands: ['node flaky.js', 'node -e "process.exit(4)"', 'echo one && echo two', 'qmoi-no-such-tool --version'], retries: 1 } }),
      }),
    );
    const { status, doc } = ci(top, ['--no-install', '--no-push']);
    assert.equal(status, 1);
    const [retried, failed, shell, missing] = doc.commands;
    assert.deepEqual([retried.status, retried.attempts, retried.retriedFor], ['passed', 2, ['ECONNRESET']]);
    assert.deepEqual([failed.status, failed.attempts, failed.exitCode], ['failed', 1, 4], 'a plain failure is not retried');
    assert.equal(retried.shell, undefined, 'plain commands run without a shell');
    assert.deepEqual([shell.status, shell.shell], ['passed', true], 'a command with && runs through the shell');
    assert.deepEqual([missing.status, missing.exitCode, missing.attempts], ['failed', 127, 1], 'a program that does not exist fails as "command not found"');
  });

  it('gives up after ci.retries attempts when the network stays down', () => {
    const { top } = track(project({ 'config/qmoi.json': JSON.stringify({ ci: { commands: ['node -e "console.error(\'getaddrinfo EAI_AGAIN registry.npmjs.org\');process.exit(1)"'], retries: 1 } }) }));
    const { status, doc } = ci(top, ['--no-install', '--no-push']);
    assert.equal(status, 1);
    assert.equal(doc.commands[0].attempts, 2);
    assert.match(doc.commands[0].reason ?? '', /EAI_AGAIN/);
  });

  it('falls back to npm install when package-lock.json is out of sync, and skips the install when ci.install is false', () => {
    // The lock file predates the dependency package.json names (a local one, so npm needs no network).
    const lock = { name: 'demo-app', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'demo-app', version: '1.0.0' } } };
    const { top } = track(
      project(
        { 'package-lock.json': JSON.stringify(lock, null, 2) + '\n', 'local-dep/package.json': '{"name": "local-dep", "version": "1.0.0"}\n' },
        { name: 'demo-app', version: '1.0.0', dependencies: { 'local-dep': 'file:./local-dep' } },
      ),
    );
    const synced = ci(top, ['--no-push', '--no-commands']);
    assert.equal(synced.doc.install.fallback, 'lock-out-of-sync');
    assert.equal(synced.doc.install.status, 'passed', synced.stderr);
    assert.ok(fs.existsSync(path.join(top, 'node_modules', 'local-dep', 'package.json')), 'the dependency was installed');

    writeFiles(top, { 'config/qmoi.json': JSON.stringify({ ci: { install: false } }) });
    const skipped = ci(top, ['--no-push']);
    assert.deepEqual([skipped.doc.install.status, skipped.doc.install.reason], ['skipped', 'ci.install is false']);
  });

  it('never repairs its own repair commit again (loop guard), and leaves files with local changes out of the commit', () => {
    const { top, bare } = track(project());
    writeFiles(top, { 'a.json': '{"a": 1,}\n' });
    git(top, ['add', 'a.json']);
    git(top, ['commit', '-q', '-m', 'qmoi-hooks: repair a.json [skip ci]'], { env: { GIT_COMMITTER_NAME: 'qmoi-hooks', GIT_COMMITTER_EMAIL: 'qmoi-hooks@localhost' } });
    const guarded = ci(top, ['--no-install']);
    assert.equal(guarded.doc.push.status, 'skipped');
    assert.match(guarded.doc.push.reason ?? '', /qmoi-hooks repair commit/);
    assert.equal(git(top, ['rev-list', '--count', 'HEAD']).stdout.trim(), '3', 'no commit made');

    git(top, ['checkout', '--', 'a.json']);
    git(top, ['commit', '-q', '--allow-empty', '-m', 'a commit of mine']);
    writeFiles(top, { 'b.json': '{"b": 1}\n' });
    git(top, ['add', 'b.json']);
    git(top, ['commit', '-q', '-m', 'b']);
    writeFiles(top, { 'b.json': '{"b": 2,}\n' });
    const partial = ci(top, ['--no-install']);
    assert.equal(partial.doc.push.status, 'pushed');
    assert.deepEqual(partial.doc.push.files, ['a.json']);
    assert.deepEqual(partial.doc.push.notCommitted, ['b.json']);
    assert.equal(remoteFile(bare, 'b.json'), '{"b": 1}\n', 'the uncommitted change was not pushed');
  });

  it('pushes HEAD of a detached GitLab checkout to the pipeline branch; merge-request, tag and pull-request pipelines push nothing', () => {
    const { top, bare } = track(project({ 'a.json': '{"a": 1,}\n' }));
    git(top, ['checkout', '-q', '--detach']);
    const mr = ci(top, ['--no-install'], { GITLAB_CI: 'true', CI_COMMIT_REF_NAME: 'main', CI_MERGE_REQUEST_IID: '7' });
    assert.equal(mr.doc.push.status, 'skipped');
    assert.match(mr.doc.push.reason ?? '', /merge request/);
    git(top, ['checkout', '--', 'a.json']);
    const tag = ci(top, ['--no-install'], { GITLAB_CI: 'true', CI_COMMIT_REF_NAME: 'v1.0.0', CI_COMMIT_TAG: 'v1.0.0' });
    assert.deepEqual([tag.doc.push.status, tag.doc.push.reason], ['skipped', 'tag pipeline (v1.0.0)']);
    git(top, ['checkout', '--', 'a.json']);
    const pr = ci(top, ['--no-install'], { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/3/merge', GITHUB_REF_NAME: '3/merge', GITHUB_REF_TYPE: 'branch', GITHUB_TOKEN: 'ghs_x' });
    assert.equal(pr.doc.push.status, 'skipped');
    assert.match(pr.doc.push.reason ?? '', /pull request/, 'a pull request run checks a merge commit: never pushed');
    git(top, ['checkout', '--', 'a.json']);
    assert.equal(remoteLog(bare).length, 2, 'nothing pushed by those runs');

    const r = ci(top, ['--no-install'], { GITLAB_CI: 'true', CI_COMMIT_BRANCH: 'main', CI_COMMIT_REF_NAME: 'main', GITLAB_USER_NAME: 'Ada Lovelace', GITLAB_USER_EMAIL: 'ada@example.com' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual([r.doc.environment.provider, r.doc.environment.branch, r.doc.push.status], ['gitlab', 'main', 'pushed']);
    const [, author, committer] = remoteLog(bare)[0];
    assert.equal(author, 'Ada Lovelace <ada@example.com>', 'author: the GitLab user who started the pipeline');
    assert.equal(committer, 'qmoi-hooks <qmoi-hooks@localhost>');
  });

  it('does not push to an https remote without a token, and says which token to set (exit 0: the job repaired in place)', () => {
    const { top } = track(project({ 'a.json': '{"a": 1,}\n' }));
    git(top, ['remote', 'set-url', 'origin', 'https://gitlab.example.com/group/project.git']);
    const { status, doc } = ci(top, ['--no-install'], { GITLAB_CI: 'true', CI_COMMIT_BRANCH: 'main', GITLAB_API_URL: 'https://gitlab.example.com/api/v4' });
    assert.equal(status, 0);
    assert.equal(doc.push.status, 'skipped');
    assert.match(doc.push.reason ?? '', /GITLAB_TOKEN is not set/);
    assert.equal(git(top, ['rev-list', '--count', 'HEAD']).stdout.trim(), '2', 'no commit made');
  });

  it('pushes over HTTPS with GITLAB_TOKEN from the environment and -o ci.skip', async () => {
    const root = tempDir('qmoi-ci-http-');
    dirs.push(root);
    const srv = path.join(root, 'srv');
    const bare = path.join(srv, 'project.git');
    git(root, ['init', '-q', '--bare', '-b', 'main', bare]);
    git(bare, ['config', 'http.receivepack', 'true']);
    git(bare, ['config', 'receive.advertisePushOptions', 'true']);
    const server = await GitHttpServer.start({ root: srv, https: true, auth: { user: 'oauth2', password: 'glpat-test-token' } });
    try {
      const top = path.join(root, 'work');
      fs.mkdirSync(top);
      makeRepo({ dir: top });
      writeFiles(top, { 'a.json': '{"a": 1,}\n' });
      git(top, ['add', '-A']);
      git(top, ['commit', '-q', '-m', 'broken']);
      git(top, ['push', '-q', bare, 'main']);
      fs.writeFileSync(path.join(bare, 'hooks', 'post-receive'), `#!/bin/sh\necho "\${GIT_PUSH_OPTION_0:-none}" >> '${root}/push-options.log'\n`, { mode: 0o755 });
      git(top, ['remote', 'add', 'origin', `${server.url}/project.git`]);
      const env = { GITLAB_CI: 'true', CI_COMMIT_BRANCH: 'main', GITLAB_TOKEN: 'glpat-test-token', GITLAB_API_URL: `${server.url}/api/v4`, GIT_SSL_CAINFO: cert().certFile };
      const { status, doc, stdout, stderr } = await ciAsync(top, ['--no-install'], env);
      assert.equal(status, 0, stderr);
      assert.equal(doc.push.status, 'pushed');
      assert.equal(fs.readFileSync(path.join(root, 'push-options.log'), 'utf8').trim(), 'ci.skip');
      assert.ok(!stdout.includes('glpat-test-token') && !stderr.includes('glpat-test-token'), 'the token is never printed');
      assert.ok(!fs.readFileSync(path.join(top, '.git', 'config'), 'utf8').includes('glpat'), 'nor saved in .git/config');
    } finally {
      await server.stop();
    }
  });

  it('exits 2 outside a repository and for a broken "ci" config section (after still repairing)', () => {
    const outside = tempDir('qmoi-ci-none-');
    dirs.push(outside);
    const r = runCli(outside, ['ci'], { env: CLEAN_CI });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /not inside a git repository/);

    const { top } = track(project({ 'config/qmoi.json': JSON.stringify({ ci: { commands: 'npm test' } }), 'a.json': '{"a": 1,}\n' }));
    const bad = ci(top, ['--no-push']);
    assert.equal(bad.status, 2);
    assert.ok(bad.doc.configProblems.some((p) => p.key === 'ci.commands'));
    assert.equal(bad.doc.repair.summary.repaired, 1);
    assert.deepEqual(bad.doc.commands, []);
    assert.match(bad.stderr, /"ci" section of config\/qmoi\.json/);
  });

  it('a .gitlab-ci.yml it repairs is accepted by GitLab’s schema; one it cannot repair is left byte for byte', () => {
    const broken = renderCiTemplate('gitlab').replace('  stage: build\n', '  stage build\n');
    const { top, bare } = track(project({ '.gitlab-ci.yml': broken }));
    const { status, doc } = ci(top, ['--no-install', '--no-commands']);
    const result = doc.repair.files.find((f) => f.file === '.gitlab-ci.yml');
    const now = fs.readFileSync(path.join(top, '.gitlab-ci.yml'), 'utf8');
    if (result?.status === 'repaired') {
      assert.equal(status, 0);
      assert.deepEqual(gitlabCiSchemaErrors(now), []);
      assert.deepEqual(gitlabCiSchemaErrors(remoteFile(bare, '.gitlab-ci.yml')), [], 'the pushed pipeline too');
    } else {
      assert.equal(result?.status, 'unrepairable');
      assert.equal(status, 1);
      assert.equal(now, broken);
    }
  });

  it('prints each step as it goes and a summary; --script runs the named scripts package.json has', () => {
    const { top } = track(project({ 'a.json': '{"a": 1,}\n' }, { name: 'demo-app', version: '1.0.0', scripts: { test: 'node -e "console.log(\'tests ran\')"' } }));
    const r = runCli(top, ['ci', '--script', 'lint', '--script', 'test'], { env: ciEnv({}) });
    assert.equal(r.status, 0, r.stderr);
    const order = [
      'qmoi-hooks ci: local run for main',
      '== repair: 2 tracked files',
      'repaired a.json',
      '== install: npm install',
      '== run: npm run test',
      'tests ran',
      '== push: repair commit',
      'npm install: passed',
      'no package-lock.json: used npm install',
      'npm run lint: skipped (package.json has no "lint" script)',
      'npm run test: passed',
      'pushed main to origin',
      'qmoi-hooks ci: all good (1 file repaired; repairs pushed to main)',
    ];
    let at = 0;
    for (const line of order) {
      const i = r.stdout.indexOf(line, at);
      assert.ok(i >= 0, `"${line}" after position ${at} in:\n${r.stdout}`);
      at = i + line.length;
    }
    assert.match(r.stderr, /qmoi-hooks: CI passed on main/, 'the console notification');
  });

  it('rejects contradictory flags with exit 2', () => {
    const { top } = track(project());
    assert.equal(runCli(top, ['ci', '--push', '--no-push']).status, 2);
    assert.equal(runCli(top, ['ci', '--script', 'test', '--no-commands']).status, 2);
    assert.equal(runCli(top, ['ci', '--bogus']).status, 2);
  });
});
