// Secrets: every command runs with fake tokens, an SMTP login and webhook URLs in the environment, and the
// token is really used (the git server demands it; the receivers get real notifications). None of the secret
// values may then appear in stdout or stderr, the logs, the notifications the test receivers got (the webhook
// path is the secret for Slack and Discord), any file in the repository (.git/config, reflogs, hooks, config,
// the CI template, a report), any object in the repository or its remote (backup refs included: `git cat-file
// --batch-all-objects --batch`), or the argv of any process qmoi-hooks started (visible to every user in `ps`).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ExecRecorder } from '../helpers/exec-recorder.js';
import { cert, GitHttpServer } from '../helpers/git-http-server.js';
import { CLI, cleanup, git, makeRepo, tempDir, testEnv, writeFiles } from '../helpers/repo.js';
import { startSmtpServer, type SmtpServer } from '../helpers/smtp.js';
import { startWebhookServer, type WebhookServer } from '../helpers/webhook-server.js';

const GITLAB_TOKEN = 'glpat-SECRETgl7Hq2Zr9Xv4';
const GITHUB_TOKEN = 'ghp_SECRETgh3Lm8Np1Qr6St';
const SMTP_USER = 'smtpSECRETuser4Fj';
const SMTP_PASS = 'smtp-SECRET-pass-9Kd2';

/** Every file under `dir` (not node_modules, not git's object store: objects are read through git). */
function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.name === 'node_modules' || p.endsWith(`${path.sep}.git${path.sep}objects`)) continue;
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Every object in a repository, content and all. */
function allObjects(dir: string): string {
  return git(dir, ['cat-file', '--batch-all-objects', '--batch']).stdout;
}

