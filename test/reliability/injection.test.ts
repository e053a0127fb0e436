// Injection: file names, branch names, remote names and URLs holding shell syntax go through repair, validate
// --all, the pre-commit hook, pre-push and push (with a rebase) without ever reaching a shell: no `pwned` file
// appears, every process qmoi-hooks starts is recorded and none is a shell, and the only `sh` runs are husky's
// hook scripts. Config folders outside the package and plugins outside it are refused; webhook URLs that are
// not http(s) are refused and nothing is sent.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ExecRecorder, isShell } from '../helpers/exec-recorder.js';
import { cliEnv, installedRepo } from '../helpers/installed-repo.js';
import { parsesAs } from '../helpers/parse-oracle.js';
import { cleanup, git, makeRepo, PROJECT_ROOT, runCli, tempDir, writeFiles } from '../helpers/repo.js';
import { runCliAsync } from '../helpers/webhook-server.js';

/** Names a shell would run something for; each file is broken so that it gets repaired. */
const HOSTILE_JSON = [
  '$(touch pwned-dollar).json',
  '`touch pwned-tick`.json',
  'a;touch pwned-semi;.json',
  'b|touch pwned-pipe.json',
  'c&&touch pwned-and.json',
  'd>pwned-redirect.json',
  '-rf.json',
  '--all.json',
  'new\nline.json',
  'it\'s "quoted".json',
  '$HOME ${IFS}.json',
  '*.json',
  ' lead space.json',
];
const HOSTILE_OTHER = ['$(touch pwned-js).js', 'e;touch pwned-yml;.yml', '`touch pwned-ts`.ts'];
const ALL = [...HOSTILE_JSON, ...HOSTILE_OTHER];
const BROKEN: Record<string, string> = { json: '{\n  "a": 1,\n  "b": [1, 2,]\n}\n', js: 'f(1;\n', yml: 'a: [1, 2\nb: 3\n', ts: 'const x: number = (1;\n' };
const brokenFor = (name: string) => BROKEN[name.slice(name.lastIndexOf('.') + 1)];
const BRANCH = 'x;touch${IFS}pwned-branch|$(touch${IFS}pwned-br2)&`touch${IFS}pwned-br3`';
const REMOTE = 'r;touch${IFS}pwned-remote$(touch${IFS}pwned-rem2)';

/** Every file or folder named pwned* under `roots` (and where a shell started in this process would write). */
function pwned(...roots: string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('pwned')) found.push(path.join(dir, e.name));
      if (e.isDirectory() && e.name !== 'node_modules' && depth > 0) walk(path.join(dir, e.name), depth - 1);
    }
  };
  for (const r of [...roots, PROJECT_ROOT, process.cwd()]) walk(r, r === PROJECT_ROOT || r === process.cwd() ? 0 : 8);
  return found;
}

