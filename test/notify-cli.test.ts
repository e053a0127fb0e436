// `qmoi-hooks notify --test` through the built CLI, against real receivers on 127.0.0.1.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cleanup, makeRepo, writeFiles } from './helpers/repo.js';
import { startSmtpServer, type SmtpServer } from './helpers/smtp.js';
import { runCliAsync, startWebhookServer, type WebhookServer } from './helpers/webhook-server.js';

const SMTP_PASS = 'cli-pw-Yt7-secret';

describe('qmoi-hooks notify --test', function () {
  this.timeout(30000);
  const dirs: string[] = [];
  let slack: WebhookServer;
  let discord: WebhookServer;
  let smtp: SmtpServer;

  beforeEach(async () => {
    slack = await startWebhookServer('slack');
    discord = await startWebhookServer('discord');
    smtp = await startSmtpServer({ user: 'ci', pass: SMTP_PASS });
  });
  afterEach(async () => {
    await Promise.all([slack.close(), discord.close(), smtp.close()]);
  });
  after(() => cleanup(...dirs));

  function project(enabled: Record<string, boolean>): string {
    const dir = makeRepo();
    dirs.push(dir);
    const channels = Object.fromEntries(Object.entries(enabled).map(([c, on]) => [c, { enabled: on }]));
    writeFiles(dir, { 'config/notification.json': JSON.stringify({ channels, maxAttempts: 2 }) });
    return dir;
  }

  function env(): NodeJS.ProcessEnv {
    return { SLACK_WEBHOOK_URL: slack.url, DISCORD_WEBHOOK_URL: discord.url, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_USER: 'ci', SMTP_PASS, NOTIFY_EMAIL_TO: 'team@example.com' };
  }

  function logsOf(dir: string): string {
    const logs = path.join(dir, 'logs');
    return fs.readdirSync(logs).map((f) => fs.readFileSync(path.join(logs, f), 'utf8')).join('\n');
  }

  it('sends to every enabled channel, prints a table, exits 0 when all delivered', async () => {
    const dir = project({ console: true, slack: true, discord: true, email: true });
    const r = await runCliAsync(dir, ['notify', '--test'], { env: env() });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /^channel\s+result\s+attempts\s+detail$/m);
    for (const c of ['console', 'slack', 'discord', 'email']) assert.match(r.stdout, new RegExp(`^${c}\\s+delivered\\s+1$`, 'm'));
    assert.match(r.stdout, /4 of 4 enabled channel\(s\) delivered\./);
    assert.match(r.stderr, /qmoi-hooks: Test notification/);
    assert.match(slack.received[0].json.blocks[1].text.text, /notifications from .* reach this channel/);
    assert.equal(discord.received.length, 1);
    assert.match(smtp.messages[0].raw, /Subject: \[qmoi-hooks\] Test notification/);
    const all = r.stdout + r.stderr + logsOf(dir);
    for (const secret of [slack.secret, discord.secret, SMTP_PASS]) assert.ok(!all.includes(secret), `leaked ${secret}`);
    assert.match(logsOf(dir), /"action":"notify","target":"email","result":"ok"/);
  });

  it('--json reports each channel; exit 1 when one fails, and a skipped channel counts as not delivered', async () => {
    const dir = project({ console: false, slack: true, discord: true, email: false });
    const wrongDiscord = { ...env(), DISCORD_WEBHOOK_URL: discord.url.replace(/\/[^/]+$/, '/revoked') };
    const r = await runCliAsync(dir, ['notify', '--test', '--json'], { env: wrongDiscord });
    assert.equal(r.status, 1, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(
      doc.channels.map((c: any) => [c.channel, c.result, c.attempts, c.error ?? null]),
      [
        ['slack', 'delivered', 1, null],
        ['discord', 'failed', 1, 'HTTP 404: Unknown Webhook'],
      ],
    );
    assert.deepEqual(doc.summary, { delivered: 1, failed: 1, skipped: 0 });
    assert.equal(discord.received.length, 1, 'a 404 is not retried');

    const skipped = await runCliAsync(dir, ['notify', '--test', '--json'], { env: { SLACK_WEBHOOK_URL: slack.url, DISCORD_WEBHOOK_URL: '' } });
    assert.equal(skipped.status, 1);
    const doc2 = JSON.parse(skipped.stdout);
    assert.deepEqual(doc2.channels[1], { channel: 'discord', result: 'skipped', attempts: 0, reason: 'DISCORD_WEBHOOK_URL is not set' });
  });

  it('says so and exits 1 when no channel is enabled', async () => {
    const dir = project({ console: false, slack: false, discord: false, email: false });
    const r = await runCliAsync(dir, ['notify', '--test'], { env: env() });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no channel is enabled in config\/notification.json/);
  });

  it('exits 2 on usage errors', async () => {
    const dir = project({ console: true });
    const none = await runCliAsync(dir, ['notify']);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /--test sends a test message/);
    const typo = await runCliAsync(dir, ['notify', '--tset']);
    assert.equal(typo.status, 2);
    const help = await runCliAsync(dir, ['notify', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /SLACK_WEBHOOK_URL/);
  });
});
