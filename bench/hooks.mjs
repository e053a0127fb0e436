#!/usr/bin/env node
// `npm run bench:hooks`: qmoi-hooks against the setup most JS teams use (husky + lint-staged 16 running
// `prettier --check`, hooks calling the binaries directly), interleaved, on identical repositories:
//   git commit of 1 clean JS file, of 50 clean JS files; `validate --all` over ~5,000 real JS files
//   (cold and warm) against `prettier --check` cold. Prints a table: baseline ms, ours ms, ratio, target, pass/fail.
// Options: --rounds N (commit rounds, default 15), --files N (validate corpus size, default 5000),
//          --skip-prettier-all (skip the slow prettier --check over the corpus), --keep (keep the temp folder).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { corpusFiles, median, timeMs } from './hooks-helpers.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const ROUNDS = opt('--rounds', 15);
const CORPUS = opt('--files', 5000);
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_') && k !== 'QMOI_HOOKS')),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  NO_COLOR: '1',
};
const git = (cwd, ...a) => execFileSync('git', a, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qmoi-bench-'));
process.on('exit', () => {
  if (!args.includes('--keep')) fs.rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
});

// node_modules for both repositories: this project's dependencies plus qmoi-hooks itself (the build).
const modules = path.join(work, 'node_modules');
fs.mkdirSync(modules);
for (const name of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
  if (name !== '.bin' && name !== '.package-lock.json') fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(modules, name));
}
fs.symlinkSync(ROOT, path.join(modules, 'qmoi-hooks'));
fs.symlinkSync(path.join(ROOT, 'node_modules', '.bin'), path.join(modules, '.bin'));

// 50 real JS files, formatted by prettier so that `prettier --check` passes on them.
const sources = corpusFiles(50, { maxBytes: 20_000 });
function makeRepo(name) {
  const dir = path.join(work, name);
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules\nlogs\n');
  fs.symlinkSync(modules, path.join(dir, 'node_modules'));
  sources.forEach((src, i) => fs.copyFileSync(src, path.join(dir, 'src', `f${i}.js`)));
  return dir;
}
const base = makeRepo('baseline');
execFileSync(path.join(modules, '.bin', 'prettier'), ['--write', '--log-level=error', 'src'], { cwd: base, env });
const ours = makeRepo('ours');
for (let i = 0; i < sources.length; i++) fs.copyFileSync(path.join(base, 'src', `f${i}.js`), path.join(ours, 'src', `f${i}.js`));

// Baseline: husky 9 + lint-staged 16 + prettier --check, the binaries called directly.
execFileSync(process.execPath, ['--input-type=module', '-e', "const {default: h} = await import('husky'); console.log(h())"], { cwd: base, env });
fs.writeFileSync(path.join(base, '.husky', 'pre-commit'), './node_modules/.bin/lint-staged\n');
fs.writeFileSync(path.join(base, '.lintstagedrc.json'), JSON.stringify({ '*.js': 'prettier --check' }));
// Ours: `qmoi-hooks install` (husky + our runner; pre-commit, post-commit and pre-push).
execFileSync(process.execPath, [CLI, 'install'], { cwd: ours, env, stdio: 'ignore' });
for (const dir of [base, ours]) {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--no-verify', '-m', 'initial');
}

let counter = 0;
/** Changes `n` files in a clean way (a new comment line), stages them, and times `git commit`. */
function commitTime(dir, n) {
  counter++;
  for (let i = 0; i < n; i++) fs.appendFileSync(path.join(dir, 'src', `f${i}.js`), `// change ${counter}\n`);
  git(dir, 'add', 'src');
  const t = timeMs('git', ['commit', '-q', '-m', `change ${counter}`], { cwd: dir, env });
  if (t.status !== 0) throw new Error(`git commit failed in ${path.basename(dir)}: ${t.stderr}`);
  return t;
}

const rows = [];
async function interleaved(label, n, target) {
  const b = [];
  const o = [];
  commitTime(base, n); // warm the file cache of both once
  commitTime(ours, n);
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate who goes first; let our detached post-commit finish before the next measurement.
    if (r % 2) {
      o.push(commitTime(ours, n));
      await sleep(250);
      b.push(commitTime(base, n));
    } else {
      b.push(commitTime(base, n));
      o.push(commitTime(ours, n));
      await sleep(250);
    }
  }
  rows.push(row(label, b, o, target));
}

/** A table row from timings: medians of wall and CPU time, and whether each ratio meets the target. */
function row(label, b, o, target) {
  const m = (xs, k) => (xs.length && xs[0][k] !== undefined ? median(xs.map((x) => x[k])) : undefined);
  const r = { label, baseline: m(b, 'ms'), ours: m(o, 'ms'), baseCpu: m(b, 'cpu'), oursCpu: m(o, 'cpu'), target: `<= ${target}x` };
  r.pass = r.baseline !== undefined && r.ours <= target * r.baseline;
  r.passCpu = r.baseCpu !== undefined && r.oursCpu <= target * r.baseCpu;
  return r;
}

console.log(`bench: ${ROUNDS} interleaved rounds, node ${process.version}, ${os.availableParallelism()} cores, load ${os.loadavg()[0].toFixed(2)}`);
await interleaved('git commit, 1 clean JS file', 1, 0.35);
await interleaved('git commit, 50 clean JS files', 50, 0.5);

