// notify() against real receivers on 127.0.0.1: Slack- and Discord-like HTTP servers and an SMTP server.
// Waits (backoff, Retry-After) go through an injected clock, so they are recorded, not slept.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { openWorkspace, type Workspace } from '../src/core/workspace.js';
import { readLog } from '../src/log/logger.js';
import { notify, type Clock, type NotifyEvent } from '../src/notify/index.js';
import { cleanup, tempDir, writeFiles } from './helpers/repo.js';
import { startSmtpServer, type SmtpServer } from './helpers/smtp.js';
import { closedPort, discordProblem, slackProblem, startWebhookServer, type WebhookServer } from './helpers/webhook-server.js';

const SMTP_USER = 'qmoi-sender';
const SMTP_PASS = 'pw-Zq8x-not-for-logs';

/** A clock whose sleeps return at once and are recorded; its jitter is fixed (`random`, default the longest wait). */
function fakeClock(random = 0.999999): Clock & { sleeps: number[] } {
  let offset = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => Date.now() + offset,
    random: () => random,
    sleep: async (ms) => {
      sleeps.push(ms);
      offset += ms;
    },
  };
}

const failure: NotifyEvent = { event: 'push.failure', level: 'error', title: 'push to origin failed', text: 'rejected: non-fast-forward', fields: { branch: 'main', remote: 'origin' } };

