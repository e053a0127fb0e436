// `qmoi-hooks demo`: the whole flow in a throw-away sandbox (a temp repository with a local bare remote):
// broken files are committed, repaired by the real hooks, pushed; an unrepairable file is blocked.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One step of the demo: what was done, what the user would see, and whether it behaved as it should. */
export interface DemoStep {
  title: string;
  command?: string;
  output: string;
  ok: boolean;
}

const BROKEN_JS = `export function sum(a, b) {
  return (a + b;
}
`;
const UNREPAIRABLE_JS = `export function half(x) {
  return x / ;
}
`;

/** Runs the demo; calls `onStep` as each step finishes. Returns the steps and the sandbox folder. */
export function runDemo(opts: { keep?: boolean; onStep?: (s: DemoStep) => void } = {}): { steps: DemoStep[]; sandbox: string; ok: boolean } {
  const sandbox = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'qmoi-demo-')));
  const remote = path.join(sandbox, 'remote.git');
  const app = path.join(sandbox, 'app');
  const cli = fileURLToPath(new URL('../cli.js', import.meta.url));
  const env = demoEnv(sandbox);
  const steps: DemoStep[] = [];
  const step = (title: string, cwd: string, argv: string[], expectOk: boolean | ((out: string, code: number) => boolean), input?: string) => {
    const r = spawnSync(argv[0], argv.slice(1), { cwd, env, encoding: 'utf8', input });
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
    const code = r.status ?? 1;
    const ok = typeof expectOk === 'function' ? expectOk(output, code) : expectOk === (code === 0);
    const s = { title, command: argv.map((a) => (a === process.execPath ? 'node' : a === cli ? 'qmoi-hooks' : a)).join(' '), output, ok };
    steps.push(s);
    opts.onStep?.(s);
    return { output, code };
  };
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(app, rel)), { recursive: true });
    fs.writeFileSync(path.join(app, rel), text);
  };
  try {
    step('Create a bare remote', sandbox, ['git', 'init', '-q', '--bare', '-b', 'main', remote], true);
    step('Clone it', sandbox, ['git', 'clone', '-q', remote, app], true);
    write('package.json', JSON.stringify({ name: 'demo-app', version: '1.0.0', private: true }, null, 2) + '\n');
    write('.gitignore', 'node_modules\n');
    step('First commit and push (no hooks yet)', app, ['sh', '-c', 'git add -A && git commit -qm "initial" && git push -q origin main'], true);
    step('Install qmoi-hooks', app, [process.execPath, cli, 'install'], true);
    // The demo waits for the push so it can show it; the default is to push in the background.
    const configFile = path.join(app, 'config/qmoi.json');
    fs.writeFileSync(configFile, fs.readFileSync(configFile, 'utf8').replace('"mode": "background"', '"mode": "foreground"'));
    step('Commit the hook setup', app, ['sh', '-c', 'git add -A && git commit -qm "add qmoi-hooks"'], true);

    const pkg = fs.readFileSync(path.join(app, 'package.json'), 'utf8');
    write('package.json', pkg.replace('"version": "1.0.0",', '"version": "1.0.0",,'));
    write('src/sum.js', BROKEN_JS);
    step('Break package.json (a doubled comma) and src/sum.js (a missing ")")', app, ['git', 'diff', '--stat'], true);
    step('Commit the broken files: the pre-commit hook repairs them', app, ['sh', '-c', 'git add -A && git commit -m "add sum"'], true);
    step('What was committed (repaired)', app, ['git', 'show', '--format=%s', 'HEAD', '--', 'package.json', 'src/sum.js'], (out, code) => code === 0 && !out.includes(',,') && /return \(a \+ b\);/.test(out));
    step('The post-commit hook pushed it: the remote has the commit', app, ['git', 'log', '--oneline', '-1', 'origin/main'], (out, code) => code === 0 && /add sum/.test(out));
    step('The originals were backed up first', app, [process.execPath, cli, 'restore'], (out, code) => code === 0 && /pre-commit/.test(out));

    write('src/half.js', UNREPAIRABLE_JS);
    step('Commit a file that cannot be repaired safely: the commit is blocked with file, line and column', app, ['sh', '-c', 'git add -A && git commit -m "add half"'], (out, code) => code !== 0 && /src\/half\.js:2:\d+/.test(out));
    step('Nothing was committed or changed', app, ['git', 'status', '--short'], (out) => /A +src\/half\.js/.test(out));
  } finally {
    if (!opts.keep) fs.rmSync(sandbox, { recursive: true, force: true });
  }
  return { steps, sandbox, ok: steps.every((s) => s.ok) };
}

/** A clean git environment for the sandbox: its own identity, no user or system config. */
function demoEnv(sandbox: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('GIT_') || k === 'QMOI_HOOKS') delete env[k];
  const home = path.join(sandbox, 'home');
  fs.mkdirSync(home, { recursive: true });
  fs.writeFileSync(path.join(home, '.gitconfig'), '[user]\n\tname = Demo User\n\temail = demo@example.com\n[init]\n\tdefaultBranch = main\n');
  return { ...env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_STATE_HOME: path.join(home, '.state'), GIT_CONFIG_NOSYSTEM: '1', NO_COLOR: '1' };
}
