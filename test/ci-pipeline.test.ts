// The pipeline `qmoi-hooks install --ci gitlab` writes, really run by gitlab-ci-local (shell executor, no
// images, no network) in a clone of a repository served over HTTPS on 127.0.0.1, with qmoi-hooks from the
// packed tarball: the repair job repairs a broken package.json and pushes the repair back once.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitHttpServer, cert } from './helpers/git-http-server.js';
import { gitlabCiSchemaErrors } from './helpers/gitlab-ci-schema.js';
import { installedCli, linkNodeModules, packTarball } from './helpers/packed.js';
import { PROJECT_ROOT, cleanup, git, makeRepo, tempDir, testEnv, writeFiles } from './helpers/repo.js';

const GITLAB_CI_LOCAL = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'gitlab-ci-local');
const TOKEN = 'glpat-e2e-test-token';
const NPM_CACHE = process.env.npm_config_cache ?? path.join(os.homedir(), '.npm');

/** Runs a program without blocking the event loop (the git server runs in this process), killed after `timeoutMs`. */
function runAsync(file: string, args: string[], cwd: string, timeoutMs: number): Promise<{ status: number | null; output: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd, env: testEnv() });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output, ms: Date.now() - started });
    });
  });
}

/** One run of the pipeline in `cwd`: every job in the shell, with `variables` set as GitLab CI/CD variables. */
function pipeline(cwd: string, variables: Record<string, string>, timeoutMs: number, jobs: string[] = []): Promise<{ status: number | null; output: string; ms: number }> {
  const vars = [...Object.entries(variables).flatMap(([k, v]) => ['--variable', `${k}=${v}`]), ...jobs];
  // --shell-isolation gives each job its own copy of the checkout, as each GitLab job gets a fresh clone.
  return runAsync(GITLAB_CI_LOCAL, ['--force-shell-executor', '--shell-isolation', '--no-color', '--home', path.join(cwd, '..', 'glcl-home'), ...vars], cwd, timeoutMs);
}

