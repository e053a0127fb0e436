// Logs: JSON lines in four files, rotation by size, and secrets replaced by [secure] before anything is written.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Logger, readLog } from '../src/log/logger.js';
import { redact, redactDeep } from '../src/log/redact.js';
import { cleanup, tempDir } from './helpers/repo.js';

describe('logs and redaction', () => {
  const dirs: string[] = [];
  after(() => cleanup(...dirs));
  const logsDir = () => {
    const d = tempDir();
    dirs.push(d);
    return path.join(d, 'logs');
  };

  it('writes JSON lines to qmoi.log, errors also to error.log, audit entries with who', () => {
    const dir = logsDir();
    const log = new Logger({ dir, who: () => 'Ada <ada@example.com>' });
    log.info('repair', { file: 'a.json' });
    log.error('unrepairable', { file: 'b.js' });
    log.audit({ action: 'backup', target: ['a.json'], result: 'ok' });
    assert.deepEqual(readLog(dir, 'qmoi').map((e) => e.event), ['repair', 'unrepairable']);
    assert.deepEqual(readLog(dir, 'error').map((e) => e.event), ['unrepairable']);
    const [audit] = readLog(dir, 'audit');
    assert.equal(audit.who, 'Ada <ada@example.com>');
    assert.equal(audit.action, 'backup');
    assert.ok(!Number.isNaN(Date.parse(String(audit.time))));
    assert.equal(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8').split('\n')[1], '*');
  });

  it('rotates a log past its size and keeps the configured number of old files', () => {
    const dir = logsDir();
    const log = new Logger({ dir, maxBytes: 2000, keep: 2 });
    for (let i = 0; i < 100; i++) log.info('tick', { i, pad: 'x'.repeat(50) });
    const names = fs.readdirSync(dir).filter((f) => f.startsWith('qmoi.log')).sort();
    assert.deepEqual(names, ['qmoi.log', 'qmoi.log.1', 'qmoi.log.2']);
    for (const n of names) assert.ok(fs.statSync(path.join(dir, n)).size <= 2000);
    const all = readLog(dir, 'qmoi').map((e) => e.i as number);
    assert.equal(all[all.length - 1], 99, 'newest entry last');
    assert.deepEqual(all, [...all].sort((a, b) => a - b), 'oldest first across rotated files');
  });

  it('never throws when the logs folder cannot be written', () => {
    const d = tempDir();
    dirs.push(d);
    fs.writeFileSync(path.join(d, 'logs'), 'a file where the folder should be');
    const log = new Logger({ dir: path.join(d, 'logs') });
    assert.doesNotThrow(() => log.error('x', {}));
  });

  it('replaces secret values from the environment with [secure], in text and in nested values', () => {
    const env = { GITLAB_TOKEN: 'glpat-abcdef123456', SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXXSECRET', SMTP_PASS: 'hunter22', HOME: '/home/u' };
    assert.equal(redact('token glpat-abcdef123456 used', env), 'token [secure] used');
    assert.equal(redact('posting to /services/T000/B000/XXXXSECRET failed', env), 'posting to [secure] failed');
    assert.equal(redact('home is /home/u', env), 'home is /home/u');
    assert.deepEqual(redactDeep({ a: ['pw hunter22'], b: { c: 'https://hooks.slack.com/services/T000/B000/XXXXSECRET' } }, env), { a: ['pw [secure]'], b: { c: '[secure]' } });
  });

  it('hides credentials in URLs and authorization headers even when they are not in the environment', () => {
    assert.equal(redact('https://oauth2:tok3n@gitlab.example.com/g/p.git', {}), 'https://oauth2:[secure]@gitlab.example.com/g/p.git');
    assert.equal(redact('Authorization: Basic b2F1dGgyOnRvazNu', {}), 'Authorization: Basic [secure]');
  });

  it('writes secrets to the log files as [secure]', () => {
    const dir = logsDir();
    const before = process.env.GITHUB_TOKEN;
    process.env.GITHUB_TOKEN = 'ghp_supersecretvalue1';
    try {
      new Logger({ dir }).error('push', { stderr: 'remote: bad token ghp_supersecretvalue1' });
    } finally {
      if (before === undefined) delete process.env.GITHUB_TOKEN;
      else process.env.GITHUB_TOKEN = before;
    }
    for (const f of fs.readdirSync(dir)) assert.ok(!fs.readFileSync(path.join(dir, f), 'utf8').includes('ghp_supersecretvalue1'), f);
    assert.match(fs.readFileSync(path.join(dir, 'error.log'), 'utf8'), /\[secure\]/);
  });
});