// Where our pre-commit time goes: node alone, the CLI doing nothing, the hook with nothing staged.
const seven = (f) => {
  const runs = Array.from({ length: 7 }, f);
  return { ms: median(runs.map((r) => r.ms)), cpu: runs[0].cpu === undefined ? undefined : median(runs.map((r) => r.cpu)) };
};
const oneJs = () => {
  fs.appendFileSync(path.join(ours, 'src', 'f0.js'), '// x\n');
  git(ours, 'add', 'src');
};
const parts = {
  'node -e 0': seven(() => timeMs(process.execPath, ['-e', '0'], { cwd: ours, env })),
  'qmoi-hooks --version': seven(() => timeMs(process.execPath, [CLI, '--version'], { cwd: ours, env })),
  'run pre-commit, nothing staged': seven(() => timeMs(process.execPath, [CLI, 'run', 'pre-commit'], { cwd: ours, env })),
  'run pre-commit, 1 JS file staged': seven(() => {
    oneJs();
    return timeMs(process.execPath, [CLI, 'run', 'pre-commit'], { cwd: ours, env });
  }),
  "import('@babel/parser') (ESM)": seven(() => timeMs(process.execPath, ['--input-type=module', '-e', "await import('@babel/parser')"], { cwd: ROOT, env })),
  "require('@babel/parser') (CJS)": seven(() => timeMs(process.execPath, ['-e', "require('@babel/parser')"], { cwd: ROOT, env })),
  'post-commit runner (detaches)': seven(() => timeMs('sh', [path.join(ours, '.husky', '_', 'post-commit')], { cwd: ours, env })),
  'git commit --no-verify, 1 file': seven(() => {
    oneJs();
    return timeMs('git', ['commit', '-q', '--no-verify', '-m', 'x'], { cwd: ours, env });
  }),
};
git(ours, 'reset', '-q');

// validate --all over a corpus of real JS files.
const big = path.join(work, 'corpus');
fs.mkdirSync(big);
git(big, 'init', '-q', '-b', 'main');
fs.writeFileSync(path.join(big, 'package.json'), '{"name":"corpus","private":true}\n');
fs.symlinkSync(modules, path.join(big, 'node_modules'));
fs.writeFileSync(path.join(big, '.gitignore'), 'node_modules\nlogs\n');
const files = corpusFiles(CORPUS, { maxBytes: 200_000 });
files.forEach((src, i) => {
  const dest = path.join(big, 'js', String(i % 50), `${i}${path.extname(src)}`);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.copyFileSync(src, dest);
});
git(big, 'add', '-A');
git(big, 'commit', '-q', '--no-verify', '-m', 'corpus');
const cachePath = path.join(big, '.git', 'qmoi', 'validate-cache');
const validate = () => timeMs(process.execPath, [CLI, 'validate', '--all'], { cwd: big, env });
const cold = [];
for (let i = 0; i < 3; i++) {
  fs.rmSync(cachePath, { force: true });
  cold.push(validate());
}
const warm = Array.from({ length: 5 }, validate);
const prettier = args.includes('--skip-prettier-all') ? [] : [timeMs(path.join(modules, '.bin', 'prettier'), ['--check', '--log-level=silent', 'js'], { cwd: big, env })];
if (prettier.length) rows.push(row(`validate --all, ${files.length} JS files, cold`, prettier, cold, 0.1));
const warmRow = row(`validate --all, ${files.length} JS files, warm`, prettier, warm, 1);
rows.push({ ...warmRow, target: '< 300 ms', pass: warmRow.ours < 300, passCpu: warmRow.oursCpu < 300 });

const pad = (s, n) => String(s).padEnd(n);
const num = (v) => (v === undefined ? '-' : `${Math.round(v)}`);
const ratio = (a, b) => (a !== undefined && b ? (a / b).toFixed(2) : '-');
console.log('\n' + pad('scenario', 42) + pad('baseline ms', 12) + pad('ours ms', 9) + pad('ratio', 7) + pad('target', 10) + pad('result', 8) + '| CPU: baseline  ours   ratio  result');
for (const r of rows) {
  console.log(
    pad(r.label, 42) + pad(num(r.baseline), 12) + pad(num(r.ours), 9) + pad(ratio(r.ours, r.baseline), 7) + pad(r.target, 10) + pad(r.pass ? 'pass' : 'FAIL', 8) +
      '|      ' + pad(num(r.baseCpu), 9) + pad(num(r.oursCpu), 7) + pad(ratio(r.oursCpu, r.baseCpu), 7) + (r.passCpu ? 'pass' : 'FAIL'),
  );
}
console.log('\nbaseline: husky 9 + lint-staged 16 + prettier --check (commit); prettier --check cold (validate --all)');
console.log('wall ms is what the targets name; CPU ms (user+sys of all processes waited for) stays honest on a loaded machine');
console.log('\nwhere our time goes (median wall ms / CPU ms):');
for (const [k, v] of Object.entries(parts)) console.log(`  ${pad(k, 36)}${pad(num(v.ms), 7)}${num(v.cpu)}`);
console.log(`  validate --all cold runs: ${cold.map((t) => num(t.ms)).join(', ')}; warm: ${warm.map((t) => num(t.ms)).join(', ')}`);
const stats = spawnSync(process.execPath, [CLI, 'validate', '--all', '--verbose'], { cwd: big, env, encoding: 'utf8' }).stderr.trim().split('\n').pop();
console.log(`  ${stats}`);
process.exitCode = rows.every((r) => r.pass) ? 0 : 1;
