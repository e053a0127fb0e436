// `report`: period parsing, statistics, the report built from real log files (rotated ones included), and
// the command's table, JSON and HTML outputs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Logger } from '../src/log/logger.js';
import { buildReport } from '../src/report/build.js';
import { parseSince } from '../src/report/since.js';
import { percentile, timing } from '../src/report/stats.js';
import { cleanup, makeRepo, runCli, tempDir } from './helpers/repo.js';

const DAY = 86_400_000;

/** Writes JSON lines as the logger does, with chosen times (`ago` ms before now). */
function writeLines(file: string, now: number, lines: (Record<string, unknown> & { ago: number })[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, lines.map(({ ago, ...l }) => JSON.stringify({ time: new Date(now - ago).toISOString(), ...l })).join('\n') + '\n');
}

/**
 * A week of activity: 20 pre-commit runs of 10..200 ms (one blocked), 4 pre-push runs, 3 repairs (one in a
 * rotated file), 2 unrepairable, 3 pushes (one failed after 3 attempts), errors rising towards the end, 2
 * notifications, and lines outside the period that must not count.
 */
function writeWeek(logs: string, now: number): void {
  const hooks = Array.from({ length: 20 }, (_, i) => ({ ago: (i % 6) * DAY + 3600_000, level: 'info', event: 'hook', hook: 'pre-commit', ms: (i + 1) * 10, result: i === 0 ? 'blocked' : 'ok' }));
  const prePush = [100, 300, 200, 400].map((ms, i) => ({ ago: i * DAY + 7200_000, level: 'info', event: 'hook', hook: 'pre-push', ms, result: 'ok' }));
  writeLines(path.join(logs, 'qmoi.log.1'), now, [
    { ago: 6 * DAY, level: 'info', event: 'repair', file: 'src/a.js', language: 'js', fixes: [{ line: 3, column: 10, description: "inserted ')'" }] },
    { ago: 30 * DAY, level: 'error', event: 'unrepairable', file: 'old.json', language: 'json', error: { message: 'too old to count' } },
  ]);
  writeLines(path.join(logs, 'qmoi.log'), now, [
    ...hooks,
    ...prePush,
    { ago: 2 * DAY, level: 'info', event: 'repair', file: 'src/a.js', language: 'js', fixes: [{ line: 1, column: 1, description: "inserted ')'" }, { line: 9, column: 2, description: 'removed 2 stray commas' }] },
    { ago: 1 * DAY, level: 'info', event: 'repair', file: 'config.json', language: 'json', fixes: [{ line: 4, column: 7, description: 'removed 3 stray commas' }], hook: 'pre-commit' },
    { ago: 5 * DAY, level: 'error', event: 'unrepairable', file: 'b.yaml', language: 'yaml', error: { line: 2, column: 1, message: 'bad indentation' } },
    { ago: 1 * DAY, level: 'error', event: 'unrepairable', file: 'b.yaml', language: 'yaml', error: { line: 2, column: 1, message: 'bad indentation' } },
    { ago: 4 * DAY, level: 'info', event: 'push', remote: 'origin', ok: true, attempts: 1, classification: 'ok', ms: 800 },
    { ago: 3 * DAY, level: 'info', event: 'push', remote: 'origin', ok: true, attempts: 2, classification: 'ok', ms: 2400 },
    { ago: 0.5 * DAY, level: 'error', event: 'push', remote: 'backup', ok: false, attempts: 3, classification: 'network', ms: 9000 },
    { ago: 0.2 * DAY, level: 'error', event: 'hook-internal-error', hook: 'post-commit', message: 'boom' },
    { ago: 0.1 * DAY, level: 'info', event: 'health', healthy: false, ms: 20, checks: [] },
    { ago: 0.05 * DAY, level: 'info', event: 'health', healthy: true, ms: 20, checks: [] },
    { ago: 8 * DAY, level: 'info', event: 'hook', hook: 'pre-commit', ms: 99999, result: 'ok' },
  ]);
  fs.appendFileSync(path.join(logs, 'qmoi.log'), '{"time": "torn line from a cra\n');
  writeLines(path.join(logs, 'audit.log'), now, [
    { ago: 0.5 * DAY, who: 't', action: 'notify', target: 'slack', result: 'ok', event: 'push.failure' },
    { ago: 0.5 * DAY, who: 't', action: 'notify', target: 'email', result: 'skipped', event: 'push.failure', reason: 'SMTP_HOST is not set' },
    { ago: 0.5 * DAY, who: 't', action: 'repair', target: 'x.json', result: 'ok' },
  ]);
}

