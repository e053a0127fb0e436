// No execution: files are parsed, never run. JS, ESM, TS, JSX and TSX files whose top level writes a marker (and
// a module they import), a package.json whose every lifecycle script writes one, a .gitlab-ci.yml whose scripts
// write one, a prettier config that writes one, and JSON/YAML that try prototype pollution go through repair,
// validate, validate --all, repair --all, the pre-commit hook and pre-push: no marker appears and no prototype
// is touched. The deliberate exceptions are documented (README, "Repairer plugins"): modules listed in
// config/qmoi.json `plugins` are imported (shown here), and with `repair.format` on (off by default) the
// project's prettier and its config run; `ci` and `setup` run npm and the configured commands by design.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repairBuffer } from '../../src/core/repair/repair-buffer.js';
import { cleanup, git, makeRepo, runCli, tempDir, testEnv, writeFiles } from '../helpers/repo.js';

describe('reliability: repaired files are parsed, never executed', function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  after(() => cleanup(...dirs));

  /** Files that write a marker into `m` if anything runs them; all but two are broken, so they get repaired. */
  function hostileFiles(m: string): Record<string, string> {
    const write = (name: string) => `require('fs').writeFileSync(${JSON.stringify(path.join(m, name))}, 'ran')`;
    const esm = (name: string) => `import fs from 'node:fs';\nfs.writeFileSync(${JSON.stringify(path.join(m, name))}, 'ran');\n`;
    const script = (name: string) => `node -e "${write(`pkg-${name}`).replace(/"/g, '\\"')}"`;
    const lifecycle = ['preinstall', 'install', 'postinstall', 'prepare', 'prepack', 'test', 'lint', 'build', 'precommit', 'pre-commit'];
    return {
      'src/evil.js': `${write('js')};\nmodule.exports = f(1;\n`,
      'src/ok.mjs': `${esm('mjs')}import './side.mjs';\nexport const ok = true;\n`,
      'src/side.mjs': esm('side-import'),
      'src/evil.cjs': `${write('cjs')};\nrequire('./side.mjs');\nconst a = [1, 2;\n`,
      'src/evil.ts': `${esm('ts')}const x: number = (1;\n`,
      'src/Evil.jsx': `${esm('jsx')}export const A = () => <div onClick={() => go(}>x</div>;\n`,
      'src/Evil.tsx': `${esm('tsx')}export const A = (p: { n: number }) => <b>{p.n</b>;\n`,
      'package.json': `{\n  "name": "victim",\n  "version": "1.0.0",\n  "scripts": {\n${lifecycle.map((s) => `    ${JSON.stringify(s)}: ${JSON.stringify(script(s))}`).join(',\n')}\n  }\n  "private": true\n}\n`,
      '.gitlab-ci.yml': `stages: [test]\njob:\n  stage: test\n  before_script: [touch ${path.join(m, 'ci-before')}\n  script:\n    - touch ${path.join(m, 'ci-script')}\n`,
      'prettier.config.cjs': `${write('prettier-config')};\nmodule.exports = {};\n`,
      'data.json': '{ "__proto__": { "polluted": true }, "constructor": { "prototype": { "polluted2": true } }, }\n',
      'conf.yml': `__proto__:\n  polluted: true\nbase: &b { polluted3: true }\nmerged:\n  <<: *b\n  f: !!js/function >-\n    function () { ${write('yaml')} }\nbroken: [1\n`,
    };
  }

  function assertNothingRan(m: string, when: string): void {
    assert.deepEqual(fs.readdirSync(m), [], `something was executed (${when})`);
    const probe = {} as Record<string, unknown>;
    assert.equal(probe.polluted ?? probe.polluted2 ?? probe.polluted3, undefined, `Object.prototype was polluted (${when})`);
  }

  it('repairBuffer on every format: no prototype pollution, nothing run (in this process)', async () => {
    const m = tempDir('qmoi-markers-');
    dirs.push(m);
    for (const [name, text] of Object.entries(hostileFiles(m))) {
      for (const validateOnly of [false, true]) await repairBuffer(name, Buffer.from(text), { validateOnly });
    }
    assertNothingRan(m, 'repairBuffer');
  });

  it('repair, validate, repair --all, validate --all, pre-commit and pre-push: no marker appears', () => {
    const m = tempDir('qmoi-markers-');
    const bare = tempDir('qmoi-bare-');
    dirs.push(m, bare);
    git(bare, ['init', '-q', '--bare', '-b', 'main']);
    const top = makeRepo();
    dirs.push(top);
    const installed = runCli(top, ['install']);
    assert.equal(installed.status, 0, installed.stderr);
    git(top, ['add', '-A']);
    git(top, ['commit', '-q', '-m', 'install'], { env: { QMOI_HOOKS: '0' } });
    git(top, ['remote', 'add', 'origin', bare]);
    const files = hostileFiles(m);
    const names = Object.keys(files);
    const reset = () => writeFiles(top, files);

    reset();
    assert.equal(runCli(top, ['validate', ...names]).status, 1);
    assert.equal(runCli(top, ['repair', '--check', ...names]).status, 1);
    assertNothingRan(m, 'validate FILE..., repair --check');
    const repaired = runCli(top, ['repair', '--json', ...names]);
    const status = Object.fromEntries((JSON.parse(repaired.stdout) as { files: { file: string; status: string }[] }).files.map((f) => [f.file, f.status]));
    for (const n of ['src/evil.js', 'src/evil.cjs', 'src/evil.ts', 'package.json', 'data.json', 'conf.yml']) assert.equal(status[n], 'repaired', `${n}: ${repaired.stdout}`);
    assertNothingRan(m, 'repair FILE...');

    reset();
    git(top, ['add', '-A']);
    git(top, ['commit', '-q', '-m', 'hostile files, unchecked'], { env: { QMOI_HOOKS: '0' } });
    assert.equal(runCli(top, ['validate', '--all']).status, 1);
    runCli(top, ['repair', '--all']);
    assertNothingRan(m, 'validate --all, repair --all');

    // The hooks: a commit of the broken files (pre-commit repairs them; post-commit backs up), then a push of
    // a commit that skipped the hook (pre-push validates and blocks).
    reset();
    fs.appendFileSync(path.join(top, 'src/evil.js'), '// touched\n');
    git(top, ['add', '-A']);
    const c = spawnSync('git', ['commit', '-m', 'through the hooks'], { cwd: top, env: testEnv(), encoding: 'utf8' });
    assert.equal(c.status, 0, c.stderr);
    assert.match(c.stdout + c.stderr, /repaired src\/evil\.js/, 'the pre-commit hook ran');
    writeFiles(top, { 'src/late.js': `${hostileFiles(m)['src/evil.js']}// late\n` });
    git(top, ['add', '-A']);
    git(top, ['commit', '-q', '--no-verify', '-m', 'broken, unchecked']);
    const p = spawnSync('git', ['push', 'origin', 'main'], { cwd: top, env: testEnv(), encoding: 'utf8' });
    assert.equal(p.status, 1, 'pre-push blocked the broken file');
    assert.match(p.stderr + p.stdout, /src\/late\.js/);
    assertNothingRan(m, 'pre-commit, post-commit, pre-push');
  });

  it('the documented exception: a module listed in config "plugins" is imported', () => {
    const m = tempDir('qmoi-markers-');
    const top = tempDir('qmoi-plugin-');
    dirs.push(m, top);
    writeFiles(top, {
      'config/qmoi.json': JSON.stringify({ plugins: ['plugins/ini.mjs'] }),
      'plugins/ini.mjs': `import fs from 'node:fs';\nfs.writeFileSync(${JSON.stringify(path.join(m, 'plugin'))}, 'imported');\nexport default { language: 'ini', matches: (f) => f.endsWith('.ini'), repair: () => ({ status: 'ok' }) };\n`,
      'a.ini': '[a]\nb = 1\n',
    });
    assert.equal(runCli(top, ['validate', 'a.ini']).status, 0);
    assert.deepEqual(fs.readdirSync(m), ['plugin'], 'plugins are code the user chose to run');
  });
});
