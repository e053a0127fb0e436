// `validate --all` (workers, blob-id cache, shards) and `validate --range A..B`.
import assert from 'node:assert/strict';
import { cleanup, git, runCli, writeFiles } from './helpers/repo.js';
import { stagedRepo } from './helpers/staged.js';

type Report = { files: { file: string; status: string; error?: { line: number } }[]; summary: { ok: number; unrepairable: number } };
const json = (stdout: string) => JSON.parse(stdout) as Report;

describe('validate --all and --range', function () {
  this.timeout(60000);
  const dirs: string[] = [];
  after(() => cleanup(...dirs));

  /** 240 valid files (.fix through the plugin, .json built in) and two broken ones, committed. */
  function bigRepo(): string {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`pkg${i % 7}/f${i}.fix`] = `file ${i}\n`;
    for (let i = 0; i < 40; i++) files[`data/d${i}.json`] = `{"n": ${i}}\n`;
    files['pkg3/bad.fix'] = 'one\ntwo BROKEN\n';
    files['data/bad.json'] = '{"a": }\n';
    const dir = stagedRepo(files);
    dirs.push(dir);
    return dir;
  }

  let shared: string | undefined;
  it('checks every tracked file on several threads, reports the broken ones, then answers from the cache', () => {
    const dir = (shared = bigRepo());
    const cold = runCli(dir, ['validate', '--all', '--json', '--verbose']);
    assert.equal(cold.status, 1, cold.stderr);
    const report = json(cold.stdout);
    assert.deepEqual(report.files.filter((f) => f.status === 'unrepairable').map((f) => f.file).sort(), ['data/bad.json', 'pkg3/bad.fix']);
    assert.equal(report.files.find((f) => f.file === 'pkg3/bad.fix')!.error!.line, 2);
    assert.ok(report.summary.ok >= 240, JSON.stringify(report.summary));
    assert.match(cold.stderr, /0 unchanged \(from the cache\)/);
    assert.match(cold.stderr, /on \d+ threads/, 'more than one worker thread');

    const warm = runCli(dir, ['validate', '--all', '--verbose']);
    assert.equal(warm.status, 1);
    assert.match(warm.stderr, /checked 24\d file\(s\) .*: 24\d unchanged \(from the cache\), 2 read/, 'only the broken files are read again');
    assert.match(warm.stdout, /pkg3\/bad\.fix:2:5: BROKEN found/);
  });

  it('never trusts the cache for a file changed on disk, and starts a fresh cache when the config changes', () => {
    const dir = bigRepo();
    assert.equal(runCli(dir, ['validate', '--all']).status, 1);
    writeFiles(dir, { 'pkg1/f1.fix': 'now BROKEN\n' });
    const r = runCli(dir, ['validate', '--all', '--json']);
    assert.ok(json(r.stdout).files.some((f) => f.file === 'pkg1/f1.fix' && f.status === 'unrepairable'), 'the working-tree copy is what is checked');
    writeFiles(dir, { 'config/qmoi.json': JSON.stringify({ plugins: ['plugins/fix.mjs'], repair: { timeoutMs: 4000 } }) });
    const fresh = runCli(dir, ['validate', '--all', '--verbose']);
    assert.match(fresh.stderr, / 0 unchanged \(from the cache\)/);
  });

  it('--shard i/n splits the files into stable, disjoint slices that cover them all', () => {
    const dir = shared ?? bigRepo();
    const all = json(runCli(dir, ['validate', '--all', '--json']).stdout).files.map((f) => f.file).sort();
    const slices = [1, 2, 3].map((i) => json(runCli(dir, ['validate', '--all', '--json', '--shard', `${i}/3`]).stdout).files.map((f) => f.file));
    assert.ok(slices.every((s) => s.length > 40), slices.map((s) => s.length).join(','));
    assert.deepEqual(slices.flat().sort(), all);
    assert.deepEqual(json(runCli(dir, ['validate', '--all', '--json', '--shard', '2/3']).stdout).files.map((f) => f.file), slices[1], 'stable');
    for (const bad of ['0/3', '4/3', 'x']) {
      const r = runCli(dir, ['validate', '--all', '--shard', bad]);
      assert.equal(r.status, 2, bad);
      assert.match(r.stderr, /--shard takes i\/n/);
    }
    assert.equal(runCli(dir, ['validate', '--staged', '--shard', '1/2']).status, 2);
  });

  it('--range A..B checks the files changed in those commits, as they are in B', () => {
    const dir = stagedRepo({ 'old.fix': 'BROKEN long ago\n' });
    dirs.push(dir);
    const a = git(dir, ['rev-parse', 'HEAD']).stdout.trim();
    writeFiles(dir, { 'x.fix': 'BROKEN\n', 'y.fix': 'INVALID\n', 'z.json': '{"ok": true}\n', 'new\nline.fix': 'INVALID\n' });
    git(dir, ['add', '.']);
    git(dir, ['commit', '-q', '--no-verify', '-m', 'broken']);
    git(dir, ['rm', '-q', 'y.fix']);
    git(dir, ['commit', '-q', '--no-verify', '-m', 'y removed']);
    writeFiles(dir, { 'x.fix': 'fixed on disk only\n' });
    const r = runCli(dir, ['validate', '--range', `${a}..HEAD`, '--json']);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(json(r.stdout).files.map((f) => `${f.file}:${f.status}`).sort(), ['new\nline.fix:unrepairable', 'x.fix:unrepairable', 'z.json:ok']);
    assert.equal(runCli(dir, ['validate', '--range', 'HEAD~1..HEAD']).status, 0, 'only a deletion in that range');
    assert.equal(runCli(dir, ['validate', '--range', 'HEAD']).status, 2);
  });
});