describe('report: periods and statistics', () => {
  const now = new Date('2024-06-10T12:00:00Z');

  it('parses 7d, 24h, 30m, 2w and ISO dates; refuses the rest', () => {
    const at = (s: string) => {
      const r = parseSince(s, now);
      return 'since' in r ? r.since.toISOString() : r.error;
    };
    assert.equal(at('7d'), '2024-06-03T12:00:00.000Z');
    assert.equal(at('24h'), '2024-06-09T12:00:00.000Z');
    assert.equal(at('30m'), '2024-06-10T11:30:00.000Z');
    assert.equal(at('2w'), '2024-05-27T12:00:00.000Z');
    assert.equal(at('2024-05-01'), '2024-05-01T00:00:00.000Z');
    assert.equal(at('2024-05-01T08:30:00+02:00'), '2024-05-01T06:30:00.000Z');
    assert.equal(at('0d'), 'zero');
    assert.equal(at('2024-13-45'), 'bad-date');
    assert.equal(at('2024-07-01'), 'future');
    assert.equal(at('last week'), 'format');
    assert.equal(at('7'), 'format');
  });

  it('computes medians and 95th percentiles by interpolation', () => {
    assert.equal(percentile([], 50), undefined);
    assert.equal(percentile([5], 95), 5);
    assert.equal(percentile([4, 1, 3, 2], 50), 2.5);
    assert.equal(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200], 95), 190.5);
    assert.deepEqual(timing([300, 100, 200]), { count: 3, median: 200, p95: 290, max: 300 });
  });
});

