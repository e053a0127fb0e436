// config `repair.languages`: built-in languages left out are neither repaired nor validated.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cleanup, git, makeRepo, runCli, writeFiles } from './helpers/repo.js';

describe('repair.languages', () => {
  const dirs: string[] = [];
  after(() => cleanup(...dirs));

  it('skips the languages config leaves out, in repair, validate --all and the pre-commit hook', () => {
    const dir = makeRepo();
    dirs.push(dir);
    writeFiles(dir, {
      'config/qmoi.json': JSON.stringify({ repair: { languages: ['json'] } }),
      'src/a.js': 'function f(a, b) {\n  return (a + b;\n}\n',
      'data.json': '{"a": 1,,\n "b": 2}\n',
    });
    git(dir, ['add', '-A']);
    const r = runCli(dir, ['repair', '--json', 'src/a.js', 'data.json']);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.files.map((f: { file: string; status: string }) => [f.file, f.status]), [['src/a.js', 'skipped'], ['data.json', 'repaired']]);
    assert.equal(fs.readFileSync(path.join(dir, 'src/a.js'), 'utf8'), 'function f(a, b) {\n  return (a + b;\n}\n');
    git(dir, ['add', '-A']);
    const v = runCli(dir, ['validate', '--all', '--json']);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.ok(!JSON.parse(v.stdout).files.some((f: { file: string }) => f.file === 'src/a.js'));
    const hook = runCli(dir, ['run', 'pre-commit']);
    assert.equal(hook.status, 0, hook.stderr);

    fs.writeFileSync(path.join(dir, 'config/qmoi.json'), JSON.stringify({ repair: { languages: ['json', 'js'] } }));
    const again = runCli(dir, ['validate', '--all']);
    assert.equal(again.status, 1, 'with js back on, the broken file is found');
    assert.match(again.stdout, /src\/a\.js:2/);
  });
});
