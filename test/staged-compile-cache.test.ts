// The code cache for CommonJS parsers a hook loads: written after a first run, used by the next, and a damaged
// cache never breaks loading (V8 rejects it and it is written again).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, cleanup, tempDir, testEnv } from './helpers/repo.js';

const script = `
import { enableCompileCache } from ${JSON.stringify(path.join(PROJECT_ROOT, 'dist', 'core', 'compile-cache.js'))};
import { createRequire } from 'node:module';
enableCompileCache();
const { parse } = createRequire(${JSON.stringify(path.join(PROJECT_ROOT, 'package.json'))})('@babel/parser');
console.log(parse('const a = <b/>;', { plugins: ['jsx'] }).program.body[0].declarations[0].init.type);`;

describe('compile cache for CommonJS parsers', function () {
  this.timeout(30000);
  const cache = tempDir('qmoi-cache-');
  after(() => cleanup(cache));
  const run = () => spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: testEnv({ XDG_CACHE_HOME: cache }), encoding: 'utf8' });
  const cached = () => fs.readdirSync(cache, { recursive: true }).map(String).filter((f) => f.endsWith('.bin'));

  it('keeps @babel/parser compiled after the first run and loads it the same way from the cache', () => {
    assert.equal(run().stdout.trim(), 'JSXElement');
    const files = cached();
    assert.equal(files.length, 1, 'one cache file, for @babel/parser');
    const file = path.join(cache, files[0]);
    const written = fs.statSync(file).mtimeMs;
    assert.ok(fs.statSync(file).size > 10000);
    assert.equal(run().stdout.trim(), 'JSXElement');
    assert.equal(fs.statSync(file).mtimeMs, written, 'an accepted cache is not written again');
    fs.writeFileSync(file, 'garbage');
    const r = run();
    assert.equal(r.stdout.trim(), 'JSXElement', r.stderr);
    assert.ok(fs.statSync(file).size > 10000, 'a rejected cache is replaced');
  });
});
