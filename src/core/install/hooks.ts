// The git side of install: husky's hooks folder, our block in each hook file, the machine-local runner,
// core.hooksPath (absolute, so `git worktree add` checkouts run the hooks too) and chaining of the user's
// previous hooks.
import fs from 'node:fs';
import path from 'node:path';
import husky from 'husky';
import { gitSync } from '../../git/git.js';
import type { RepoInfo } from '../../git/repo.js';
import { QmoiError } from '../errors.js';
import type { InstallAction } from './types.js';

/** The hooks qmoi-hooks installs. */
export const HOOKS = ['pre-commit', 'post-commit', 'pre-push'] as const;

/** The first line of our block in a hook file: how install, uninstall and doctor recognise it. */
export const BLOCK_MARK = '# qmoi-hooks: added by "qmoi-hooks install"';
const PREVIOUS_KEY = 'qmoi.previousHooksPath';
const UNSET = '(unset)';
const hooksSource = new URL('../../../hooks/', import.meta.url);

/** Where the hooks of a package live. */
export interface HookPaths {
  /** `.husky` of the package, absolute. */
  huskyDir: string;
  /** The same, relative to the repo top with `/` (what husky is given). */
  huskyRel: string;
  /** The runner script (machine-local, in husky's git-ignored `_`). */
  runner: string;
  /** The package folder relative to the repo top ('.' at the top). */
  packageRel: string;
}

/** Paths for the hooks of the package at `root`, in the main worktree (hooks are shared by all worktrees). */
export function hookPaths(repo: RepoInfo, root: string): HookPaths {
  const packageRel = toPosix(path.relative(repo.top, root)) || '.';
  const huskyDir = path.join(mainWorktreeTop(repo), packageRel, '.husky');
  return { huskyDir, huskyRel: packageRel === '.' ? '.husky' : `${packageRel}/.husky`, runner: path.join(huskyDir, '_', 'qmoi-hook'), packageRel };
}

/** The main worktree's top: hooks live there so every linked worktree finds them. */
export function mainWorktreeTop(repo: RepoInfo): string {
  if (!repo.isLinkedWorktree) return repo.top;
  const common = repo.commonDir;
  return path.basename(common) === '.git' ? path.dirname(common) : repo.top;
}

/** The text of our block in a hook file. */
export function hookBlock(hook: string): string {
  return fs.readFileSync(new URL('hook-block.sh', hooksSource), 'utf8').replace('@HOOK@', hook);
}

/** Sets up husky, our hook blocks and the runner. Idempotent. */
export function installHooks(repo: RepoInfo, paths: HookPaths, opts: { node: string; cli: string }): InstallAction[] {
  const actions: InstallAction[] = [];
  const current = readHooksPath(repo);
  const absHusky = toPosix(path.join(paths.huskyDir, '_'));
  if (gitSync(['config', '--get', PREVIOUS_KEY], { cwd: repo.top, allowFailure: true }).exitCode !== 0 && current !== absHusky) {
    gitSync(['config', PREVIOUS_KEY, current ?? UNSET], { cwd: repo.top });
  }

  const mainTop = mainWorktreeTop(repo);
  const before = process.cwd();
  let message: string;
  try {
    // husky works on the current directory; it is synchronous, so nothing else runs while we are away.
    process.chdir(mainTop);
    message = husky(paths.huskyRel);
  } finally {
    process.chdir(before);
  }
  if (message) throw new QmoiError('husky-failed', `husky could not set up hooks: ${message.trim()}`, { hint: 'check that git works here' });
  // husky sets the mode only when it creates a stub: one that lost its executable bit stays skipped by git.
  for (const hook of HOOKS) {
    const stub = path.join(paths.huskyDir, '_', hook);
    if (!isExecutable(stub)) {
      fs.chmodSync(stub, 0o755);
      actions.push({ kind: 'husky', target: rel(repo, stub), detail: 'made executable' });
    }
  }
  // Absolute, so linked worktrees (which have no .husky/_ of their own) run the same hooks.
  gitSync(['config', 'core.hooksPath', absHusky], { cwd: repo.top });
  actions.push({ kind: 'hooksPath', target: 'core.hooksPath', detail: current === absHusky ? 'unchanged' : `set to ${absHusky} (was ${current ?? 'unset'})` });

  for (const hook of HOOKS) {
    const file = path.join(paths.huskyDir, hook);
    const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (existing?.includes(BLOCK_MARK)) {
      const updated = replaceBlock(existing, hookBlock(hook));
      if (updated !== existing) fs.writeFileSync(file, updated);
      actions.push({ kind: 'hook', target: rel(repo, file), detail: updated !== existing ? 'updated' : 'unchanged' });
      continue;
    }
    fs.writeFileSync(file, insertBlock(existing, hookBlock(hook)), { mode: 0o755 });
    actions.push({ kind: 'hook', target: rel(repo, file), detail: existing === undefined ? 'created' : 'chained before your commands' });
  }

  const chain = previousHooksDir(repo);
  fs.writeFileSync(paths.runner, runnerScript({ ...opts, pkg: paths.packageRel, chain }), { mode: 0o755 });
  fs.chmodSync(paths.runner, 0o755);
  actions.push({ kind: 'runner', target: rel(repo, paths.runner), detail: `node ${opts.node}${chain ? `; chains ${chain}` : ''}` });
  return actions;
}