describe('notify (real receivers on 127.0.0.1)', function () {
  this.timeout(20000);
  const dirs: string[] = [];
  let slack: WebhookServer;
  let discord: WebhookServer;
  let smtp: SmtpServer;

  beforeEach(async () => {
    slack = await startWebhookServer('slack');
    discord = await startWebhookServer('discord');
    smtp = await startSmtpServer({ user: SMTP_USER, pass: SMTP_PASS, size: 64 * 1024 });
  });
  afterEach(async () => {
    await Promise.all([slack.close(), discord.close(), smtp.close()]);
  });
  after(() => cleanup(...dirs));

  /** A package whose notification config enables `channels` (plus `extra` keys). */
  function workspace(channels: string[], extra: object = {}): Workspace {
    const dir = tempDir('qmoi-notify-');
    dirs.push(dir);
    const cfg = {
      channels: Object.fromEntries(['console', 'slack', 'discord', 'email'].map((c) => [c, { enabled: channels.includes(c) }])),
      events: { 'push.failure': channels, health: channels, repair: ['console'] },
      timeoutMs: 2000,
      maxAttempts: 3,
      ...extra,
    };
    writeFiles(dir, { 'package.json': '{"name":"app","version":"1.0.0"}\n', 'config/notification.json': JSON.stringify(cfg) });
    const ws = openWorkspace(dir);
    assert.deepEqual(ws.loaded.problems, []);
    return ws;
  }

  function env(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      SLACK_WEBHOOK_URL: slack.url,
      DISCORD_WEBHOOK_URL: discord.url,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_USER,
      SMTP_PASS,
      SMTP_FROM: 'qmoi@example.com',
      NOTIFY_EMAIL_TO: 'dev@example.com, lead@example.com',
      ...overrides,
    };
  }

  /** Every byte of the logs folder. */
  function allLogs(ws: Workspace): string {
    return fs
      .readdirSync(ws.logger.dir)
      .map((f) => fs.readFileSync(path.join(ws.logger.dir, f), 'utf8'))
      .join('\n');
  }

  function assertNoSecrets(text: string): void {
    for (const secret of [slack.secret, discord.secret, SMTP_PASS]) assert.ok(!text.includes(secret), `secret ${secret} leaked`);
  }

  it('delivers to console, Slack, Discord and e-mail in one call, and logs and audits each', async () => {
    const ws = workspace(['console', 'slack', 'discord', 'email']);
    const stream = new PassThrough();
    let printed = '';
    stream.on('data', (d: Buffer) => (printed += d.toString()));
    const results = await notify(ws, failure, { env: env(), stream, clock: fakeClock() });

    assert.deepEqual(
      results.map((r) => [r.channel, r.ok, r.attempts]),
      [
        ['console', true, 1],
        ['slack', true, 1],
        ['discord', true, 1],
        ['email', true, 1],
      ],
    );
    assert.match(printed, /^qmoi-hooks: push to origin failed\n  rejected: non-fast-forward\n\n  branch: main\n/);

    const s = slack.received[0].json;
    assert.equal(s.blocks[0].type, 'section');
    assert.match(s.blocks[0].text.text, /:x: \*push to origin failed\*/);
    assert.deepEqual(s.blocks[2].fields.map((f: any) => f.text), ['*branch*\nmain', '*remote*\norigin']);
    assert.match(s.text, /push to origin failed\nrejected: non-fast-forward/);
    assert.equal(slack.received[0].headers['content-type'], 'application/json; charset=utf-8');

    const d = discord.received[0].json;
    assert.match(d.content, /\*\*push to origin failed\*\*/);
    assert.equal(d.embeds[0].description, 'rejected: non-fast-forward');
    assert.deepEqual(d.embeds[0].fields[0], { name: 'branch', value: 'main', inline: true });
    assert.deepEqual(d.allowed_mentions, { parse: [] });

    assert.equal(smtp.messages.length, 1);
    assert.deepEqual(smtp.messages[0].to, ['dev@example.com', 'lead@example.com']);
    assert.equal(smtp.messages[0].from, 'qmoi@example.com');
    assert.match(smtp.messages[0].raw, /^Subject: \[qmoi-hooks\] push to origin failed\r?$/m);
    assert.match(smtp.messages[0].raw, /branch: main/);

    const attempts = readLog(ws.logger.dir, 'notification');
    assert.deepEqual(attempts.map((a) => a.channel).sort(), ['console', 'discord', 'email', 'slack']);
    assert.ok(attempts.every((a) => a.ok === true && a.attempt === 1 && a.event === 'push.failure'));
    const audit = readLog(ws.logger.dir, 'audit').filter((a) => a.action === 'notify');
    assert.deepEqual(audit.map((a) => [a.target, a.result]).sort(), [
      ['console', 'ok'],
      ['discord', 'ok'],
      ['email', 'ok'],
      ['slack', 'ok'],
    ]);
    assertNoSecrets(allLogs(ws) + printed);
  });

  it('sends only to the enabled channels the event is routed to', async () => {
    const ws = workspace(['console', 'slack']);
    const results = await notify(ws, { event: 'repair', level: 'info', title: 'repaired a.json', text: '' }, { env: env(), stream: new PassThrough() });
    assert.deepEqual(results.map((r) => r.channel), ['console']);
    const health = await notify(ws, { ...failure, event: 'health' }, { env: env(), stream: new PassThrough(), clock: fakeClock() });
    assert.deepEqual(health.map((r) => r.channel), ['console', 'slack']);
    assert.equal(discord.received.length, 0);
    assert.equal(smtp.messages.length, 0);
  });

  it('waits as long as Slack’s Retry-After says on 429, then delivers', async () => {
    const ws = workspace(['slack']);
    slack.script({ status: 429, headers: { 'retry-after': '3' }, body: 'rate_limited' });
    const clock = fakeClock();
    const [r] = await notify(ws, failure, { env: env(), clock });
    assert.equal(r.ok, true);
    assert.equal(r.attempts, 2);
    assert.deepEqual(clock.sleeps, [3000]);
    assert.equal(slack.received.length, 2);
    const log = readLog(ws.logger.dir, 'notification');
    assert.equal(log[0].status, 429);
    assert.equal(log[0].waitMs, 3000);
    assert.match(String(log[0].error), /rate limited: HTTP 429: rate_limited/);
  });

  it('waits for Discord’s fractional JSON retry_after on 429', async () => {
    const ws = workspace(['discord']);
    discord.script({ status: 429, headers: { 'content-type': 'application/json', 'retry-after': '2' }, body: JSON.stringify({ message: 'You are being rate limited.', retry_after: 1.237, global: false }) });
    const clock = fakeClock();
    const [r] = await notify(ws, failure, { env: env(), clock });
    assert.equal(r.ok, true);
    assert.deepEqual(clock.sleeps, [1237]);
  });

  it('retries a 500 with backoff and delivers on the next attempt', async () => {
    const ws = workspace(['discord']);
    discord.script({ status: 500, body: 'oops' }, { status: 502, body: 'bad gateway' });
    const clock = fakeClock();
    const [r] = await notify(ws, failure, { env: env(), clock });
    assert.deepEqual([r.ok, r.attempts], [true, 3]);
    assert.deepEqual(clock.sleeps, [500, 1000]);
    assert.equal(discord.received.length, 3);
  });

  it('spreads the backoff waits: half of each is random (equal jitter)', async () => {
    const ws = workspace(['discord']);
    discord.script({ status: 500, body: 'oops' }, { status: 503, body: 'busy' });
    const clock = fakeClock(0);
    const [r] = await notify(ws, failure, { env: env(), clock });
    assert.deepEqual([r.ok, r.attempts], [true, 3]);
    assert.deepEqual(clock.sleeps, [250, 500]);
  });

  it('gives up after maxAttempts on repeated 5xx', async () => {
    const ws = workspace(['slack'], { maxAttempts: 2 });
    slack.script({ status: 503 }, { status: 503 }, { status: 503 });
    const [r] = await notify(ws, failure, { env: env(), clock: fakeClock() });
    assert.equal(r.ok, false);
    assert.equal(slack.received.length, 2);
    assert.match(r.error ?? '', /HTTP 503 \(gave up after 2 attempts\)/);
  });

  it('never retries a 404 or a 400 (Discord bans callers that repeat invalid requests)', async () => {
    const ws = workspace(['slack', 'discord']);
    const clock = fakeClock();
    const wrong = env({ SLACK_WEBHOOK_URL: slack.url + 'x', DISCORD_WEBHOOK_URL: discord.url + 'x' });
    const results = await notify(ws, failure, { env: wrong, clock });
    assert.deepEqual(results.map((r) => [r.channel, r.ok, r.attempts, r.status]), [
      ['slack', false, 1, 404],
      ['discord', false, 1, 404],
    ]);
    assert.equal(results[0].error, 'HTTP 404: no_service');
    assert.equal(results[1].error, 'HTTP 404: Unknown Webhook');
    assert.deepEqual(clock.sleeps, []);
    discord.script({ status: 400, headers: { 'content-type': 'application/json' }, body: '{"message":"Invalid Form Body","code":50035}' });
    const [bad] = await notify(workspace(['discord']), failure, { env: env(), clock });
    assert.deepEqual([bad.ok, bad.attempts, bad.error], [false, 1, 'HTTP 400: Invalid Form Body']);
    assert.equal(discord.received.length, 2);
    assert.deepEqual(clock.sleeps, []);
  });

  it('times out a receiver that never answers, and retries within the limits', async () => {
    const ws = workspace(['slack'], { timeoutMs: 150, maxAttempts: 2 });
    slack.script({ hang: true }, { hang: true });
    const started = Date.now();
    const [r] = await notify(ws, failure, { env: env(), clock: fakeClock() });
    assert.equal(r.ok, false);
    assert.match(r.error ?? '', /no answer within 150 ms \(gave up after 2 attempts\)/);
    assert.equal(slack.received.length, 2);
    assert.ok(Date.now() - started < 2000);
  });

  it('bounds the whole notification: a Retry-After beyond the limit is not waited for', async () => {
    const ws = workspace(['slack'], { totalTimeoutMs: 30000 });
    slack.script({ status: 429, headers: { 'retry-after': '120' } });
    const clock = fakeClock();
    const [r] = await notify(ws, failure, { env: env(), clock });
    assert.equal(r.ok, false);
    assert.deepEqual(clock.sleeps, []);
    assert.match(r.error ?? '', /server asked to wait 120 s, no time left to retry within the notification time limit/);
  });

  it('bounds the whole notification in real time, even with a long per-attempt timeout', async () => {
    const ws = workspace(['console', 'slack'], { timeoutMs: 60000, totalTimeoutMs: 300 });
    slack.script({ hang: true });
    const started = Date.now();
    const results = await notify(ws, failure, { env: env(), stream: new PassThrough() });
    const ms = Date.now() - started;
    assert.ok(ms >= 250 && ms < 2000, `took ${ms} ms`);
    assert.deepEqual(results.map((r) => [r.channel, r.ok]), [
      ['console', true],
      ['slack', false],
    ]);
    assert.match(results[1].error ?? '', /notification time limit/);
  });

  it('sends channels in parallel: two hanging receivers cost one timeout, not two', async () => {
    const ws = workspace(['slack', 'discord'], { timeoutMs: 400, maxAttempts: 1 });
    slack.script({ hang: true });
    discord.script({ hang: true });
    const started = Date.now();
    const results = await notify(ws, failure, { env: env(), clock: fakeClock() });
    const ms = Date.now() - started;
    assert.ok(results.every((r) => !r.ok));
    assert.ok(ms < 750, `took ${ms} ms`);
  });

  it('skips an enabled channel whose environment variable is missing, with the reason, and sends the rest', async () => {
    const ws = workspace(['slack', 'discord', 'email']);
    const results = await notify(ws, failure, { env: env({ SLACK_WEBHOOK_URL: undefined, NOTIFY_EMAIL_TO: '' }), clock: fakeClock() });
    assert.deepEqual(results.map((r) => [r.channel, r.ok, r.attempts, r.skipped]), [
      ['slack', false, 0, 'SLACK_WEBHOOK_URL is not set'],
      ['discord', true, 1, undefined],
      ['email', false, 0, 'NOTIFY_EMAIL_TO is not set'],
    ]);
    const audit = readLog(ws.logger.dir, 'audit').filter((a) => a.target === 'slack');
    assert.equal(audit[0].result, 'skipped');
    assert.equal(audit[0].reason, 'SLACK_WEBHOOK_URL is not set');
  });

  it('refuses webhook URLs that are not http(s) and sends nothing there', async () => {
    const ws = workspace(['slack', 'discord']);
    const results = await notify(ws, failure, { env: env({ SLACK_WEBHOOK_URL: 'file:///etc/passwd', DISCORD_WEBHOOK_URL: 'not a url' }), clock: fakeClock() });
    assert.deepEqual(results.map((r) => [r.channel, r.ok, r.attempts, r.error]), [
      ['slack', false, 0, 'SLACK_WEBHOOK_URL must be an http(s) URL, not file:'],
      ['discord', false, 0, 'DISCORD_WEBHOOK_URL is not a valid URL'],
    ]);
    assert.equal(slack.received.length + discord.received.length, 0);
  });

  it('fits huge events into Slack’s and Discord’s limits with a visible marker, never a rejection', async () => {
    const ws = workspace(['slack', 'discord'], { channels: { slack: { enabled: true, username: 'u'.repeat(300) }, discord: { enabled: true, username: 'qmoi-bot '.repeat(30) } } });
    const line = 'x'.repeat(120) + ' <@everyone> & more\n';
    const fields = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`file${i}`, 'y'.repeat(3000)]));
    const huge: NotifyEvent = { event: 'push.failure', level: 'warning', title: 'T'.repeat(5000), text: line.repeat(2000), fields };
    const results = await notify(ws, huge, { env: env(), clock: fakeClock() });
    assert.deepEqual(results.map((r) => r.ok), [true, true], JSON.stringify(results));

    const s = slack.received[0].json;
    assert.equal(slackProblem(s), undefined);
    assert.equal(s.blocks.length, 50);
    assert.ok(s.text.length <= 40000 && s.text.endsWith('… [truncated]'));
    assert.ok(s.blocks.some((b: any) => b.text?.text === '… [truncated]'));
    assert.ok(s.blocks[0].text.text.length <= 3000 && s.blocks[0].text.text.endsWith('… [truncated]'));
    assert.ok(!JSON.stringify(s).includes('<@everyone>'), 'Slack markup is escaped');

    const d = discord.received[0].json;
    assert.equal(discordProblem(d), undefined);
    assert.equal(d.content.length, 2000);
    assert.ok(d.content.endsWith('… [truncated]'));
    assert.equal(d.username.length, 80);
    const e = d.embeds[0];
    const total = e.description.length + e.footer.text.length + e.fields.reduce((n: number, f: any) => n + f.name.length + f.value.length, 0);
    assert.ok(total <= 6000, `embed total ${total}`);
    assert.ok(e.description.endsWith('… [truncated]'));
    assert.equal(e.fields.at(-1).name, '… [truncated]');
  });

  it('reports a wrong SMTP password as EAUTH without retrying, and never logs the password', async () => {
    const ws = workspace(['email']);
    const wrong = 'wrong-pw-also-secret';
    const [r] = await notify(ws, failure, { env: env({ SMTP_PASS: wrong }), clock: fakeClock() });
    assert.equal(r.ok, false);
    assert.equal(r.attempts, 1);
    assert.equal(r.status, 535);
    assert.match(r.error ?? '', /^SMTP authentication failed \(EAUTH 535\): check SMTP_USER and SMTP_PASS/);
    assert.equal(smtp.authFailures, 1);
    const logs = allLogs(ws);
    assert.ok(!logs.includes(wrong));
    assert.match(logs, /EAUTH 535/);
  });

  it('reports an SMTP server that is down as ESOCKET ECONNREFUSED, after retrying', async () => {
    const ws = workspace(['email'], { maxAttempts: 2 });
    const clock = fakeClock();
    const [r] = await notify(ws, failure, { env: env({ SMTP_PORT: String(await closedPort()) }), clock });
    assert.equal(r.ok, false);
    assert.equal(r.attempts, 2);
    assert.deepEqual(clock.sleeps, [500]);
    assert.match(r.error ?? '', /^cannot reach the SMTP server \(ESOCKET ECONNREFUSED\)/);
  });

  it('reports a message over the server’s size limit (552) without retrying', async () => {
    await smtp.close();
    smtp = await startSmtpServer({ user: SMTP_USER, pass: SMTP_PASS, size: 2000 });
    const ws = workspace(['email']);
    const [r] = await notify(ws, { ...failure, text: 'z'.repeat(10000) }, { env: env(), clock: fakeClock() });
    assert.equal(r.ok, false);
    assert.equal(r.attempts, 1);
    assert.equal(r.status, 552);
    assert.match(r.error ?? '', /SMTP server refused the message \(EMESSAGE 552\)/);
    assert.equal(smtp.messages.length, 0);
  });

  it('cuts e-mail bodies and subjects to their limits', async () => {
    const ws = workspace(['email']);
    await smtp.close();
    smtp = await startSmtpServer({ user: SMTP_USER, pass: SMTP_PASS, size: 1024 * 1024 });
    const [r] = await notify(ws, { ...failure, title: 'S'.repeat(1000), text: 'b'.repeat(300000) }, { env: env({ SMTP_PORT: String(smtp.port) }), clock: fakeClock() });
    assert.equal(r.ok, true, r.error);
    const raw = smtp.messages[0].raw;
    assert.ok(raw.length < 200000, `message is ${raw.length} bytes`);
    assert.match(raw.replace(/=\r?\n/g, ''), /… \[truncated\]|=E2=80=A6 \[truncated\]/);
  });

  it('never throws, even when the console stream fails', async () => {
    const ws = workspace(['console']);
    const broken = new PassThrough();
    broken.write = () => {
      throw new Error('EPIPE');
    };
    const [r] = await notify(ws, failure, { stream: broken });
    assert.deepEqual([r.ok, r.error], [false, 'EPIPE']);
  });
});
