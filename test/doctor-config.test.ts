// How doctor rebuilds a broken config: what can be read is kept, what is invalid goes back to its default.
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../src/config/types.js';
import { validateQmoi } from '../src/config/validators.generated.js';
import { salvageJson } from '../src/core/doctor/salvage-json.js';
import { sanitizeConfig } from '../src/core/doctor/sanitize-config.js';

describe('doctor: salvaging and cleaning a config', () => {
  it('a best-effort repair reads a truncated file with comments and single quotes', () => {
    const s = salvageJson("{\n  // mine\n  'push': { maxAttempts: 4, remotes: ['origin'] },\n  \"logs\": { \"dir\": \"var/logs\"");
    assert.equal(s.method, 'best-effort repair');
    assert.deepEqual(s.value, { push: { maxAttempts: 4, remotes: ['origin'] }, logs: { dir: 'var/logs' } });
  });

  it('reads key by key where the best-effort repair gives up (a doubled comma in an object)', () => {
    const s = salvageJson('{\n  "push": { "maxAttempts": 7,, "protectedBranches": ["main", "release"] },\n  "hooks": { "prePush": false }\n}\n');
    assert.equal(s.method, 'key-by-key');
    assert.deepEqual(s.value, { push: { maxAttempts: 7, protectedBranches: ['main', 'release'] }, hooks: { prePush: false } });
  });

  it('key by key: a lost opening brace, an unterminated string and garbage do not lose the pairs around them', () => {
    const s = salvageJson('  "ci": { "commands": ["npm test", "npm run lint],, @@ \n "retries": 3 },,\n"monitor": {"intervalSeconds": 30}}}');
    assert.equal(s.method, 'key-by-key');
    assert.deepEqual(s.value, { ci: { commands: ['npm test', 'npm run lint],, @@ '], retries: 3 }, monitor: { intervalSeconds: 30 } });
  });

  it('key by key: objects inside arrays are skipped, their keys do not leak into the object around them', () => {
    const s = salvageJson('{ "plugins": [{ "path": "x.mjs", "dir": "evil" }, "ok.mjs"], "logs": { "dir": "logs",, } ');
    assert.equal(s.method, 'key-by-key');
    assert.deepEqual(s.value, { plugins: ['ok.mjs'], logs: { dir: 'logs' } });
  });

  it('drops unknown keys, removes invalid array entries, resets invalid values to their defaults, and notes each', () => {
    const { value, notes } = sanitizeConfig('qmoi', {
      push: { maxAttempts: 'many', mode: 'foreground', retrys: 2 },
      repair: { languages: ['json', 'cobol', 'yaml'] },
      logs: { dir: '../outside' },
      plugins: ['ok.mjs', '/etc/evil.mjs'],
      extra: true,
    });
    assert.ok(validateQmoi(value));
    assert.deepEqual(value, {
      push: { maxAttempts: DEFAULT_CONFIG.push.maxAttempts, mode: 'foreground' },
      repair: { languages: ['json', 'yaml'] },
      logs: { dir: 'logs' },
      plugins: ['ok.mjs'],
    });
    assert.equal(notes.length, 6, notes.join('\n'));
    assert.ok(notes.some((n) => n === 'dropped the unknown key "push.retrys"'));
    assert.ok(notes.some((n) => /"push\.maxAttempts": replaced the invalid value "many" with the default 5/.test(n)));
  });

  it('a section of the wrong type goes back to its default; a non-object file to all defaults', () => {
    assert.deepEqual(sanitizeConfig('qmoi', { hooks: 'off' }).value, { hooks: DEFAULT_CONFIG.hooks });
    assert.deepEqual(sanitizeConfig('notification', [1, 2]), { value: {}, notes: ['the file was not a JSON object: every key takes its default'] });
  });
});