/** Removes our blocks, the runner, and restores core.hooksPath to what it was before install. */
export function uninstallHooks(repo: RepoInfo, paths: HookPaths): InstallAction[] {
  const actions: InstallAction[] = [];
  for (const hook of HOOKS) {
    const file = path.join(paths.huskyDir, hook);
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    if (!text.includes(BLOCK_MARK)) continue;
    const rest = removeBlock(text);
    if (rest.replace(/^#!.*\n?/, '').trim() === '') {
      fs.rmSync(file);
      actions.push({ kind: 'hook', target: rel(repo, file), detail: 'removed' });
    } else {
      fs.writeFileSync(file, rest);
      actions.push({ kind: 'hook', target: rel(repo, file), detail: 'our lines removed, yours kept' });
    }
  }
  fs.rmSync(paths.runner, { force: true });

  const previous = gitSync(['config', '--get', PREVIOUS_KEY], { cwd: repo.top, allowFailure: true });
  const value = previous.exitCode === 0 ? previous.stdout.trim() : UNSET;
  if (value === UNSET) gitSync(['config', '--unset', 'core.hooksPath'], { cwd: repo.top, allowFailure: true });
  else gitSync(['config', 'core.hooksPath', value], { cwd: repo.top });
  gitSync(['config', '--unset', PREVIOUS_KEY], { cwd: repo.top, allowFailure: true });
  actions.push({ kind: 'hooksPath', target: 'core.hooksPath', detail: value === UNSET ? 'unset again' : `restored to ${value}` });

  const huskyWasTheirs = value !== UNSET && /(^|\/)\.husky\/_\/?$/.test(value);
  const userHooksLeft = fs.existsSync(paths.huskyDir) && fs.readdirSync(paths.huskyDir).some((f) => f !== '_');
  if (!huskyWasTheirs && !userHooksLeft && fs.existsSync(paths.huskyDir)) {
    // Nothing of the user's is in .husky: remove what husky generated for us.
    fs.rmSync(path.join(paths.huskyDir, '_'), { recursive: true, force: true });
    if (fs.readdirSync(paths.huskyDir).length === 0) fs.rmdirSync(paths.huskyDir);
    actions.push({ kind: 'husky', target: rel(repo, paths.huskyDir), detail: 'removed' });
  }
  return actions;
}

/** core.hooksPath as configured, or undefined. */
export function readHooksPath(repo: RepoInfo): string | undefined {
  const r = gitSync(['config', '--get', 'core.hooksPath'], { cwd: repo.top, allowFailure: true });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/** The folder of hooks that ran before install, to chain them (not when it was husky's own folder). */
function previousHooksDir(repo: RepoInfo): string {
  const r = gitSync(['config', '--get', PREVIOUS_KEY], { cwd: repo.top, allowFailure: true });
  const value = r.exitCode === 0 ? r.stdout.trim() : UNSET;
  if (value === UNSET) {
    const dir = path.join(repo.commonDir, 'hooks');
    const hasHooks = HOOKS.some((h) => isExecutable(path.join(dir, h)));
    return hasHooks ? dir : '';
  }
  if (/(^|\/)\.husky\/_\/?$/.test(value)) return '';
  const dir = path.isAbsolute(value) ? value : path.join(mainWorktreeTop(repo), value);
  return HOOKS.some((h) => isExecutable(path.join(dir, h))) ? dir : '';
}

function runnerScript(v: { node: string; cli: string; pkg: string; chain: string }): string {
  return fs
    .readFileSync(new URL('runner.sh', hooksSource), 'utf8')
    .replace(/@NODE@/g, shellQuote(v.node))
    .replace(/@CLI@/g, shellQuote(v.cli))
    .replace(/@PKG@/g, shellQuote(v.pkg))
    .replace(/@CHAIN@/g, shellQuote(v.chain));
}

/** What an installed runner calls (node, CLI, package, chained hooks), read back for doctor; undefined if unreadable. */
export function readRunner(file: string): { node: string; cli: string; pkg: string; chain: string } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const value = (name: string) => {
    const m = new RegExp(`^${name}=('(?:[^']|'\\\\'')*')$`, 'm').exec(text);
    return m ? shellUnquote(m[1]) : undefined;
  };
  const [node, cli, pkg, chain] = ['node', 'cli', 'pkg', 'chain'].map(value);
  if (node === undefined || cli === undefined || pkg === undefined || chain === undefined) return undefined;
  return { node, cli, pkg, chain };
}

/** Quotes a value for /bin/sh (single quotes; embedded quotes escaped). */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function shellUnquote(quoted: string): string {
  return quoted.slice(1, -1).replace(/'\\''/g, "'");
}

function insertBlock(existing: string | undefined, block: string): string {
  if (existing === undefined || existing.trim() === '') return block;
  // After a shebang line if there is one, before the user's commands: repairs happen before their checks.
  const m = /^#!.*\n/.exec(existing);
  return m ? m[0] + block + existing.slice(m[0].length) : block + existing;
}

function blockRange(text: string): [number, number] | undefined {
  const start = text.indexOf(BLOCK_MARK);
  if (start < 0) return undefined;
  const afterMark = text.indexOf('\n', start);
  const secondEnd = text.indexOf('\n', afterMark + 1);
  return [start, secondEnd < 0 ? text.length : secondEnd + 1];
}

function replaceBlock(text: string, block: string): string {
  const r = blockRange(text)!;
  return text.slice(0, r[0]) + block + text.slice(r[1]);
}

function removeBlock(text: string): string {
  const r = blockRange(text)!;
  return text.slice(0, r[0]) + text.slice(r[1]);
}

/** Whether a hook file exists as a regular file git can run. */
export function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function rel(repo: RepoInfo, file: string): string {
  return toPosix(path.relative(repo.top, file)) || '.';
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
