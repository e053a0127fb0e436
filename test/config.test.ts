// Config loading: defaults, problems that name the key, broken files, and path safety.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { DEFAULT_CONFIG, DEFAULT_NOTIFICATION } from '../src/config/types.js';
import { PROJECT_ROOT, cleanup, tempDir, writeFiles } from './helpers/repo.js';

describe('config', () => {
  const dirs: string[] = [];
  after(() => cleanup(...dirs));
  const dirWith = (files: Record<string, string>) => {
    const d = tempDir();
    dirs.push(d);
    writeFiles(d, files);
    return d;
  };

  it('uses the defaults when there is no config', () => {
    const loaded = loadConfig(dirWith({}));
    assert.deepEqual(loaded.config, DEFAULT_CONFIG);
    assert.deepEqual(loaded.notification, DEFAULT_NOTIFICATION);
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(loaded.present, { qmoi: false, notification: false });
  });

  it('the templates install writes are valid and equal to the defaults', () => {
    const d = dirWith({
      'config/qmoi.json': fs.readFileSync(path.join(PROJECT_ROOT, 'templates/qmoi.json'), 'utf8'),
      'config/notification.json': fs.readFileSync(path.join(PROJECT_ROOT, 'templates/notification.json'), 'utf8'),
    });
    const loaded = loadConfig(d);
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(loaded.config, DEFAULT_CONFIG);
    assert.deepEqual(loaded.notification, DEFAULT_NOTIFICATION);
  });

  it('overrides key by key and keeps the other defaults', () => {
    const loaded = loadConfig(dirWith({ 'config/qmoi.json': JSON.stringify({ push: { mode: 'foreground' }, repair: { exclude: ['dist/**'] } }) }));
    assert.equal(loaded.config.push.mode, 'foreground');
    assert.equal(loaded.config.push.maxAttempts, DEFAULT_CONFIG.push.maxAttempts);
    assert.deepEqual(loaded.config.repair.exclude, ['dist/**']);
    assert.deepEqual(loaded.problems, []);
  });

  it('keeps optional keys the defaults do not spell out', () => {
    const loaded = loadConfig(dirWith({ 'config/notification.json': JSON.stringify({ channels: { email: { enabled: true, subjectPrefix: '[ci]' } } }) }));
    assert.deepEqual(loaded.problems, []);
    assert.equal(loaded.notification.channels.email.subjectPrefix, '[ci]');
    assert.equal(loaded.notification.channels.email.enabled, true);
  });

  it('names an unknown key and a wrong type, and falls back to the default for them', () => {
    const loaded = loadConfig(dirWith({ 'config/qmoi.json': JSON.stringify({ push: { maxAttempts: 'three', retrys: 2, mode: 'foreground' } }) }));
    const messages = loaded.problems.map((p) => p.message);
    assert.ok(messages.some((m) => m === 'unknown key "push.retrys"'), messages.join('; '));
    assert.ok(messages.some((m) => /"push\.maxAttempts" must be integer/.test(m)), messages.join('; '));
    assert.equal(loaded.config.push.maxAttempts, DEFAULT_CONFIG.push.maxAttempts);
    assert.equal(loaded.config.push.mode, 'foreground', 'the valid sibling is kept');
  });

  it('names an invalid enum value with the allowed ones', () => {
    const loaded = loadConfig(dirWith({ 'config/notification.json': JSON.stringify({ events: { repair: ['pager'] } }) }));
    assert.equal(loaded.problems[0].file, 'config/notification.json');
    assert.match(loaded.problems[0].message, /"events\.repair\.0" must be one of/);
    assert.deepEqual(loaded.notification.events.repair, DEFAULT_NOTIFICATION.events.repair);
  });

  it('reports a broken file with line and column and keeps working on the defaults', () => {
    const loaded = loadConfig(dirWith({ 'config/qmoi.json': '{\n  "push": {\n    "mode": "foreground",,\n  }\n}\n' }));
    assert.equal(loaded.problems.length, 1);
    assert.equal(loaded.problems[0].line, 3);
    assert.match(loaded.problems[0].message, /not valid JSON/);
    assert.deepEqual(loaded.config, DEFAULT_CONFIG);
  });

  it('refuses log folders and plugins outside the package', () => {
    const loaded = loadConfig(dirWith({ 'config/qmoi.json': JSON.stringify({ logs: { dir: '../../etc' }, plugins: ['/abs/p.js', './ok.mjs'] }) }));
    assert.equal(loaded.config.logs.dir, 'logs');
    assert.deepEqual(loaded.config.plugins, ['./ok.mjs']);
    assert.ok(loaded.problems.some((p) => p.key === 'logs.dir'));
    assert.ok(loaded.problems.some((p) => p.key === 'plugins' && p.message.includes('/abs/p.js')));
  });
});
