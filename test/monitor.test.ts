// The health monitor: checks, change detection and notifications in-process (instant waits), then the
// `monitor` command on real repositories, stopped by signals, notifying a Slack-like receiver.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { checkHealth, configCheck, filesCheck, healthChange, monitorHealth, type HealthCheck } from '../src/core/monitor.js';
import { openWorkspace } from '../src/core/workspace.js';
import { readLog } from '../src/log/logger.js';
import { cleanup, git, makeRepo, tempDir, writeFiles } from './helpers/repo.js';
import { runCliAsync, startWebhookServer, type WebhookServer } from './helpers/webhook-server.js';
import { spawn } from 'node:child_process';
import { CLI, testEnv } from './helpers/repo.js';

/** A check that answers ok/not ok from a script, one entry per run. */
function scripted(name: string, script: boolean[]): HealthCheck {
  let i = 0;
  return async () => {
    const ok = script[Math.min(i++, script.length - 1)];
    return { name, ok, detail: ok ? 'fine' : `run ${i} broken` };
  };
}

const instant = () => {
  const sleeps: number[] = [];
  return { sleeps, now: () => Date.now(), sleep: async (ms: number) => void sleeps.push(ms) };
};

describe('health monitor (in-process)', () => {
  const dirs: string[] = [];
  after(() => cleanup(...dirs));

  function project(): string {
    const dir = makeRepo();
    dirs.push(dir);
    writeFiles(dir, { 'config/notification.json': JSON.stringify({ channels: { console: { enabled: true } }, events: { health: ['console'] } }) });
    return dir;
  }

  it('knows a change only when health flips, starting from healthy', () => {
    assert.equal(healthChange(true, true), undefined);
    assert.equal(healthChange(true, false), 'unhealthy');
    assert.equal(healthChange(false, false), undefined);
    assert.equal(healthChange(false, true), 'recovered');
  });

  it('notifies on healthy→unhealthy and back only, logs every run, waits the interval between runs', async () => {
    const ws = openWorkspace(project());
    const stream = new PassThrough();
    let printed = '';
    stream.on('data', (d: Buffer) => (printed += d.toString()));
    const stop = new AbortController();
    const changes: (string | undefined)[] = [];
    const clock = instant();
    const summary = await monitorHealth(ws, {
      intervalMs: 60000,
      checks: [scripted('a', [true, true, false, false, true, true]), scripted('b', [true])],
      clock,
      signal: stop.signal,
      notify: { stream },
      onRun(_r, change) {
        changes.push(change);
        if (changes.length === 6) stop.abort();
      },
    });
    assert.deepEqual(changes, [undefined, undefined, 'unhealthy', undefined, 'recovered', undefined]);
    assert.equal(summary.runs, 6);
    assert.deepEqual(summary.changes.map((c) => c.change), ['unhealthy', 'recovered']);
    assert.deepEqual(clock.sleeps, [60000, 60000, 60000, 60000, 60000, 60000]);
    const notes = printed.split(/^qmoi-hooks: /m).filter(Boolean);
    assert.equal(notes.length, 2, printed);
    assert.match(notes[0], /is unhealthy: a\n  a: run 3 broken/);
    assert.match(notes[1], /is healthy again/);
    const runs = readLog(ws.logger.dir, 'qmoi').filter((e) => e.event === 'health');
    assert.deepEqual(runs.map((r) => r.healthy), [true, true, false, false, true, true]);
    assert.deepEqual((runs[2].checks as any[])[0], { name: 'a', ok: false, detail: 'run 3 broken' });
    assert.equal(readLog(ws.logger.dir, 'audit').filter((a) => a.action === 'notify' && a.event === 'health').length, 2);
  });

  it('notifies when the very first run is unhealthy; a check that throws counts as failed', async () => {
    const ws = openWorkspace(project());
    const stream = new PassThrough();
    let printed = '';
    stream.on('data', (d: Buffer) => (printed += d.toString()));
    const boom: HealthCheck = async function doctor() {
      throw new Error('cannot read hooks');
    };
    const summary = await monitorHealth(ws, { intervalMs: 1000, once: true, checks: [boom], clock: instant(), notify: { stream } });
    assert.equal(summary.healthy, false);
    assert.deepEqual(summary.last?.checks, [{ name: 'doctor', ok: false, detail: 'the check itself failed: cannot read hooks' }]);
    assert.match(printed, /unhealthy: doctor/);
  });

  it('config and files checks: valid repo, then a broken tracked file and a broken config', async () => {
    const dir = project();
    writeFiles(dir, { 'data/a.json': '{"a": 1}\n', 'data/b.yaml': 'k: v\n' });
    git(dir, ['add', '.']);
    git(dir, ['commit', '-q', '-m', 'data']);
    const ws = openWorkspace(dir);
    const good = await checkHealth(ws, [configCheck, filesCheck]);
    assert.equal(good.healthy, true, JSON.stringify(good));
    assert.match(good.checks[1].detail, /file\(s\) valid/);

    writeFiles(dir, { 'data/a.json': '{"a": 1,\n  "b": [}\n', 'config/qmoi.json': '{"push": {"maxAttempts": "many"}}' });
    const bad = await checkHealth(ws, [configCheck, filesCheck]);
    assert.equal(bad.healthy, false);
    assert.match(bad.checks[0].detail, /^1 problem\(s\): config\/qmoi.json: "push.maxAttempts"/);
    assert.match(bad.checks[1].detail, /^1 invalid file\(s\): data\/a.json:\d+:\d+: /);
    assert.ok(fs.readFileSync(path.join(dir, 'data/a.json'), 'utf8').includes('[}'), 'the check never writes');
  });

  it('files check passes outside a repository, saying why', async () => {
    const dir = tempDir();
    dirs.push(dir);
    writeFiles(dir, { 'package.json': '{}' });
    const r = await filesCheck(openWorkspace(dir));
    assert.deepEqual(r, { name: 'files', ok: true, detail: 'not a git repository: no tracked files to check' });
  });
});

