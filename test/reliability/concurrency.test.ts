// Concurrency: a GUI client and a terminal at once. Two `git commit`s through the installed hooks on the same
// staged files; two pushes at once (one of them rebasing onto a moved remote) while commits keep landing. One
// waits or backs off with a clear message; neither corrupts the index or a ref (`git fsck`, a readable index,
// `git status`); every commit made is reachable; unstaged work stays. QMOI_STRESS=1 runs more rounds.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { GitHttpServer } from '../helpers/git-http-server.js';
import { parsesAs } from '../helpers/parse-oracle.js';
import { World } from '../helpers/push-fixtures.js';
import { lostCommits } from '../helpers/reachability.js';
import { CLI, cleanup, git, makeRepo, runCli, testEnv } from '../helpers/repo.js';
import { scale } from '../helpers/stress.js';

/** Runs a command without blocking; resolves with its exit code and output. */
function start(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: testEnv(env) });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** The repository is sound: fsck passes, the index reads, status works. */
async function assertSound(dir: string, when: string): Promise<void> {
  // After many commits git packs the repository in a detached `gc --auto`: fsck then would see loose objects
  // vanish into the pack. Wait for it, as a user's fsck would.
  for (const until = Date.now() + 60_000; fs.existsSync(path.join(dir, '.git', 'gc.pid')) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
  const fsck = git(dir, ['fsck', '--no-dangling', '--no-progress'], { allowFailure: true });
  assert.equal(fsck.status, 0, `${when}: git fsck: ${fsck.stderr}${fsck.stdout}`);
  assert.equal(git(dir, ['ls-files', '-s'], { allowFailure: true }).status, 0, `${when}: the index cannot be read`);
  assert.equal(git(dir, ['status', '--porcelain'], { allowFailure: true }).status, 0, `${when}: git status fails`);
  assert.ok(!fs.existsSync(path.join(dir, '.git', 'index.lock')), `${when}: index.lock left behind`);
}

describe('reliability: concurrency (a GUI client and a terminal at once)', function () {
  this.timeout(scale(60_000, 600_000));
  const dirs: string[] = [];
  after(() => cleanup(...dirs));

  it('two git commits at once through the hooks: one commits the repaired files, the other backs off; nothing corrupt or lost', async () => {
    const top = makeRepo();
    dirs.push(top);
    assert.equal(runCli(top, ['install']).status, 0);
    fs.writeFileSync(path.join(top, 'config', 'qmoi.json'), '{ "push": { "enabled": false } }\n');
    git(top, ['add', '-A']);
    git(top, ['commit', '-q', '-m', 'install'], { env: { QMOI_HOOKS: '0' } });
    const commits = [git(top, ['rev-parse', 'HEAD']).stdout.trim()];
    const outcomes: Record<string, number> = {};
    for (let k = 0; k < scale(3, 40); k++) {
      const files = { [`a${k}.json`]: `{ "a": ${k}, }\n`, [`b${k}.js`]: `call(${k};\n`, 'notes.json': `{ "round": ${k} }\n` };
      for (const [f, t] of Object.entries(files)) fs.writeFileSync(path.join(top, f), t);
      git(top, ['add', ...Object.keys(files)]);
      fs.writeFileSync(path.join(top, 'notes.json'), `{ "round": ${k}, "unstaged": true }\n`);
      const before = git(top, ['rev-parse', 'HEAD']).stdout.trim();
      const [gui, terminal] = await Promise.all([start('git', ['commit', '-m', `gui ${k}`], top), start('git', ['commit', '-m', `terminal ${k}`], top)]);
      await assertSound(top, `round ${k}`);
      const made = git(top, ['rev-list', `${before}..HEAD`]).stdout.split('\n').filter(Boolean);
      commits.push(...made);
      const ok = [gui, terminal].filter((r) => r.code === 0).length;
      assert.ok(made.length >= 1, `round ${k}: neither commit landed:\n${gui.out}\n${terminal.out}`);
      assert.equal(made.length, ok, `round ${k}: ${ok} commits said they succeeded, ${made.length} landed`);
      for (const r of [gui, terminal].filter((x) => x.code !== 0)) {
        // The one that backed off says why, in words a user can act on.
        assert.match(r.out, /another qmoi-hooks run|cannot lock ref|index\.lock|nothing (added )?to commit|no changes added/i, `round ${k}: unclear message:\n${r.out}`);
      }
      const key = made.length === 2 ? 'both committed (one after the other)' : 'one committed, one backed off';
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      for (const f of Object.keys(files)) if (f !== 'notes.json') assert.ok(parsesAs(f, git(top, ['cat-file', 'blob', `HEAD:${f}`]).stdout), `round ${k}: ${f} committed unrepaired`);
      assert.equal(fs.readFileSync(path.join(top, 'notes.json'), 'utf8'), `{ "round": ${k}, "unstaged": true }\n`, 'the unstaged edit is kept');
      assert.deepEqual(lostCommits(commits, top, []), []);
    }
    console.log(`      ${Object.entries(outcomes).map(([o, n]) => `${n} ${o}`).join(', ')}`);
  });

  it('two pushes at once (one rebasing onto a moved remote) while commits keep landing: no overlap, nothing lost', async () => {
    const w = new World();
    dirs.push(w.root);
    const bare = w.bare('origin.git');
    const server = await GitHttpServer.start({ root: path.dirname(bare) });
    try {
      w.remote('origin', `${server.url}/origin.git`);
      git(w.work, ['push', '-q', bare, 'main']);
      const clone = path.join(w.root, 'upstream');
      git(w.root, ['clone', '-q', bare, clone]);
      const env = { PATH: `${w.bin}:${process.env.PATH}`, QMOI_PUSH_BASE_DELAY_MS: '1' };
      let n = 0;
      for (let round = 0; round < scale(2, 30); round++) {
        git(clone, ['pull', '-q', '--ff-only', 'origin', 'main']);
        w.commit(`upstream ${round}`, { [`up/${round}.txt`]: `${round}\n` }, clone);
        git(clone, ['push', '-q', 'origin', 'main']);
        w.commit(`mine ${round}`, { [`mine/${round}.txt`]: `${round}\n` });
        // Two pushes (a post-commit push in the background and one from the terminal), and meanwhile the user
        // keeps committing with a client that runs no hooks.
        let pushing = true;
        const pushes = Promise.all([start(process.execPath, [CLI, 'push', '--from-hook'], w.work, env), start(process.execPath, [CLI, 'push'], w.work, env)]).finally(() => (pushing = false));
        for (let i = 0; pushing && i < 6; i++) {
          w.commit(`meanwhile ${n}`, { [`meanwhile/${n}.txt`]: `${n}\n` });
          n++;
          await new Promise((r) => setTimeout(r, Math.random() * 60));
        }
        const results = await pushes;
        await assertSound(w.work, `round ${round}`);
        for (const r of results) {
          assert.ok(r.code === 0 || /could not push main to origin: [\s\S]*next: /.test(r.out), `round ${round}: a push failed without a clear message:\n${r.out}`);
          // A commit made meanwhile is what stopped the rebase: not "uncommitted files in the way".
          if (/moved while pushing/.test(r.out)) assert.match(r.out, /your commits were not rebased automatically/, r.out);
        }
        assert.equal(server.maxConcurrentPushes, 1, 'two pushes reached the server at once');
        w.commits.push(git(bare, ['rev-parse', 'main']).stdout.trim());
        assert.deepEqual(lostCommits(w.commits, w.work, [bare]), [], `round ${round}: commits lost`);
        for (let i = 0; i < n; i++) assert.ok(fs.existsSync(path.join(w.work, 'meanwhile', `${i}.txt`)), `round ${round}: the file of commit "meanwhile ${i}" vanished`);
        // Catch up for the next round.
        const last = await start(process.execPath, [CLI, 'push'], w.work, env);
        assert.equal(last.code, 0, last.out);
      }
    } finally {
      await server.stop();
    }
  });
});