describe('report: from the logs', function () {
  this.timeout(60000);
  const dirs: string[] = [];
  after(() => cleanup(...dirs));

  function project(): { dir: string; now: number } {
    const dir = makeRepo();
    dirs.push(dir);
    const now = Date.now();
    writeWeek(path.join(dir, 'logs'), now);
    return { dir, now };
  }

  it('counts repairs by kind and file, pushes and retries, hook timings, errors by event and day', () => {
    const { dir, now } = project();
    const r = buildReport(path.join(dir, 'logs'), { since: new Date(now - 7 * DAY), until: new Date(now) });
    assert.equal(r.repairs.files, 3);
    assert.equal(r.repairs.fixes, 4);
    assert.deepEqual(r.repairs.byKind, [
      { name: "js: inserted ')'", count: 2 },
      { name: 'js: removed N stray commas', count: 1 },
      { name: 'json: removed N stray commas', count: 1 },
    ]);
    assert.deepEqual(r.repairs.byFile, [
      { name: 'src/a.js', count: 2 },
      { name: 'config.json', count: 1 },
    ]);
    assert.deepEqual(r.repairs.unrepairableFiles, [{ name: 'b.yaml', count: 2 }], 'old.json is outside the period');
    assert.deepEqual([r.pushes.total, r.pushes.landed, r.pushes.failed, r.pushes.retries], [3, 2, 1, 3]);
    assert.deepEqual(r.pushes.byRemote, [
      { remote: 'backup', landed: 0, failed: 1, attempts: 3 },
      { remote: 'origin', landed: 2, failed: 0, attempts: 3 },
    ]);
    assert.deepEqual(r.pushes.byClassification, [
      { name: 'ok', count: 2 },
      { name: 'network', count: 1 },
    ]);
    assert.deepEqual(r.pushes.timing, { count: 3, median: 2400, p95: 8340, max: 9000 });
    assert.deepEqual(r.hooks, [
      { hook: 'pre-commit', blocked: 1, count: 20, median: 105, p95: 191, max: 200 },
      { hook: 'pre-push', blocked: 0, count: 4, median: 250, p95: 385, max: 400 },
    ]);
    assert.equal(r.errors.total, 4);
    assert.deepEqual(r.errors.byEvent, [
      { name: 'unrepairable', count: 2 },
      { name: 'hook-internal-error', count: 1 },
      { name: 'push', count: 1 },
    ]);
    assert.deepEqual(r.errors.trend, { firstHalf: 1, secondHalf: 3, direction: 'up' });
    assert.equal(r.days.length, 8);
    assert.equal(r.days.reduce((n, d) => n + d.errors, 0), 4);
    assert.equal(r.days.reduce((n, d) => n + d.hookRuns, 0), 24);
    assert.deepEqual(r.notifications, [
      { channel: 'email', delivered: 0, failed: 0, skipped: 1 },
      { channel: 'slack', delivered: 1, failed: 0, skipped: 0 },
    ]);
    assert.deepEqual(r.health, { runs: 2, unhealthy: 1 });
  });

  it('reads what the logger writes', () => {
    const { dir, now } = project();
    const logger = new Logger({ dir: path.join(dir, 'logs') });
    logger.info('hook', { hook: 'post-commit', ms: 42, result: 'ok' });
    logger.info('repair', { file: 'new.json', language: 'json', fixes: [{ line: 1, column: 1, description: 'closed 1 bracket' }] });
    const r = buildReport(path.join(dir, 'logs'), { since: new Date(now - DAY) });
    assert.deepEqual(r.hooks.find((h) => h.hook === 'post-commit'), { hook: 'post-commit', blocked: 0, count: 1, median: 42, p95: 42, max: 42 });
    assert.ok(r.repairs.byKind.some((k) => k.name === 'json: closed N bracket'));
  });

  it('prints tables by default, one JSON document with --json, and narrows with --since', () => {
    const { dir } = project();
    const r = runCli(dir, ['report']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^qmoi-hooks report: .* UTC \(\d+ log entries\)$/m);
    assert.match(r.stdout, /^Repairs: 3 file\(s\) repaired, 4 fix\(es\); 2 unrepairable$/m);
    assert.match(r.stdout, /^js: inserted '\)'\s+2$/m);
    assert.match(r.stdout, /^Pushes: 3 \(2 landed, 1 failed\), 3 retries; median 2400 ms, 95th percentile 8340 ms$/m);
    assert.match(r.stdout, /^pre-commit\s+20\s+1\s+105\s+191\s+200$/m);
    assert.match(r.stdout, /^Errors: 4 \(rising: 1 in the first half of the period, 3 in the second\)$/m);
    assert.match(r.stdout, /^Monitor: 2 run\(s\), 1 unhealthy$/m);

    const j = runCli(dir, ['report', '--json', '--since', '24h']);
    assert.equal(j.status, 0, j.stderr);
    const doc = JSON.parse(j.stdout);
    assert.equal(doc.repairs.files, 0, 'the last repair was a day ago plus a little: outside 24h');
    assert.equal(doc.pushes.failed, 1);
    assert.equal(doc.errors.total, 2, 'the failed push and the hook error; the unrepairable b.yaml was a day ago');
  });

  it('says when nothing was logged, and exits 2 on a bad --since', () => {
    const dir = makeRepo();
    dirs.push(dir);
    const r = runCli(dir, ['report', '--since', '30m']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Nothing was logged in this period\./);
    const bad = runCli(dir, ['report', '--since', 'yesterday']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--since takes a period \(7d, 24h, 30m, 2w\) or an ISO date/);
    assert.equal(runCli(dir, ['report', '--sinse', '7d']).status, 2);
  });

  it('--html writes a self-contained page with charts that renders in headless Chromium', function () {
    const { dir, now } = project();
    writeLines(path.join(dir, 'logs', 'qmoi.log'), now, [{ ago: 1000, level: 'info', event: 'repair', file: '<img src=x onerror=alert(1)>.json', language: 'json', fixes: [{ line: 1, column: 1, description: 'closed "<b>"' }] }]);
    const r = runCli(dir, ['report', '--html', 'out/report.html']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^report written to out\/report.html$/m);
    const html = fs.readFileSync(path.join(dir, 'out/report.html'), 'utf8');
    assert.ok((html.match(/<svg /g) ?? []).length >= 5, 'activity, kinds, hooks, pushes and errors charts');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
    assert.doesNotMatch(html, /<script|<link|@import|url\(|src="http|href="http/i);
    assert.ok(!html.includes('<img src=x'), 'log text is escaped');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;.json'));

    const browser = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
    if (!browser) {
      this.test!.title += ' (screenshot skipped: no /usr/bin/chromium; install it with: apt-get install -y chromium)';
      this.skip();
    }
    const shots = tempDir('qmoi-shot-');
    dirs.push(shots);
    const png = path.join(shots, 'report.png');
    const shot = spawnSync(browser!, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${path.join(shots, 'profile')}`, `--screenshot=${png}`, '--window-size=1200,900', `file://${path.join(dir, 'out/report.html')}`], { encoding: 'utf8', timeout: 60000 });
    assert.ok(fs.existsSync(png), `no screenshot: ${shot.stderr}`);
    const bytes = fs.readFileSync(png);
    assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], [1200, 900]);
    // A blank 1200x900 page compresses to a few KB; text, tables and charts take far more.
    assert.ok(bytes.length > 40_000, `screenshot is only ${bytes.length} bytes`);
    if (process.env.QMOI_SHOW_SCREENSHOT) fs.copyFileSync(png, process.env.QMOI_SHOW_SCREENSHOT);
  });
});