describe('qmoi-hooks monitor', function () {
  this.timeout(60000);
  const dirs: string[] = [];
  let slack: WebhookServer;
  beforeEach(async () => (slack = await startWebhookServer('slack')));
  afterEach(() => slack.close());
  after(() => cleanup(...dirs));

  function project(): string {
    const dir = makeRepo();
    dirs.push(dir);
    writeFiles(dir, {
      'config/notification.json': JSON.stringify({ channels: { console: { enabled: true }, slack: { enabled: true } }, events: { health: ['console', 'slack'] } }),
      'a.json': '{"ok": true}\n',
    });
    git(dir, ['add', 'a.json']);
    git(dir, ['commit', '-q', '-m', 'a']);
    return dir;
  }

  it('--once: exit 0 when healthy (no notification), 1 when not (notified), --json gives one document', async () => {
    const dir = project();
    const env = { SLACK_WEBHOOK_URL: slack.url };
    const ok = await runCliAsync(dir, ['monitor', '--once'], { env });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^\S+ healthy \(2 check\(s\), \d+ ms\)$/m);
    assert.equal(slack.received.length, 0);

    fs.writeFileSync(path.join(dir, 'a.json'), '{"ok": tru\n');
    const bad = await runCliAsync(dir, ['monitor', '--once', '--json'], { env });
    assert.equal(bad.status, 1, bad.stderr);
    const doc = JSON.parse(bad.stdout);
    assert.equal(doc.healthy, false);
    assert.equal(doc.runs, 1);
    assert.equal(doc.last.checks.find((c: any) => c.name === 'files').ok, false);
    assert.deepEqual(doc.changes.map((c: any) => c.change), ['unhealthy']);
    assert.equal(slack.received.length, 1);
    assert.match(slack.received[0].json.text, /is unhealthy: files\nfiles: 1 invalid file\(s\): a\.json:/);
  });

  it('runs until SIGTERM or SIGINT, notifying each change once, and stops with exit 0 and no stack trace', async () => {
    const dir = project();
    for (const sig of ['SIGTERM', 'SIGINT'] as const) {
      const child = spawn(process.execPath, [CLI, 'monitor', '--interval', '0.1'], { cwd: dir, env: testEnv({ SLACK_WEBHOOK_URL: slack.url }), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      const until = async (cond: () => boolean) => {
        for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
        assert.ok(cond(), `timed out; stdout: ${stdout}\nstderr: ${stderr}`);
      };
      const before = slack.received.length;
      try {
        await until(() => (stdout.match(/ healthy /g) ?? []).length >= 2);
        fs.writeFileSync(path.join(dir, 'a.json'), '{"ok": [}\n');
        await until(() => slack.received.length === before + 1);
        await until(() => (stdout.match(/ UNHEALTHY /g) ?? []).length >= 3);
        fs.writeFileSync(path.join(dir, 'a.json'), '{"ok": true}\n');
        await until(() => slack.received.length === before + 2);
        await until(() => /health is back/.test(stdout));
      } finally {
        if (child.exitCode === null) child.kill(sig);
      }
      assert.equal(await closed, 0, `${sig}: ${stderr}`);
      assert.equal(slack.received.length, before + 2, 'one notification per change');
      assert.match(slack.received[before].json.text, /is unhealthy: files/);
      assert.match(slack.received[before + 1].json.text, /is healthy again/);
      assert.match(stdout, /health went bad; notified: console delivered, slack delivered/);
      assert.match(stdout, /stopped after \d+ run\(s\)\./);
      assert.doesNotMatch(stderr, /\bat .*\.js:\d+/);
    }
  });

  it('exits 2 on a bad --interval', async () => {
    const dir = project();
    for (const v of ['abc', '0', '-5']) {
      const r = await runCliAsync(dir, ['monitor', `--interval=${v}`]);
      assert.equal(r.status, 2, v);
      assert.match(r.stderr, /--interval must be a number of seconds greater than 0/);
    }
  });
});
