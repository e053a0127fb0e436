// Crash test of `qmoi-hooks push` while the remote moved: the whole process group is killed (SIGKILL) at random
// moments, half of them while the rebase runs in its scratch worktree. After every kill no commit is unreachable
// (from a branch or refs/qmoi/** here, or any ref of the remote), no staged, unstaged, untracked or ignored
// change is missing, and the next push recovers: it lands, and leaves no scratch worktree, temp folder or lock.
// QMOI_STRESS=1 runs 120 kills instead of 5.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { GitHttpServer, cert } from '../helpers/git-http-server.js';
import { World } from '../helpers/push-fixtures.js';
import { lostCommits } from '../helpers/reachability.js';
import { CLI, git, testEnv } from '../helpers/repo.js';
import { scale } from '../helpers/stress.js';

const KILLS = scale(5, 120);
/** Local commits per round: enough that the rebase takes a while to kill it in. */
const LOCAL_COMMITS = 8;

describe('reliability: push crash test (SIGKILL during fetch, rebase and push)', function () {
  this.timeout(KILLS * 6000 + 60_000);
  let w: World;
  let server: GitHttpServer;
  let tmp: string;
  let clone: string;
  let bare: string;

  before(async () => {
    w = new World();
    bare = w.bare('origin.git');
    server = await GitHttpServer.start({ root: path.dirname(bare) });
    w.remote('origin', `${server.url}/origin.git`);
    git(w.work, ['push', '-q', bare, 'main']);
    tmp = path.join(w.root, 'tmp');
    fs.mkdirSync(tmp);
    clone = path.join(w.root, 'upstream');
    git(w.root, ['clone', '-q', bare, clone]);
    // Work in progress of every kind, in files neither side's commits touch.
    fs.writeFileSync(path.join(w.work, '.gitignore'), 'ignored.env\nlogs/\n');
    fs.writeFileSync(path.join(w.work, 'tracked.txt'), 'tracked\n');
    git(w.work, ['add', '.gitignore', 'tracked.txt']);
    w.commit('wip files');
    git(w.work, ['push', '-q', bare, 'main']);
    fs.writeFileSync(path.join(w.work, 'tracked.txt'), 'tracked\nunstaged edit\n');
    fs.writeFileSync(path.join(w.work, 'staged.txt'), 'staged\n');
    git(w.work, ['add', 'staged.txt']);
    fs.appendFileSync(path.join(w.work, 'staged.txt'), 'and unstaged on top\n');
    fs.writeFileSync(path.join(w.work, 'untracked.txt'), 'untracked\n');
    fs.writeFileSync(path.join(w.work, 'ignored.env'), 'TOKEN=ignored\n');
  });
  let failed = false;
  afterEach(function () {
    if (this.currentTest?.state === 'failed') failed = true;
  });
  after(async () => {
    await server.stop();
    if (!failed) w.cleanup();
  });

  /** The work in progress is all still there, staged as staged and unstaged as unstaged. */
  function assertWorkInProgress(when: string): void {
    const read = (f: string) => fs.readFileSync(path.join(w.work, f), 'utf8');
    assert.equal(read('tracked.txt'), 'tracked\nunstaged edit\n', `unstaged edit ${when}`);
    assert.equal(git(w.work, ['show', ':tracked.txt']).stdout, 'tracked\n', `tracked.txt is not staged ${when}`);
    assert.equal(git(w.work, ['show', ':staged.txt']).stdout, 'staged\n', `staged change ${when}`);
    assert.equal(read('staged.txt'), 'staged\nand unstaged on top\n', `unstaged part of the staged file ${when}`);
    assert.equal(read('untracked.txt'), 'untracked\n', `untracked file ${when}`);
    assert.equal(read('ignored.env'), 'TOKEN=ignored\n', `ignored file ${when}`);
    assert.equal(git(w.work, ['symbolic-ref', 'HEAD']).stdout.trim(), 'refs/heads/main', `HEAD is on main ${when}`);
  }

  /** Moves the remote (another clone pushes) and makes local commits on top of the old tip: a rebase is due. */
  function diverge(round: number): void {
    git(clone, ['pull', '-q', '--ff-only', 'origin', 'main']);
    w.commit(`upstream ${round}`, { [`up/${round}.txt`]: `upstream ${round}\n` }, clone);
    git(clone, ['push', '-q', 'origin', 'main']);
    for (let i = 0; i < LOCAL_COMMITS; i++) {
      const file = `mine/${round}-${i}.txt`;
      fs.mkdirSync(path.join(w.work, 'mine'), { recursive: true });
      fs.writeFileSync(path.join(w.work, file), `mine ${round} ${i}\n`);
      git(w.work, ['add', file]);
      // --only: commit just this file; the staged work in progress stays staged.
      git(w.work, ['commit', '-q', '--only', '-m', `mine ${round}.${i}`, '--', file], { env: { QMOI_HOOKS: '0' } });
      w.commits.push(w.head());
    }
  }

  /** Starts a push in its own process group; resolves with its exit code (null when killed). */
  function startPush(): { pid: number; done: Promise<{ code: number | null; stdout: string; stderr: string }>; kill: () => void } {
    const env = testEnv({ PATH: `${w.bin}:${process.env.PATH}`, QMOI_PUSH_BASE_DELAY_MS: '1', GIT_SSL_CAINFO: cert().certFile, TMPDIR: tmp });
    const child = spawn(process.execPath, [CLI, 'push', '--json'], { cwd: w.work, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
    return {
      pid: child.pid!,
      done,
      kill: () => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      },
    };
  }

  /** Processes still working in the repository (git children outside the killed group), to wait for. */
  function busy(): number[] {
    const out: number[] = [];
    for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
        if (cwd.startsWith(w.work) || cwd.startsWith(tmp)) out.push(Number(pid));
      } catch {
        /* gone, or not ours */
      }
    }
    return out;
  }

  async function settle(): Promise<void> {
    const until = Date.now() + 15_000;
    while (busy().length && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(busy(), [], 'processes left running in the repository');
  }

  function scratchWorktrees(): string[] {
    const dir = path.join(w.work, '.git', 'worktrees');
    return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  }

  /** A push that is not killed lands everything and leaves nothing behind. */
  async function recover(when: string, push = startPush()): Promise<number> {
    const started = Date.now();
    const r = await push.done;
    const ms = Date.now() - started;
    assert.equal(r.code, 0, `the push after ${when} failed: ${r.stderr}${r.stdout}`);
    const res = (JSON.parse(r.stdout) as { remotes: { status: string }[] }).remotes[0];
    assert.ok(['pushed', 'up-to-date'].includes(res.status), res.status);
    assert.equal(git(bare, ['rev-parse', 'main']).stdout.trim(), w.head(), 'the remote has the local branch');
    assert.equal(git(w.work, ['worktree', 'list', '--porcelain']).stdout.split('\n').filter((l) => l.startsWith('worktree ')).length, 1, `a scratch worktree is left after ${when}`);
    assert.deepEqual(scratchWorktrees(), [], 'worktree metadata left in .git/worktrees');
    assert.deepEqual(fs.readdirSync(tmp), [], `temp folders left after ${when}`);
    assert.ok(!fs.existsSync(path.join(w.work, '.git', 'qmoi-push.lock')), 'the push lock is left');
    assert.ok(!fs.existsSync(path.join(w.work, '.git', 'index.lock')), 'index.lock is left');
    assertWorkInProgress(`after the push that followed ${when}`);
    return ms;
  }

  it(`keeps every commit and every uncommitted change through ${KILLS} kills, and the next push recovers`, async () => {
    // Calibrate: how long a push with a rebase takes here.
    diverge(0);
    const full = await recover('calibration');
    const stages: Record<string, number> = { 'before the rebase': 0, 'during the rebase': 0, 'after the rebase': 0 };
    for (let k = 1; k <= KILLS; k++) {
      diverge(k);
      const localTip = w.head();
      const push = startPush();
      const inScratch = k % 2 === 0;
      let stage = 'before the rebase';
      if (inScratch) {
        // Wait for the scratch worktree to appear, then kill somewhere inside the rebase.
        const until = Date.now() + full * 3 + 5000;
        while (!scratchWorktrees().length && Date.now() < until) await new Promise((r) => setTimeout(r, 2));
        await new Promise((r) => setTimeout(r, Math.random() * full * 0.3));
      } else {
        await new Promise((r) => setTimeout(r, Math.random() * full * 1.1));
      }
      push.kill();
      await push.done;
      await settle();
      if (scratchWorktrees().length) stage = 'during the rebase';
      else if (w.head() !== localTip) stage = 'after the rebase';
      stages[stage]++;
      w.commits.push(git(bare, ['rev-parse', 'main']).stdout.trim());
      assert.deepEqual(lostCommits(w.commits, w.work, [bare]), [], 'commits lost');
      assertWorkInProgress(`after kill ${k} (${stage})`);
      await recover(`kill ${k} (${stage})`);
      assert.deepEqual(lostCommits(w.commits, w.work, [bare]), [], 'commits lost');
    }
    console.log(`      ${KILLS} kills over ~${full} ms pushes; killed: ${Object.entries(stages).map(([s, n]) => `${n} ${s}`).join(', ')}`);
    assert.equal(git(w.work, ['fsck', '--no-dangling', '--no-progress'], { allowFailure: true }).status, 0, 'the local repository is sound');
    assert.equal(git(bare, ['fsck', '--no-dangling', '--no-progress'], { allowFailure: true }).status, 0, 'the remote is sound');
  });

  it("takes over the lock of a killed push at once, also when the killed push's pid now belongs to another process", async () => {
    // pids wrap around (pid_max is 32768 here): the lock's pid alone cannot tell a live push from a reused pid.
    w.config({ push: { maxSeconds: 5 } });
    diverge(KILLS + 1);
    const push = startPush();
    const lock = path.join(w.work, '.git', 'qmoi-push.lock');
    for (const until = Date.now() + 10_000; !fs.existsSync(lock) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 2));
    await new Promise((r) => setTimeout(r, 20));
    push.kill();
    await push.done;
    await settle();
    assert.ok(fs.existsSync(lock), 'the killed push left its lock');
    // Another process now has the killed push's pid.
    const other = spawn('sleep', ['60']);
    try {
      const owner = JSON.parse(fs.readFileSync(lock, 'utf8')) as Record<string, unknown>;
      fs.writeFileSync(lock, JSON.stringify({ ...owner, pid: other.pid }));
      const next = startPush();
      let finished = false;
      void next.done.then(() => (finished = true));
      // Measured on the lock itself (not the whole push, whose network time varies with load): the new push owns it.
      const started = Date.now();
      let tookOverMs: number | undefined;
      while (tookOverMs === undefined && !finished && Date.now() - started < 30_000) {
        const raw = fs.existsSync(lock) ? fs.readFileSync(lock, 'utf8') : '';
        if (raw.includes(`"pid":${next.pid},`)) tookOverMs = Date.now() - started;
        else await new Promise((r) => setTimeout(r, 2));
      }
      await recover('a kill that left its lock to a reused pid', next);
      assert.ok(tookOverMs !== undefined && tookOverMs < 5000, `the push waited for a lock whose owner is gone (${tookOverMs ?? 'never'} ms)`);
    } finally {
      other.kill('SIGKILL');
    }
    assert.deepEqual(lostCommits(w.commits, w.work, [bare]), []);
  });
});
