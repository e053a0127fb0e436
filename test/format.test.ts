// repair.format: repaired files (only those) are formatted with the project's prettier config.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cleanup, makeRepo, runCli, writeFiles } from './helpers/repo.js';

describe('repair.format (prettier)', () => {
  const dirs: string[] = [];
  after(() => cleanup(...dirs));

  function project(files: Record<string, string>): string {
    const dir = makeRepo();
    dirs.push(dir);
    writeFiles(dir, { 'config/qmoi.json': JSON.stringify({ repair: { format: true } }), ...files });
    return dir;
  }

  it('formats a repaired file with the project prettier config, and leaves valid files alone', () => {
    const dir = project({
      '.prettierrc': JSON.stringify({ semi: false, singleQuote: true }),
      'src/a.js': 'const greeting = "hi";\nconsole.log(greeting;\n',
      'src/ok.js': 'const untouched = "double quotes stay";\n',
    });
    const r = runCli(dir, ['repair', 'src/a.js', 'src/ok.js']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /formatted with prettier/);
    assert.equal(fs.readFileSync(path.join(dir, 'src/a.js'), 'utf8'), "const greeting = 'hi'\nconsole.log(greeting)\n");
    assert.equal(fs.readFileSync(path.join(dir, 'src/ok.js'), 'utf8'), 'const untouched = "double quotes stay";\n');
  });

  it('does not format when the project has no prettier config', () => {
    const dir = project({ 'src/a.js': 'const greeting = "hi";\nconsole.log(greeting;\n' });
    const r = runCli(dir, ['repair', 'src/a.js']);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /prettier/);
    assert.equal(fs.readFileSync(path.join(dir, 'src/a.js'), 'utf8'), 'const greeting = "hi";\nconsole.log(greeting);\n');
  });
});
