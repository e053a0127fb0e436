// qmoi-hooks push against a real git smart-HTTP server: tokens, retries, faults, push options.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { basic, deadUrl, GitHttpServer } from './helpers/git-http-server.js';
import { World } from './helpers/push-fixtures.js';
import { git } from './helpers/repo.js';

const TOKEN = 'glpat-FAKE0123456789abcdef';
const GH_TOKEN = 'ghp_FAKE0123456789abcdefghij';

describe('qmoi-hooks push (smart HTTP)', function () {
  let w: World;
  let server: GitHttpServer | undefined;
  afterEach(async function () {
    await server?.stop();
    server = undefined;
    if (this.currentTest?.state === 'passed') w.cleanup();
  });

  /** A world whose origin is https://127.0.0.1:PORT/origin.git behind basic auth oauth2:TOKEN. */
  async function gitlab(config?: object, opts: { pushOptions?: boolean; https?: boolean } = {}) {
    w = new World(config);
    const bare = w.bare('origin.git', opts);
    server = await GitHttpServer.start({ root: path.dirname(bare), https: opts.https ?? true, auth: { user: 'oauth2', password: TOKEN } });
    w.remote('origin', `${server.url}/origin.git`);
    const env = { GITLAB_TOKEN: TOKEN, GITLAB_API_URL: `${server.url}/api/v4`, GITHUB_TOKEN: GH_TOKEN };
    return { bare, server, env };
  }

  it('sends GITLAB_TOKEN as oauth2 basic auth to the GitLab host, and nowhere else', async () => {
    const { bare, server, env } = await gitlab();
    const sha = w.commit('feature', { 'a.txt': 'a\n' });
    const r = await w.cli(['push', '--json', '--verbose'], env);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).remotes[0].status, 'pushed');
    assert.equal(git(bare, ['rev-parse', 'main']).stdout.trim(), sha);
    const pushes = server.seen('git-receive-pack');
    assert.ok(pushes.length >= 2);
    for (const p of pushes) assert.equal(p.authorization, basic('oauth2', TOKEN));
    w.assertNoSecrets([TOKEN, GH_TOKEN], [r.stdout, r.stderr]);
    assert.ok(w.argv().some((l) => l.includes('push --porcelain')), 'the argv log works');
    w.assertNothingLost();
  });

  it('sends no token over plain http: authentication fails without retries (exit 1)', async () => {
    const { server, env } = await gitlab(undefined, { https: false });
    w.commit('feature', { 'a.txt': 'a\n' });
    const r = await w.cli(['push', '--json'], { ...env, GITLAB_API_URL: `${server.url}/api/v4` });
    assert.equal(r.status, 1, r.stderr);
    const res = JSON.parse(r.stdout).remotes[0];
    assert.equal(res.classification, 'auth');
    assert.equal(res.attempts, 1);
    assert.ok(server.requests.every((q) => q.authorization === undefined));
    w.assertNoSecrets([TOKEN, GH_TOKEN], [r.stdout, r.stderr]);
    w.assertNothingLost();
  });

  it('retries 503s with backoff and then lands', async () => {
    const { bare, server, env } = await gitlab();
    server.inject({ kind: 'status', code: 503 }, 2);
    const sha = w.commit('feature', { 'a.txt': 'a\n' });
    const r = await w.cli(['push', '--json'], env);
    assert.equal(r.status, 0, r.stderr);
    const res = JSON.parse(r.stdout).remotes[0];
    assert.equal(res.status, 'pushed');
    assert.equal(res.attempts, 3);
    assert.equal(git(bare, ['rev-parse', 'main']).stdout.trim(), sha);
    w.assertNothingLost();
  });

  it('retries connection resets and then lands', async () => {
    const { server, env } = await gitlab();
    server.inject({ kind: 'reset' }, 2);
    w.commit('feature', { 'a.txt': 'a\n' });
    const r = await w.cli(['push', '--json'], env);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).remotes[0].attempts, 3);
    w.assertNothingLost();
  });

  for (const code of [401, 403]) {
    it(`does not retry a ${code}: authentication, exit 1, its own message`, async () => {
      const { server, env } = await gitlab();
      server.inject({ kind: 'status', code }, 10);
      w.commit('feature', { 'a.txt': 'a\n' });
      const r = await w.cli(['push', '--json'], env);
      assert.equal(r.status, 1, r.stderr);
      const res = JSON.parse(r.stdout).remotes[0];
      assert.equal(res.classification, 'auth');
      assert.equal(res.attempts, 1);
      assert.equal(server.seen('git-receive-pack').length, 1);
      assert.equal(res.backupBranch, undefined);
      const human = await w.cli(['push'], env);
      assert.match(human.stdout, /could not push main to origin: authentication failed[\s\S]*next: check GITLAB_TOKEN/);
      w.assertNoSecrets([TOKEN], [r.stdout, r.stderr, human.stdout, human.stderr]);
      w.assertNothingLost();
    });
  }

  it('with a wrong token, runs push.tokenCommand once and pushes with the fresh token', async () => {
    const { bare, server, env } = await gitlab();
    const tokenScript = path.join(w.root, 'token.mjs');
    fs.writeFileSync(tokenScript, `process.stdout.write(process.env.QMOI_TOKEN_PROVIDER === 'gitlab' ? '\\n${TOKEN}\\n' : 'wrong');\n`);
    w.config({ push: { tokenCommand: `"${process.execPath}" '${tokenScript}'` } });
    const sha = w.head();
    const stale = 'glpat-STALE-token-000000';
    const r = await w.cli(['push', '--json'], { ...env, GITLAB_TOKEN: stale });
    assert.equal(r.status, 0, r.stderr);
    const res = JSON.parse(r.stdout).remotes[0];
    assert.deepEqual(res.tokenRefresh, { ok: true });
    assert.equal(res.attempts, 2);
    assert.equal(git(bare, ['rev-parse', 'main']).stdout.trim(), sha);
    const auths = server.seen('git-receive-pack').map((q) => q.authorization);
    assert.equal(auths[0], basic('oauth2', stale));
    assert.equal(auths[auths.length - 1], basic('oauth2', TOKEN));
    w.assertNoSecrets([TOKEN, stale], [r.stdout, r.stderr]);
    w.assertNothingLost();
  });

  it('gives up after one refresh when the fresh token fails too', async () => {
    const { server, env } = await gitlab({ push: { tokenCommand: 'echo still-wrong-token' } });
    w.commit('feature', { 'a.txt': 'a\n' });
    const r = await w.cli(['push', '--json'], { ...env, GITLAB_TOKEN: 'glpat-STALE-token-000000' });
    assert.equal(r.status, 1, r.stderr);
    const res = JSON.parse(r.stdout).remotes[0];
    assert.equal(res.classification, 'auth');
    assert.deepEqual(res.tokenRefresh, { ok: true });
    assert.equal(res.attempts, 2);
    assert.equal(server.seen('git-receive-pack').filter((q) => q.status === 401).length, 2);
    w.assertNoSecrets(['still-wrong-token', 'glpat-STALE-token-000000'], [r.stdout, r.stderr]);
    w.assertNothingLost();
  });

  it('sends GITHUB_TOKEN as x-access-token to github.com only', async () => {
    w = new World();
    const bare = w.bare('gh.git');
    server = await GitHttpServer.start({ root: path.dirname(bare), https: true, auth: { user: 'x-access-token', password: GH_TOKEN } });
    const port = new URL(server.url).port;
    // github.com resolves to the test server for this repository's git only.
    git(w.work, ['config', 'http.curloptResolve', `github.com:${port}:127.0.0.1`]);
    w.remote('origin', `https://github.com:${port}/gh.git`);
    const sha = w.commit('feature', { 'a.txt': 'a\n' });
    const r = await w.cli(['push', '--json'], { GITHUB_TOKEN: GH_TOKEN, GITLAB_TOKEN: TOKEN });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(git(bare, ['rev-parse', 'main']).stdout.trim(), sha);
    for (const p of server.seen('git-receive-pack')) assert.equal(p.authorization, basic('x-access-token', GH_TOKEN));
    w.assertNoSecrets([TOKEN, GH_TOKEN], [r.stdout, r.stderr]);
    w.assertNothingLost();
  });

  it('overrides a stale extraHeader a CI checkout left in .git/config', async () => {
    const { bare, env } = await gitlab();
    git(w.work, ['config', `http.${new URL(server!.url).origin}/.extraHeader`, `Authorization: ${basic('oauth2', 'old-ci-token')}`]);
    const sha = w.commit('feature', { 'a.txt': 'a\n' });
    const r = await w.cli(['push', '--json'], env);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(git(bare, ['rev-parse', 'main']).stdout.trim(), sha);
    w.assertNothingLost();
  });

  it('survives a slow server within the time budget', async () => {
    const { server, env } = await gitlab();
    server.inject({ kind: 'delay', ms: 1500 }, 1);
    w.commit('feature', { 'a.txt': 'a\n' });
    const r = await w.cli(['push', '--json'], env);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).remotes[0].attempts, 1);
    w.assertNothingLost();
  });

  it('gives up on a server slower than push.maxSeconds, within that budget', async () => {
    const { server, env } = await gitlab({ push: { maxSeconds: 2 } });
    server.inject({ kind: 'delay', ms: 30_000 }, 10);
    w.commit('feature', { 'a.txt': 'a\n' });
    const t0 = Date.now();
    const r = await w.cli(['push', '--json'], env);
    const took = Date.now() - t0;
    assert.equal(r.status, 1, r.stderr);
    assert.equal(JSON.parse(r.stdout).remotes[0].classification, 'network');
    assert.ok(took < 6000, `took ${took} ms`);
    w.assertNothingLost();
  });

  it('adds -o ci.skip for GitLab when configured, and the server receives it', async () => {
    const { bare, env } = await gitlab({ push: { ciSkip: true } }, { pushOptions: true });
    w.commit('feature', { 'a.txt': 'a\n' });
    const r = await w.cli(['push', '--json'], env);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).remotes[0].pushOptionsDropped, undefined);
    assert.equal(fs.readFileSync(path.join(bare, 'push-options.log'), 'utf8').trim(), '1 ci.skip');
    w.assertNothingLost();
  });

  it('retries without push options when the server refuses them', async () => {
    const { bare, env } = await gitlab({ push: { ciSkip: true } });
    const sha = w.head();
    const r = await w.cli(['push', '--json'], env);
    assert.equal(r.status, 0, r.stderr);
    const res = JSON.parse(r.stdout).remotes[0];
    assert.equal(res.pushOptionsDropped, true);
    assert.equal(res.attempts, 2);
    assert.equal(git(bare, ['rev-parse', 'main']).stdout.trim(), sha);
    w.assertNothingLost();
  });

  it('never sends push options to a remote that is not GitLab', async () => {
    w = new World({ push: { ciSkip: true } });
    const bare = w.bare('plain.git', { pushOptions: true });
    w.remote('origin', bare);
    w.commit('feature', { 'a.txt': 'a\n' });
    const r = await w.cli(['push', '--json'], { GITLAB_API_URL: 'https://gitlab.example.com/api/v4' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(fs.readFileSync(path.join(bare, 'push-options.log'), 'utf8').trim(), '0');
    assert.ok(!w.argv().some((l) => l.includes('ci.skip')));
    w.assertNothingLost();
  });

  it('with the default policy, fails within 60 s against a dead server (bounded by attempts)', async function () {
    this.timeout(90_000);
    w = new World();
    w.remote('origin', `${await deadUrl()}/origin.git`);
    w.commit('feature', { 'a.txt': 'a\n' });
    const t0 = Date.now();
    const r = await w.cli(['push', '--json'], { QMOI_PUSH_BASE_DELAY_MS: '' });
    const took = Date.now() - t0;
    assert.equal(r.status, 1, r.stderr);
    const res = JSON.parse(r.stdout).remotes[0];
    assert.equal(res.classification, 'network');
    assert.equal(res.attempts, 5);
    assert.ok(took < 60_000, `took ${took} ms`);
    assert.ok(took >= 3_500, `backoff waited (${took} ms)`);
    w.assertNothingLost();
  });
});
