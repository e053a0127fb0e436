// Everything a command needs to know about where it runs: the repository (if any), the package root,
// its config (with problems, never an exception), its logger and its repair plugins.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { gitSync } from '../git/git.js';
import { findPackageRoot, findRepo, type RepoInfo } from '../git/repo.js';
import { Logger } from '../log/logger.js';
import type { RepairBufferOptions } from './repair/repair-buffer.js';
import type { Repairer } from './repair/types.js';

/** Where a command runs and what it reads from there. */
export interface Workspace {
  cwd: string;
  repo?: RepoInfo;
  /** The package root (folder with package.json); falls back to the repo top, then cwd. */
  root: string;
  hasPackageJson: boolean;
  loaded: LoadedConfig;
  logger: Logger;
}

/** Builds the workspace for `cwd`. Never throws. */
export function openWorkspace(cwd: string = process.cwd()): Workspace {
  const repo = findRepo(cwd);
  const pkg = findPackageRoot(cwd, repo?.top ?? path.parse(path.resolve(cwd)).root);
  const root = pkg ?? repo?.top ?? path.resolve(cwd);
  const loaded = loadConfig(root);
  const logger = new Logger({
    dir: path.join(root, loaded.config.logs.dir),
    maxBytes: loaded.config.logs.maxBytes,
    keep: loaded.config.logs.keep,
    who: () => gitIdentity(repo?.top ?? cwd),
  });
  return { cwd: path.resolve(cwd), repo, root, hasPackageJson: !!pkg, loaded, logger };
}

/** The git user, for the audit trail. */
export function gitIdentity(cwd: string): string {
  const name = gitSync(['config', 'user.name'], { cwd, allowFailure: true }).stdout.trim();
  const email = gitSync(['config', 'user.email'], { cwd, allowFailure: true }).stdout.trim();
  if (!name && !email) return process.env.GITLAB_USER_LOGIN || process.env.GITHUB_ACTOR || process.env.USER || 'unknown';
  return email ? `${name} <${email}>` : name;
}

/** The repair options config asks for: plugins, limits and (with `repair.format`) the prettier formatter. */
export async function repairSettings(ws: Workspace): Promise<{ options: RepairBufferOptions; problems: string[] }> {
  const { plugins, problems } = await loadPlugins(ws);
  const cfg = ws.loaded.config.repair;
  const options: RepairBufferOptions = { plugins, languages: cfg.languages, limits: { maxRepairBytes: cfg.maxFileBytes, timeoutMs: cfg.timeoutMs } };
  if (cfg.format) options.formatter = (await import('./format.js')).prettierFormatter(ws.repo?.top ?? ws.root);
  return { options, problems };
}

/** Loads the repairer plugins named in config; a plugin that fails to load is reported, not fatal. */
export async function loadPlugins(ws: Workspace): Promise<{ plugins: Repairer[]; problems: string[] }> {
  const plugins: Repairer[] = [];
  const problems: string[] = [];
  for (const rel of ws.loaded.config.plugins) {
    const file = path.resolve(ws.root, rel);
    try {
      const mod = (await import(pathToFileURL(file).href)) as { default?: unknown; repairer?: unknown };
      const candidate = (mod.default ?? mod.repairer) as Partial<Repairer> | undefined;
      if (!candidate || typeof candidate.matches !== 'function' || typeof candidate.repair !== 'function' || typeof candidate.language !== 'string') {
        problems.push(`plugin ${rel}: must export a repairer ({ language, matches, repair }) as default`);
        continue;
      }
      plugins.push(candidate as Repairer);
    } catch (err) {
      problems.push(`plugin ${rel}: cannot load (${(err as Error).message})`);
    }
  }
  return { plugins, problems };
}
