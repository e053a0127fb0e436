// The git side: core.hooksPath, husky's stubs (what git actually runs), our block in each hook file, and the
// machine-local runner with the node and CLI it calls. Every one of these is put back by one reinstall.
import fs from 'node:fs';
import path from 'node:path';
import { HOOKS, BLOCK_MARK, hookBlock, hookPaths, installHooks, readHooksPath, readRunner, isExecutable, type HookPaths } from '../install/hooks.js';
import { resolveCli } from '../install/index.js';
import type { Workspace } from '../workspace.js';
import type { Finding, FixContext, FixOutcome } from './types.js';

const REINSTALL = 'reinstall the hooks (as "qmoi-hooks install" does)';

/** Checks everything a commit needs for our hooks to run, in the order git uses it. */
export function checkHooks(ws: Workspace & { repo: NonNullable<Workspace['repo']> }): Finding[] {
  const paths = hookPaths(ws.repo, ws.root);
  const fixer = { key: 'hooks', run: fixHooks };
  const problem = (name: string, detail: string): Finding => ({ name, level: 'problem', detail, fix: REINSTALL, fixer });
  const findings: Finding[] = [];

  const expected = toPosix(path.join(paths.huskyDir, '_'));
  const current = readHooksPath(ws.repo);
  findings.push(
    current === expected
      ? { name: 'core.hooksPath', level: 'ok', detail: current }
      : problem('core.hooksPath', `${current === undefined ? 'is not set' : `is ${current}`}, not ${expected}: git does not run the qmoi-hooks hooks`),
  );

  const stubDir = path.join(paths.huskyDir, '_');
  const badStubs = HOOKS.filter((h) => !isExecutable(path.join(stubDir, h)));
  const hMissing = !fs.existsSync(path.join(stubDir, 'h'));
  if (!badStubs.length && !hMissing) findings.push({ name: 'husky', level: 'ok', detail: `${rel(ws, stubDir)}/ has the hooks git runs` });
  else {
    const what = [...badStubs.map((h) => `${rel(ws, stubDir)}/${h} is missing or not executable`), ...(hMissing ? [`${rel(ws, stubDir)}/h is missing`] : [])];
    findings.push(problem('husky', `${what.join('; ')}: git skips ${badStubs.length ? badStubs.join(', ') : 'every hook'}`));
  }

  for (const hook of HOOKS) findings.push(checkHookFile(ws, paths, hook, problem));
  findings.push(...checkRunner(ws, paths, problem));
  return findings;
}

function checkHookFile(ws: Workspace, paths: HookPaths, hook: string, problem: (name: string, detail: string) => Finding): Finding {
  const file = path.join(paths.huskyDir, hook);
  const name = `hook ${hook}`;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return problem(name, `${rel(ws, file)} is missing: the ${hook} hook does nothing`);
  }
  if (!text.includes(BLOCK_MARK)) return problem(name, `${rel(ws, file)} has no qmoi-hooks lines: the ${hook} hook skips qmoi-hooks`);
  if (!text.includes(hookBlock(hook))) return problem(name, `${rel(ws, file)} has qmoi-hooks lines that differ from this version's`);
  return { name, level: 'ok', detail: `${rel(ws, file)} calls qmoi-hooks` };
}

function checkRunner(ws: Workspace, paths: HookPaths, problem: (name: string, detail: string) => Finding): Finding[] {
  const where = rel(ws, paths.runner);
  if (!fs.existsSync(paths.runner)) return [problem('hook runner', `${where} is missing: every hook skips qmoi-hooks`)];
  if (!isExecutable(paths.runner)) return [problem('hook runner', `${where} is not executable: every hook skips qmoi-hooks`)];
  const runner = readRunner(paths.runner);
  if (!runner) return [problem('hook runner', `${where} was not written by this version's install`)];
  const cli = fs.existsSync(runner.cli)
    ? { name: 'hook runner', level: 'ok' as const, detail: `${where} calls ${runner.cli}` }
    : problem('hook runner', `${where} calls ${runner.cli}, which does not exist: the hooks skip their work`);
  const node = isExecutable(runner.node)
    ? { name: 'node', level: 'ok' as const, detail: `the hooks run ${runner.node}` }
    : problem('node', `the hooks were set up with ${runner.node}, which no longer exists (they fall back to the node on PATH, if any)`);
  return [cli, node];
}

/** Reinstalls hooks, husky stubs and the runner, recording the node running now and the installed CLI. */
async function fixHooks(ctx: FixContext): Promise<FixOutcome> {
  const warnings: string[] = [];
  const cli = resolveCli(ctx.ws.root, ctx.ws.repo.top, warnings);
  const paths = hookPaths(ctx.ws.repo, ctx.ws.root);
  const runnerBefore = readIfExists(paths.runner);
  const actions = installHooks(ctx.ws.repo, paths, { node: process.execPath, cli });
  // install rewrites the runner every time: report it only when it changed.
  const runnerSame = runnerBefore?.equals(fs.readFileSync(paths.runner)) ?? false;
  const did = actions.filter((a) => a.detail !== 'unchanged' && !(a.kind === 'runner' && runnerSame)).map((a) => `${a.target}: ${a.detail}`);
  return { ok: true, did: [...did, ...warnings], backups: [] };
}

function readIfExists(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

function rel(ws: Workspace, file: string): string {
  return toPosix(path.relative(ws.repo?.top ?? ws.root, file));
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
