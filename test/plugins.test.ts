// Repairer plugins from config use the same interface as the built-in repairers.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, cleanup, git, makeRepo, runCli, writeFiles } from './helpers/repo.js';

const EXAMPLE = fs.readFileSync(path.join(PROJECT_ROOT, 'examples/plugins/ini-repairer.mjs'), 'utf8');

describe('repairer plugins', () => {
  const dirs: string[] = [];
  after(() => cleanup(...dirs));

  function repoWithPlugin(pluginPath = './plugins/ini-repairer.mjs'): string {
    const dir = makeRepo();
    dirs.push(dir);
    writeFiles(dir, {
      'plugins/ini-repairer.mjs': EXAMPLE,
      'config/qmoi.json': JSON.stringify({ plugins: [pluginPath] }),
      'settings.ini': '; app settings\r\n[server\r\nport = 8080\r\n',
    });
    return dir;
  }

  it('the example INI plugin repairs a file through `qmoi-hooks repair`, keeping CRLF and backing up', () => {
    const dir = repoWithPlugin();
    const r = runCli(dir, ['repair', 'settings.ini']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /repaired settings\.ini/);
    assert.match(r.stdout, /settings\.ini:2:8 inserted '\]'/);
    assert.equal(fs.readFileSync(path.join(dir, 'settings.ini'), 'utf8'), '; app settings\r\n[server]\r\nport = 8080\r\n');
    assert.match(git(dir, ['for-each-ref', 'refs/qmoi/backups/']).stdout, /refs\/qmoi\/backups\//);
  });

  it('reports what the plugin cannot repair with line and column, and leaves the file alone', () => {
    const dir = repoWithPlugin();
    fs.writeFileSync(path.join(dir, 'settings.ini'), '[server]\njust words\n');
    const r = runCli(dir, ['repair', '--json', 'settings.ini']);
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.files[0].language, 'ini');
    assert.deepEqual([out.files[0].status, out.files[0].error.line, out.files[0].error.column], ['unrepairable', 2, 1]);
    // The plugin suggests nothing here: the user still gets a next step.
    assert.equal(out.files[0].error.suggestion, 'fix it by hand at 2:1, then stage it again');
    assert.equal(fs.readFileSync(path.join(dir, 'settings.ini'), 'utf8'), '[server]\njust words\n');
  });

  it('refuses a plugin path outside the package, naming it', () => {
    const dir = repoWithPlugin('../evil.js');
    const r = runCli(dir, ['repair', 'settings.ini']);
    assert.match(r.stderr, /plugin path "\.\.\/evil\.js" must be relative to the package/);
    assert.match(r.stdout + r.stderr, /not a format qmoi-hooks repairs|skipped|0 repaired/);
  });

  it('a plugin that fails to load is reported, not fatal', () => {
    const dir = repoWithPlugin();
    fs.writeFileSync(path.join(dir, 'plugins/ini-repairer.mjs'), 'export default {');
    fs.writeFileSync(path.join(dir, 'data.json'), '{"a": 1}\n');
    const r = runCli(dir, ['repair', 'data.json']);
    assert.equal(r.status, 0);
    assert.match(r.stderr, /plugin \.\/plugins\/ini-repairer\.mjs: cannot load/);
  });
});
