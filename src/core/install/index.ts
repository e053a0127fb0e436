// `install` and `uninstall`: hooks through husky, npm scripts, config files and logs. Install is idempotent;
// uninstall removes exactly what install added and leaves the user's own hooks and config as they were.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { usageError } from '../errors.js';
import type { Workspace } from '../workspace.js';
import { addConfigFiles, removeConfigFiles } from './config-files.js';
import { hookPaths, installHooks, uninstallHooks } from './hooks.js';
import { addScripts, removeScripts } from './package-json.js';
import type { InstallAction } from './types.js';

export type { InstallAction } from './types.js';

/** What install did, and anything the user should know. */
export interface InstallReport {
  actions: InstallAction[];
  warnings: string[];
  node: string;
  cli: string;
}

export interface InstallOptions {
  /** The node binary hooks should run (default: the one running now). */
  node?: string;
  /** The CLI the hooks call (default: the package in node_modules, else the one running now). */
  cli?: string;
}

/** Checks that install can run here: a repository and a package.json (exit 2 otherwise). */
export function requireInstallable(ws: Workspace): asserts ws is Workspace & { repo: NonNullable<Workspace['repo']> } {
  if (!ws.repo) throw usageError('not-a-repo', 'not inside a git repository', 'run "git init" first, or run this inside your repository');
  if (!ws.hasPackageJson) throw usageError('no-package-json', `no package.json in ${ws.cwd} or above it (inside the repository)`, 'run it in the folder of your package.json (monorepos: the package folder), or "npm init" first');
}

/** Installs hooks, scripts and config for the package of `ws`. */
export function install(ws: Workspace, opts: InstallOptions = {}): InstallReport {
  requireInstallable(ws);
  const warnings: string[] = [];
  const node = opts.node ?? process.execPath;
  const cli = opts.cli ?? resolveCli(ws.root, ws.repo.top, warnings);
  const paths = hookPaths(ws.repo, ws.root);
  const actions = [
    ...installHooks(ws.repo, paths, { node, cli }),
    // qmoi-hooks' own repository runs its hooks from its build; it has its own scripts.
    ...(isQmoiHooksItself(ws.root) ? [] : addScripts(ws.root)),
    ...addConfigFiles(ws.root, ws.loaded.config.logs.dir),
  ];
  if (ws.repo.isLinkedWorktree) warnings.push('installed from a linked worktree: the hooks live in the main worktree and run in every worktree');
  return { actions, warnings, node, cli };
}

/** Removes what install added. */
export function uninstall(ws: Workspace): InstallReport {
  requireInstallable(ws);
  const paths = hookPaths(ws.repo, ws.root);
  const actions = [...uninstallHooks(ws.repo, paths), ...removeScripts(ws.root), ...removeConfigFiles(ws.root, ws.loaded.config.logs.dir)];
  return { actions, warnings: [], node: '', cli: '' };
}

/** Whether `root` is qmoi-hooks' own repository, which runs its hooks from its build and needs no npm scripts. */
export function isQmoiHooksItself(root: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name?: string }).name === 'qmoi-hooks';
  } catch {
    return false;
  }
}

/** The CLI the hooks should call: the package in node_modules (walking up for hoisted monorepos), else this one. */
export function resolveCli(root: string, top: string, warnings: string[]): string {
  for (let dir = root; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', 'qmoi-hooks', 'dist', 'cli.js');
    if (fs.existsSync(candidate)) return candidate;
    if (dir === top || path.dirname(dir) === dir) break;
  }
  const self = fileURLToPath(new URL('../../cli.js', import.meta.url));
  if (/[\\/]_npx[\\/]/.test(self)) {
    warnings.push('qmoi-hooks is not in node_modules (this is a temporary npx copy): run "npm install -D qmoi-hooks", then install again');
  }
  return self;
}