/** npm exec keeps the package it installs under the cache's _npx; remove the ones made from this run's tarball. */
function removeNpxCopies(tarball: string): void {
  const dir = path.join(NPM_CACHE, '_npx');
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const pkg = path.join(dir, name, 'package.json');
    if (fs.existsSync(pkg) && fs.readFileSync(pkg, 'utf8').includes(tarball)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

describe('the GitLab pipeline under gitlab-ci-local', function () {
  this.timeout(240000);
  let root: string;
  let server: GitHttpServer | undefined;
  let tarball: string;

  before(function () {
    if (spawnSync('rsync', ['--version']).status !== 0) throw new Error('gitlab-ci-local needs rsync: apt-get install rsync (.ci/run installs it)');
    assert.ok(fs.existsSync(GITLAB_CI_LOCAL), 'gitlab-ci-local is a devDependency');
    tarball = packTarball();
    root = tempDir('qmoi-pipeline-');
  });
  after(async () => {
    await server?.stop();
    removeNpxCopies(tarball);
    cleanup(root);
  });

  it('repairs a broken package.json, runs the tests, pushes the repair once with [skip ci] and -o ci.skip; a second run pushes nothing', async () => {
    // The user's repository: qmoi-hooks installed with --ci gitlab, then a broken package.json committed past the hooks.
    const work = path.join(root, 'work');
    fs.mkdirSync(work);
    makeRepo({ dir: work, packageJson: { name: 'demo-app', version: '1.0.0', private: true, scripts: { test: 'node -e "console.log(\'the tests ran\')"' } } });
    writeFiles(work, { '.gitignore': 'node_modules\n.gitlab-ci-local/\ngl-code-quality-report.json\nqmoi-junit.xml\n' });
    linkNodeModules(work);
    const installed = spawnSync(process.execPath, [installedCli(), 'install', '--ci', 'gitlab'], { cwd: work, env: testEnv(), encoding: 'utf8' });
    assert.equal(installed.status, 0, installed.stderr);
    const pipelineFile = fs.readFileSync(path.join(work, '.gitlab-ci.yml'), 'utf8');
    assert.deepEqual(gitlabCiSchemaErrors(pipelineFile), []);
    git(work, ['add', '-A']);
    git(work, ['commit', '-q', '-m', 'qmoi-hooks with its GitLab pipeline'], { env: { QMOI_HOOKS: '0' } });
    const pkg = fs.readFileSync(path.join(work, 'package.json'), 'utf8');
    const broken = pkg.replace('"version": "1.0.0",', '"version": "1.0.0"');
    assert.notEqual(broken, pkg);
    fs.writeFileSync(path.join(work, 'package.json'), broken);
    git(work, ['commit', '-q', '-am', 'a broken package.json, committed past the hooks'], { env: { QMOI_HOOKS: '0' } });

    // The GitLab server: a bare repository over HTTPS with basic auth; it logs the push options it receives.
    const srv = path.join(root, 'srv');
    const bare = path.join(srv, 'group', 'project.git');
    fs.mkdirSync(path.dirname(bare), { recursive: true });
    git(root, ['init', '-q', '--bare', '-b', 'main', bare]);
    git(bare, ['config', 'http.receivepack', 'true']);
    git(bare, ['config', 'receive.advertisePushOptions', 'true']);
    git(work, ['push', '-q', bare, 'main'], { env: { QMOI_HOOKS: '0' } });
    fs.writeFileSync(path.join(bare, 'hooks', 'post-receive'), `#!/bin/sh\necho "\${GIT_PUSH_OPTION_0:-none}" >> '${root}/push-options.log'\n`, { mode: 0o755 });
    server = await GitHttpServer.start({ root: srv, https: true, auth: { user: 'oauth2', password: TOKEN } });
    // Our own copy of the server's certificate: the jobs read it long after the server started.
    const ca = path.join(root, 'ca.pem');
    fs.copyFileSync(cert().certFile, ca);
    const remoteUrl = `${server.url}/group/project.git`;

    // The runner's checkout: a clone of the server's repository, as GitLab makes one (no node_modules).
    const checkout = path.join(root, 'checkout');
    const auth = `http.extraHeader=Authorization: Basic ${Buffer.from(`oauth2:${TOKEN}`).toString('base64')}`;
    const clone = await runAsync('git', ['-c', `http.sslCAInfo=${ca}`, '-c', auth, 'clone', '-q', remoteUrl, checkout], root, 30000);
    assert.equal(clone.status, 0, clone.output);
    const brokenSha = git(checkout, ['rev-parse', 'HEAD']).stdout.trim();

    const variables = {
      // qmoi-hooks as this build packs it, and dependencies from the local npm cache only: no network.
      QMOI_HOOKS_PACKAGE: tarball,
      npm_config_cache: NPM_CACHE,
      npm_config_offline: 'true',
      npm_config_update_notifier: 'false',
      // The project access token and the GitLab instance it belongs to (this test server).
      GITLAB_TOKEN: TOKEN,
      GITLAB_API_URL: `${server.url}/api/v4`,
      GIT_SSL_CAINFO: ca,
    };
    const first = await pipeline(checkout, variables, 150000);
    assert.equal(first.status, 0, first.output);
    assert.match(first.output, /PASS\s+qmoi-hooks:repair/);
    assert.match(first.output, /PASS\s+test/);
    assert.match(first.output, /PASS\s+build/);
    assert.match(first.output, /the tests ran/, 'the test job ran the test script after installing');
    assert.match(first.output, /repaired package\.json/);
    assert.ok(!first.output.includes(TOKEN), 'the token never shows in a job log');

    const log = git(bare, ['log', '--format=%H%x00%P%x00%cn <%ce>%x00%s', 'main']).stdout.trim().split('\n').map((l) => l.split('\0'));
    assert.equal(log.length, 4, 'exactly one repair commit was pushed (test and build jobs do not push)');
    const [, parent, committer, subject] = log[0];
    assert.equal(parent, brokenSha);
    assert.match(subject, /\[skip ci\]/);
    assert.equal(committer, 'qmoi-hooks <qmoi-hooks@localhost>');
    assert.doesNotThrow(() => JSON.parse(git(bare, ['show', 'main:package.json']).stdout), 'the remote has a valid package.json');
    assert.equal(git(bare, ['diff', '--name-only', 'main~1', 'main']).stdout.trim(), 'package.json');
    assert.deepEqual(fs.readFileSync(path.join(root, 'push-options.log'), 'utf8').trim().split('\n'), ['ci.skip'], 'pushed with -o ci.skip');

    // gitlab-ci-local keeps each job's artifacts in a folder named after the job (":" spelled differently).
    const artifacts = path.join(checkout, '.gitlab-ci-local', 'artifacts');
    const repairJob = fs.readdirSync(artifacts).find((d) => /^qmoi-hooks.*repair$/.test(d) && !d.includes('recovery'));
    assert.ok(repairJob, `the repair job's artifacts in ${fs.readdirSync(artifacts).join(', ')}`);
    const quality = JSON.parse(fs.readFileSync(path.join(artifacts, repairJob, 'gl-code-quality-report.json'), 'utf8')) as { location: { path: string } }[];
    assert.ok(fs.readFileSync(path.join(artifacts, repairJob, 'qmoi-junit.xml'), 'utf8').includes('name="package.json"'));
    assert.ok(quality.some((i) => i.location.path === 'package.json'), 'the Code Quality report names the repair');

    // The same pipeline run again (a retry, on the broken commit): it repairs again, but the branch already
    // has that repair, so nothing new lands.
    const tip = git(bare, ['rev-parse', 'main']).stdout.trim();
    const retry = await pipeline(checkout, variables, 120000);
    assert.equal(retry.status, 0, retry.output);
    assert.match(retry.output, /main already had the repairs/);
    assert.equal(git(bare, ['rev-parse', 'main']).stdout.trim(), tip, 'no second push');

    // The pipeline of the repaired commit (GitLab starts none for "[skip ci]", but run it anyway): nothing to push.
    const pulled = await runAsync('git', ['-c', `http.sslCAInfo=${ca}`, '-c', auth, 'pull', '-q', '--ff-only', 'origin', 'main'], checkout, 30000);
    assert.equal(pulled.status, 0, pulled.output);
    const next = await pipeline(checkout, variables, 60000, ['qmoi-hooks:repair']);
    assert.equal(next.status, 0, next.output);
    assert.match(next.output, /nothing to push: no file needed a repair/);
    assert.equal(git(bare, ['rev-parse', 'main']).stdout.trim(), tip, 'no push from the repaired commit');
    console.log(`      (gitlab-ci-local: ${[first, retry, next].map((r) => `${(r.ms / 1000).toFixed(1)} s`).join(', ')})`);
  });
});