describe('reliability: no secret leaks from any command', function () {
  this.timeout(180_000);
  let slack: WebhookServer;
  let discord: WebhookServer;
  let smtp: SmtpServer;
  let server: GitHttpServer;
  let rec: ExecRecorder;
  const dirs: string[] = [];

  before(async () => {
    slack = await startWebhookServer('slack');
    discord = await startWebhookServer('discord');
    smtp = await startSmtpServer({ user: SMTP_USER, pass: SMTP_PASS });
    rec = new ExecRecorder();
  });
  after(async () => {
    await Promise.all([slack.close(), discord.close(), smtp.close(), server?.stop()]);
    rec.cleanup();
    cleanup(...dirs);
  });

  it('install, repair, validate, the hooks, push, ci, doctor, notify --test, report, restore, setup and demo', async () => {
    const root = tempDir('qmoi-secrets-');
    dirs.push(root);
    const srv = path.join(root, 'srv');
    fs.mkdirSync(srv);
    git(srv, ['init', '-q', '--bare', '-b', 'main', 'origin.git']);
    const bare = path.join(srv, 'origin.git');
    git(bare, ['config', 'http.receivepack', 'true']);
    server = await GitHttpServer.start({ root: srv, https: true, auth: { user: 'oauth2', password: GITLAB_TOKEN } });
    fs.mkdirSync(path.join(root, 'work'));
    const top = makeRepo({ dir: path.join(root, 'work') });
    git(top, ['push', '-q', bare, 'main']);
    git(top, ['remote', 'add', 'origin', `${server.url}/origin.git`]);
    git(top, ['branch', '-q', '--set-upstream-to=origin/main'], { allowFailure: true });
    const local = path.join(root, 'local.git');
    git(root, ['init', '-q', '--bare', '-b', 'main', local]);
    git(top, ['remote', 'add', 'local', local]);
    const all = ['repair', 'push.success', 'push.failure', 'ci', 'health'];
    writeFiles(top, {
      'config/qmoi.json': JSON.stringify({ push: { mode: 'foreground', remotes: ['origin'] } }, null, 2) + '\n',
      'config/notification.json': JSON.stringify({
        channels: { console: { enabled: true }, slack: { enabled: true }, discord: { enabled: true }, email: { enabled: true } },
        events: Object.fromEntries(all.map((e) => [e, ['console', 'slack', 'discord', 'email']])),
        maxAttempts: 1,
      }),
    });

    const secrets = {
      GITLAB_TOKEN,
      GITHUB_TOKEN,
      SMTP_USER,
      SMTP_PASS,
      SLACK_WEBHOOK_URL: slack.url,
      DISCORD_WEBHOOK_URL: discord.url,
    };
    const env = testEnv({
      ...rec.env(),
      ...secrets,
      GITLAB_API_URL: `${server.url}/api/v4`,
      GIT_SSL_CAINFO: cert().certFile,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      NOTIFY_EMAIL_TO: 'team@example.com',
      npm_config_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      QMOI_PUSH_BASE_DELAY_MS: '1',
    });
    const outputs: string[] = [];
    /** Runs a command without blocking (the receivers live in this process); keeps its output. */
    const run = (cmd: string, args: string[], extra: NodeJS.ProcessEnv = {}, input?: string): Promise<number | null> =>
      new Promise((resolve) => {
        const child = spawn(cmd, args, { cwd: top, env: { ...env, ...extra } });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d));
        child.stderr.on('data', (d: Buffer) => (out += d));
        child.stdin.end(input ?? '');
        const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
        child.on('close', (code) => {
          clearTimeout(timer);
          outputs.push(`$ ${[cmd, ...args].join(' ')}\n${out}`);
          resolve(code);
        });
      });
    const qmoi = (args: string[], extra: NodeJS.ProcessEnv = {}) => run(process.execPath, [CLI, ...args], extra);

    assert.equal(await qmoi(['install', '--ci', 'gitlab']), 0);
    git(top, ['add', '-A']);
    git(top, ['commit', '-q', '-m', 'install'], { env: { QMOI_HOOKS: '0' } });
    writeFiles(top, { 'a.json': '{ "a": 1, }\n' });
    assert.equal(await qmoi(['repair', '--verbose', 'a.json']), 0);
    assert.equal(await qmoi(['validate', '--all', '--verbose']), 0);
    // The hooks: pre-commit repairs, post-commit backs up and pushes with the token (foreground), pre-push validates.
    writeFiles(top, { 'b.json': '{ "b": 2, }\n' });
    git(top, ['add', 'a.json', 'b.json']);
    assert.equal(await run('git', ['commit', '-m', 'hooked commit']), 0, outputs.at(-1));
    assert.equal(git(bare, ['rev-parse', 'main']).stdout.trim(), git(top, ['rev-parse', 'HEAD']).stdout.trim(), 'post-commit pushed with the token');
    assert.equal(await run('git', ['push', '-q', 'local', 'main']), 0, outputs.at(-1));
    writeFiles(top, { 'c.txt': 'c\n' });
    git(top, ['add', 'c.txt']);
    git(top, ['commit', '-q', '-m', 'unhooked'], { env: { QMOI_HOOKS: '0' } });
    assert.equal(await qmoi(['push', '--verbose']), 0, outputs.at(-1));
    // A push that fails (wrong token next to the right ones in the environment): its messages and notifications too.
    writeFiles(top, { 'd.txt': 'd\n' });
    git(top, ['add', 'd.txt']);
    git(top, ['commit', '-q', '-m', 'to fail'], { env: { QMOI_HOOKS: '0' } });
    assert.equal(await qmoi(['push', '--verbose'], { GITLAB_TOKEN: `${GITLAB_TOKEN}-stale` }), 1, outputs.at(-1));
    assert.equal(await qmoi(['push', '--json']), 0, outputs.at(-1));
    // ci: repairs a broken committed file, commits and pushes the repair with the token.
    writeFiles(top, { 'e.json': '{ "e": 5, }\n' });
    git(top, ['add', 'e.json']);
    git(top, ['commit', '-q', '-m', 'broken e'], { env: { QMOI_HOOKS: '0' } });
    git(top, ['push', '-q', '--no-verify', bare, 'main']);
    assert.equal(await qmoi(['ci', '--no-install', '--verbose'], { GITLAB_CI: 'true', CI_COMMIT_BRANCH: 'main', CI_COMMIT_REF_NAME: 'main' }), 0, outputs.at(-1));
    // (doctor finds qmoi-hooks missing from this package's dependencies: the built CLI runs it here.)
    await qmoi(['doctor', '--verbose']);
    await qmoi(['doctor', '--fix', '--json']);
    assert.equal(await qmoi(['notify', '--test', '--verbose']), 0, outputs.at(-1));
    const html = path.join(root, 'report.html');
    assert.equal(await qmoi(['report', '--since', '7d', '--html', html]), 0, outputs.at(-1));
    assert.equal(await qmoi(['report', '--json']), 0);
    assert.equal(await qmoi(['restore']), 0);
    const id = git(top, ['for-each-ref', '--count=1', '--format=%(refname:lstrip=3)', 'refs/qmoi/backups/']).stdout.trim();
    assert.ok(id, 'there is a backup to restore');
    assert.equal(await qmoi(['restore', id, '--verbose']), 0, outputs.at(-1));
    await qmoi(['setup', '--json']);
    assert.equal(await qmoi(['demo']), 0, outputs.at(-1));

    // What the receivers got: real notifications, with no secret in them (a webhook's path is where it was sent).
    assert.ok(slack.received.length >= 3 && discord.received.length >= 3 && smtp.messages.length >= 3, 'notifications were delivered');
    const received = [
      ...slack.received.map((r) => `${JSON.stringify(r.headers)}\n${r.body}`),
      ...discord.received.map((r) => `${JSON.stringify(r.headers)}\n${r.body}`),
      ...smtp.messages.map((m) => `${m.from} ${m.to.join(',')}\n${m.raw}`),
    ];

    const places: [string, string][] = [
      ...outputs.map((o, i): [string, string] => [`output of command ${i}: ${o.split('\n')[0]}`, o]),
      ...received.map((r, i): [string, string] => [`notification ${i}`, r]),
      ...files(top).map((f): [string, string] => [f, fs.readFileSync(f, 'latin1')]),
      [html, fs.readFileSync(html, 'utf8')],
      ['objects of the repository', allObjects(top)],
      ['objects of the remote', allObjects(bare)],
      ['objects of the local remote', allObjects(local)],
      ...files(bare).map((f): [string, string] => [f, fs.readFileSync(f, 'latin1')]),
      ['argv of every process qmoi-hooks started', rec.spawned().map((s) => [s.file, ...s.args].join(' ')).join('\n')],
    ];
    assert.ok(places.some(([where]) => where.endsWith(path.join('logs', 'audit.log'))), 'the logs were searched');
    assert.ok(rec.spawned().length > 20, 'the argv recorder saw the commands');
    const forms = (v: string) => {
      const out = [v, encodeURIComponent(v), Buffer.from(`oauth2:${v}`).toString('base64'), Buffer.from(`x-access-token:${v}`).toString('base64')];
      try {
        const u = new URL(v);
        if (u.pathname.length > 8) out.push(u.pathname);
      } catch {
        /* not a URL */
      }
      return out;
    };
    for (const [name, value] of Object.entries(secrets)) {
      for (const form of forms(value)) for (const [where, text] of places) assert.ok(!text.includes(form), `${name} (as ${JSON.stringify(form.slice(0, 12))}…) found in ${where}`);
    }
  });
});