describe('reliability: injection through names, config and URLs', function () {
  this.timeout(120_000);
  let rec: ExecRecorder;
  const dirs: string[] = [];
  before(() => {
    rec = new ExecRecorder();
  });
  after(function () {
    rec.cleanup();
    cleanup(...dirs);
  });

  /** No shell was started by qmoi-hooks, and every `sh` on PATH ran a husky hook script. */
  function assertNoShell(roots: string[]): void {
    assert.deepEqual(pwned(...roots), [], 'a name reached a shell');
    const spawned = rec.spawned();
    assert.ok(spawned.length > 0, 'the recorder saw the processes qmoi-hooks started');
    for (const s of spawned) assert.ok(!s.shell && !isShell(s.file), `qmoi-hooks started a shell: ${JSON.stringify(s)}`);
    for (const [shell, ...argv] of rec.shCalls()) {
      const script = argv.find((a) => !a.startsWith('-'));
      assert.ok(!argv.includes('-c'), `${shell} -c was run: ${JSON.stringify(argv)}`);
      assert.ok(script && /\/\.husky\/(_\/)?[a-z-]+$/.test(script), `${shell} ran something other than a husky hook: ${JSON.stringify(argv)}`);
    }
  }

  it('repair FILE... (after --), outside a repository: every hostile name is repaired, nothing runs', () => {
    const dir = tempDir('qmoi-inject-');
    const state = tempDir('qmoi-state-');
    dirs.push(dir, state);
    writeFiles(dir, Object.fromEntries(ALL.map((n) => [n, brokenFor(n)])));
    const r = runCli(dir, ['repair', '--json', '--', ...ALL], { env: { ...rec.env(), XDG_STATE_HOME: state } });
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { files: { file: string; status: string }[] };
    assert.deepEqual(doc.files.map((f) => f.file), ALL, 'names reported exactly as given');
    for (const f of doc.files) assert.equal(f.status, 'repaired', f.file);
    for (const n of ALL) assert.ok(parsesAs(n, fs.readFileSync(path.join(dir, n), 'utf8')), n);
    // A name that looks like an option is an option unless after "--" or written as ./name: a usage error, not a guess.
    const dash = runCli(dir, ['repair', '-rf.json'], { env: rec.env() });
    assert.equal(dash.status, 2, dash.stdout + dash.stderr);
    assert.equal(runCli(dir, ['validate', './-rf.json', './--all.json'], { env: rec.env() }).status, 0);
    assertNoShell([dir, state]);
  });

  it('validate --all and repair --all in a repository: hostile tracked names, reported exactly', () => {
    const dir = makeRepo();
    dirs.push(dir);
    writeFiles(dir, Object.fromEntries(ALL.map((n) => [`sub/${n}`, brokenFor(n)])));
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'hostile names'], { env: { QMOI_HOOKS: '0' } });
    const v = runCli(dir, ['validate', '--all', '--json'], { env: rec.env() });
    assert.equal(v.status, 1, v.stderr);
    const bad = (JSON.parse(v.stdout) as { files: { file: string; status: string }[] }).files.filter((f) => f.status === 'unrepairable').map((f) => f.file);
    assert.deepEqual(bad.sort(), ALL.map((n) => `sub/${n}`).sort());
    const r = runCli(dir, ['repair', '--all', '--json'], { env: rec.env() });
    assert.equal(r.status, 0, r.stderr);
    for (const n of ALL) assert.ok(parsesAs(n, fs.readFileSync(path.join(dir, 'sub', n), 'utf8')), n);
    assert.equal(runCli(dir, ['validate', '--all'], { env: rec.env() }).status, 0);
    assertNoShell([dir]);
  });

  it('the installed hooks: pre-commit repairs hostile names, pre-push blocks one, push rebases a hostile branch to a hostile remote', () => {
    const top = installedRepo();
    dirs.push(top);
    const env = rec.env();
    const run = (args: string[], input?: string) => spawnSync('git', args, { cwd: top, env: cliEnv(env), encoding: 'utf8', input });
    const srv = tempDir('qmoi-srv-');
    dirs.push(srv);
    const bare = path.join(srv, '$(touch pwned-url)`touch pwned-url2`', 'origin.git');
    fs.mkdirSync(bare, { recursive: true });
    git(bare, ['init', '-q', '--bare', '-b', 'main']);
    git(top, ['remote', 'add', REMOTE, bare]);
    git(top, ['checkout', '-q', '-b', BRANCH]);

    // pre-commit: every hostile name repaired in the commit, names exact.
    writeFiles(top, Object.fromEntries(ALL.map((n) => [`src/${n}`, brokenFor(n)])));
    git(top, ['add', '-A', 'src']);
    const c = run(['commit', '-m', 'hostile names']);
    assert.equal(c.status, 0, c.stdout + c.stderr);
    const committed = git(top, ['ls-tree', '-r', '-z', '--name-only', 'HEAD', 'src/']).stdout.split('\0').filter(Boolean);
    assert.deepEqual(committed.sort(), ALL.map((n) => `src/${n}`).sort());
    for (const n of ALL) assert.ok(parsesAs(n, git(top, ['cat-file', 'blob', `HEAD:src/${n}`]).stdout), `committed ${n} parses`);
    // post-commit runs detached: its backup ref of the hostile branch appears shortly after the commit.
    const until = Date.now() + 10_000;
    while (!git(top, ['for-each-ref', '--format=%(refname)', 'refs/qmoi/backup/']).stdout.includes(BRANCH) && Date.now() < until) spawnSync('sleep', ['0.1']);
    assert.ok(git(top, ['for-each-ref', '--format=%(refname)', 'refs/qmoi/backup/']).stdout.includes(BRANCH), 'post-commit backed up the hostile branch');

    // pre-push: a broken file with a hostile name (committed past the hook) blocks the push, and is named.
    writeFiles(top, { 'src/$(touch pwned-late).json': BROKEN.json });
    git(top, ['add', '-A', 'src']);
    assert.equal(run(['commit', '--no-verify', '-q', '-m', 'broken, unchecked']).status, 0);
    const blocked = run(['push', REMOTE, `HEAD:refs/heads/${BRANCH}`]);
    assert.equal(blocked.status, 1, blocked.stderr);
    assert.match(blocked.stderr + blocked.stdout, /\$\(touch pwned-late\)\.json/);
    writeFiles(top, { 'src/$(touch pwned-late).json': '{ "fixed": true }\n' });
    git(top, ['add', '-A', 'src']);
    assert.equal(run(['commit', '-q', '-m', 'fixed']).status, 0);
    const pushed = run(['push', '-q', REMOTE, `HEAD:refs/heads/${BRANCH}`]);
    assert.equal(pushed.status, 0, pushed.stderr);

    // qmoi-hooks push: the remote moved, so it fetches and rebases in a scratch worktree, then pushes.
    const clone = path.join(srv, 'clone');
    git(srv, ['clone', '-q', '-b', BRANCH, bare, clone]);
    writeFiles(clone, { 'theirs.txt': 'theirs\n' });
    git(clone, ['add', 'theirs.txt']);
    git(clone, ['commit', '-q', '-m', 'upstream']);
    git(clone, ['push', '-q', 'origin', BRANCH]);
    writeFiles(top, { 'mine.txt': 'mine\n' });
    git(top, ['add', 'mine.txt']);
    assert.equal(run(['commit', '-q', '-m', 'mine']).status, 0);
    const p = runCli(top, ['push', '--json', '--remote', REMOTE], { env: { ...env, npm_config_offline: 'true' } });
    assert.equal(p.status, 0, p.stderr + p.stdout);
    const res = (JSON.parse(p.stdout) as { remotes: { status: string; rebased?: unknown; remote: string; branch: string }[] }).remotes[0];
    assert.equal(res.status, 'pushed');
    assert.ok(res.rebased, 'it rebased');
    assert.equal(res.remote, REMOTE);
    assert.equal(res.branch, BRANCH);
    assert.equal(git(bare, ['rev-parse', `refs/heads/${BRANCH}`]).stdout.trim(), git(top, ['rev-parse', 'HEAD']).stdout.trim());
    assert.equal(git(bare, ['cat-file', 'blob', `refs/heads/${BRANCH}:theirs.txt`]).stdout, 'theirs\n');
    assert.ok(rec.shCalls().some(([, ...argv]) => argv.some((a) => a.endsWith('/.husky/_/pre-commit'))), 'the sh wrapper saw the hooks run');
    assertNoShell([top, srv]);
  });

  it('pre-push to remotes named like options (--help, -x): still validated and blocked', () => {
    const top = installedRepo();
    dirs.push(top);
    const bare = tempDir('qmoi-bare-');
    dirs.push(bare);
    git(bare, ['init', '-q', '--bare', '-b', 'main']);
    writeFiles(top, { 'bad.json': BROKEN.json });
    git(top, ['add', 'bad.json']);
    git(top, ['commit', '-q', '--no-verify', '-m', 'broken, unchecked'], { env: { QMOI_HOOKS: '0' } });
    for (const name of ['--help', '-x', '--json']) {
      git(top, ['remote', 'add', '--', name, bare]);
      const r = spawnSync('git', ['push', '--', name, 'HEAD:refs/heads/main'], { cwd: top, env: cliEnv(rec.env()), encoding: 'utf8' });
      assert.equal(r.status, 1, `a push to the remote "${name}" was not validated:\n${r.stdout}${r.stderr}`);
      assert.match(r.stdout + r.stderr, /bad\.json/);
    }
    assertNoShell([top, bare]);
  });

  it('config: log folders outside the package and plugins outside it are refused (and never loaded)', () => {
    const outside = tempDir('qmoi-outside-');
    dirs.push(outside);
    for (const dir of ['../escaped-logs', path.join(outside, 'abs-logs'), 'logs/../../escaped2']) {
      const top = makeRepo();
      dirs.push(top);
      const marker = path.join(outside, 'plugin-ran');
      writeFiles(path.dirname(top), { [`${path.basename(top)}-evil.mjs`]: `import fs from 'node:fs'; fs.writeFileSync(${JSON.stringify(marker)}, 'ran');\nexport default { language: 'x', matches: () => false, repair: () => ({ status: 'ok' }) };\n` });
      writeFiles(top, {
        'config/qmoi.json': JSON.stringify({ logs: { dir }, plugins: [`../${path.basename(top)}-evil.mjs`, path.join(path.dirname(top), `${path.basename(top)}-evil.mjs`)] }),
        'a.json': BROKEN.json,
      });
      const r = runCli(top, ['repair', 'a.json'], { env: rec.env() });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /logs\.dir/);
      assert.match(r.stderr, /plugin/);
      assert.ok(!fs.existsSync(marker), 'a plugin outside the package was imported');
      assert.ok(!fs.existsSync(path.join(path.dirname(top), 'escaped-logs')) && !fs.existsSync(path.join(outside, 'abs-logs')) && !fs.existsSync(path.join(path.dirname(top), 'escaped2')), 'logs were written outside the package');
      assert.ok(fs.existsSync(path.join(top, 'logs', 'qmoi.log')), 'logs went to the default folder');
      fs.rmSync(path.join(path.dirname(top), `${path.basename(top)}-evil.mjs`));
    }
  });

  it('webhook URLs that are not http(s) are refused with a message, and nothing is sent anywhere', async () => {
    const hits: string[] = [];
    const trap = net.createServer((s) => {
      hits.push('connection');
      s.destroy();
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    const port = (trap.address() as net.AddressInfo).port;
    const dir = makeRepo();
    dirs.push(dir);
    writeFiles(dir, { 'config/notification.json': JSON.stringify({ channels: { console: { enabled: false }, slack: { enabled: true }, discord: { enabled: true } }, maxAttempts: 1 }) });
    const secret = 'T0SECRET/B0SECRET/zzSecretPath99';
    try {
      for (const url of [`file:///etc/passwd#${secret}`, `ftp://127.0.0.1:${port}/${secret}`, `gopher://127.0.0.1:${port}/_${secret}`, `ws://127.0.0.1:${port}/${secret}`, `javascript:fetch('http://127.0.0.1:${port}/${secret}')`, `data:text/plain,${secret}`]) {
        const r = await runCliAsync(dir, ['notify', '--test', '--json'], { env: { SLACK_WEBHOOK_URL: url, DISCORD_WEBHOOK_URL: url } });
        assert.equal(r.status, 1, r.stderr);
        const channels = (JSON.parse(r.stdout) as { channels: { channel: string; result: string; error?: string; attempts: number }[] }).channels;
        for (const name of ['slack', 'discord']) {
          const c = channels.find((x) => x.channel === name)!;
          assert.equal(c.result, 'failed', url);
          assert.equal(c.attempts, 0);
          assert.match(c.error ?? '', /(must be an http\(s\) URL|not a valid URL)/, url);
        }
        assert.ok(!(r.stdout + r.stderr).includes(secret), `the URL's secret part was printed for ${url}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(hits, [], 'something connected to the trap');
      const logs = fs.readdirSync(path.join(dir, 'logs')).map((f) => fs.readFileSync(path.join(dir, 'logs', f), 'utf8')).join('');
      assert.ok(!logs.includes(secret), 'the secret reached the logs');
    } finally {
      await new Promise<void>((resolve) => trap.close(() => resolve()));
    }
  });
});
