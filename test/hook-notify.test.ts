// The pre-commit hook tells the channels routed for `repair` what it repaired, without holding the commit.
import assert from 'node:assert/strict';
import { cleanup, git, makeRepo, writeFiles } from './helpers/repo.js';
import { runCliAsync, startWebhookServer, type WebhookServer } from './helpers/webhook-server.js';

describe('pre-commit notifications', () => {
  const dirs: string[] = [];
  let slack: WebhookServer;
  before(async () => {
    slack = await startWebhookServer('slack');
  });
  after(async () => {
    cleanup(...dirs);
    await slack.close();
  });

  it('sends repaired files to Slack when config routes repair there, and nothing to the console twice', async () => {
    const dir = makeRepo();
    dirs.push(dir);
    writeFiles(dir, {
      'config/notification.json': JSON.stringify({ channels: { slack: { enabled: true } }, events: { repair: ['console', 'slack'] } }),
      'data.json': '{"a": 1,,\n "b": 2}\n',
    });
    git(dir, ['add', '-A']);
    const r = await runCliAsync(dir, ['run', 'pre-commit'], { env: { SLACK_WEBHOOK_URL: slack.url } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(slack.received.length, 1);
    assert.match(slack.received[0].body, /data\.json: 1:\d+ /);
    assert.match(slack.received[0].body, /repaired 1 file/);
    assert.equal((r.stdout.match(/repaired data\.json/g) ?? []).length, 1, 'the console shows the report once');
    assert.ok(!(r.stdout + r.stderr).includes(slack.secret));
  });

  it('sends nothing when repair is routed to the console only (the default)', async () => {
    const dir = makeRepo();
    dirs.push(dir);
    writeFiles(dir, { 'config/notification.json': JSON.stringify({ channels: { slack: { enabled: true } } }), 'data.json': '{"a": 1,,\n "b": 2}\n' });
    git(dir, ['add', '-A']);
    const before = slack.received.length;
    const r = await runCliAsync(dir, ['run', 'pre-commit'], { env: { SLACK_WEBHOOK_URL: slack.url } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(slack.received.length, before);
  });
});
