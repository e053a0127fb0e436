// The binary itself: what every command shares.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, cleanup, tempDir, testEnv } from './helpers/repo.js';

describe('the qmoi-hooks binary', () => {
  const dirs: string[] = [];
  after(() => cleanup(...dirs));

  it('exits with the command\'s code and no stack trace when the reader of its output goes away (`| head`)', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const files = Array.from({ length: 40 }, (_, i) => {
      const file = path.join(dir, `f${i}.js`);
      fs.writeFileSync(file, `function f${i}(a, b) {\n  return (a + b;\n}\n`);
      return file;
    });
    const child = spawn(process.execPath, [CLI, 'repair', '--dry-run', ...files], { env: testEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // like `head` exiting before the output is written
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 1, stderr); // --dry-run with repairs to make: exit 1, as with a reader
    assert.doesNotMatch(stderr, /EPIPE|at .*\.js:\d+|Error/);
    assert.equal(fs.readFileSync(files[0], 'utf8'), 'function f0(a, b) {\n  return (a + b;\n}\n', '--dry-run still wrote nothing');
  });
});
