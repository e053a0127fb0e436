// What the hooks need from outside the repository's files: qmoi-hooks installed in node_modules, a git identity
// for commits, and a token (or a credential helper) for each https remote on GitLab or GitHub that push uses
// (the same remotes and token rules as push itself).
import fs from 'node:fs';
import path from 'node:path';
import { gitSync } from '../../git/git.js';
import { tokenSourceFor } from '../../git/remote-auth.js';
import { listRemotes, parseRemoteUrl, remoteInfo } from '../../git/remote.js';
import { isQmoiHooksItself } from '../install/index.js';
import { defaultRemotes } from '../push/index.js';
import type { Workspace } from '../workspace.js';
import { installDependencies } from './dependencies.js';
import { packageJsonProblem } from './package-json.js';
import type { Finding, FixContext, FixOutcome } from './types.js';

/** Checks that qmoi-hooks is installed where the hooks look for it (node_modules, walking up for monorepos). */
export function checkInstalled(ws: Workspace & { repo: NonNullable<Workspace['repo']> }): Finding {
  const name = 'node_modules/qmoi-hooks';
  if (isQmoiHooksItself(ws.root)) return { name, level: 'ok', detail: "qmoi-hooks' own repository: the hooks run its build" };
  const found = installedPackage(ws.root, ws.repo.top);
  if (found) return { name, level: 'ok', detail: `qmoi-hooks ${found.version} in ${path.relative(ws.repo.top, found.dir) || '.'}` };
  if (!declaresQmoiHooks(ws.root)) {
    return { name, level: 'problem', detail: 'qmoi-hooks is not a dependency of this package: the hooks cannot find it', fix: 'npm install -D qmoi-hooks (adding a dependency is left to you)' };
  }
  return {
    name,
    level: 'problem',
    detail: 'qmoi-hooks is not installed (a fresh clone, or node_modules was removed): the hooks skip their work',
    fix: 'install the dependencies (npm ci, or npm install when the lock file is out of date)',
    fixer: { key: 'dependencies', run: fixInstalled },
  };
}

async function fixInstalled(ctx: FixContext): Promise<FixOutcome> {
  if (await packageJsonProblem(ctx.ws.root)) return { ok: false, did: ['not installed: package.json must be repaired first'], backups: [] };
  const r = installDependencies(ctx.ws.root, ctx.ws.repo, ctx.env);
  return { ok: r.ok, did: [`${r.command ?? 'no install'}: ${r.detail}`], backups: r.backup ? [r.backup] : [] };
}

function installedPackage(root: string, top: string): { dir: string; version: string } | undefined {
  for (let dir = root; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'node_modules', 'qmoi-hooks', 'package.json');
    try {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string };
      if (fs.existsSync(path.join(dir, 'node_modules', 'qmoi-hooks', 'dist', 'cli.js'))) return { dir: path.join(dir, 'node_modules'), version: pkg.version ?? '?' };
    } catch {
      /* not here: look one folder up */
    }
    if (dir === top || path.dirname(dir) === dir) return undefined;
  }
}

function declaresQmoiHooks(root: string): boolean {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, Record<string, unknown> | undefined>;
    return ['dependencies', 'devDependencies', 'optionalDependencies'].some((f) => pkg[f]?.['qmoi-hooks'] !== undefined);
  } catch {
    // An unreadable package.json is its own check; assume the usual setup so the install is tried after its repair.
    return true;
  }
}

/** Checks that git can name the author and committer of a commit. */
export function checkIdentity(top: string): Finding {
  const author = gitSync(['var', 'GIT_AUTHOR_IDENT'], { cwd: top, allowFailure: true });
  const committer = gitSync(['var', 'GIT_COMMITTER_IDENT'], { cwd: top, allowFailure: true });
  if (author.exitCode === 0 && committer.exitCode === 0) return { name: 'git identity', level: 'ok', detail: author.stdout.trim().replace(/ \d+ [+-]\d{4}$/, '') };
  return {
    name: 'git identity',
    level: 'problem',
    detail: 'git has no user name or e-mail: commits fail',
    fix: 'git config --global user.name "Your Name" && git config --global user.email "you@example.com"',
  };
}

/** One check per remote push uses (push.remotes, else origin): https on GitLab or github.com needs a token or a credential helper. */
export function checkRemotes(ws: Workspace & { repo: NonNullable<Workspace['repo']> }, env: NodeJS.ProcessEnv): Finding[] {
  const top = ws.repo.top;
  if (ws.loaded.config.push.enabled === false) return [{ name: 'remotes', level: 'ok', detail: 'push is off in config/qmoi.json: no token needed' }];
  const existing = listRemotes(top);
  const missing: Finding[] = ws.loaded.config.push.remotes
    .filter((r) => !existing.includes(r))
    .map((r) => ({ name: `remote ${r}`, level: 'problem', detail: 'named in push.remotes (config/qmoi.json) but not a remote here: its pushes fail', fix: `git remote add ${r} URL, or take it out of push.remotes` }));
  const pushed = defaultRemotes(ws);
  if (!pushed.length && !missing.length) {
    return [{ name: 'remotes', level: 'ok', detail: existing.length ? `qmoi-hooks pushes to none of ${existing.join(', ')} (push.remotes, else origin)` : 'none configured: nothing is pushed' }];
  }
  return [...missing, ...pushed.map((r) => checkToken(top, r, env))];
}

function checkToken(top: string, remote: string, env: NodeJS.ProcessEnv): Finding {
  const name = `remote ${remote}`;
  const url = remoteInfo(top, remote)?.url ?? '';
  const source = tokenSourceFor(url, env);
  if (!source) return { name, level: 'ok', detail: parseRemoteUrl(url).origin ? 'no qmoi-hooks token needed for this host' : 'uses your SSH keys or local access' };
  const host = parseRemoteUrl(url).host;
  if (hasPassword(url)) return { name, level: 'warning', detail: `${host}: credentials in the URL (they are stored in .git/config)`, fix: `remove them (git remote set-url ${remote} URL) and export ${source.envVar}` };
  if (env[source.envVar]) return { name, level: 'ok', detail: `${host}: ${source.envVar} is set` };
  const helper = gitSync(['config', '--get-urlmatch', 'credential.helper', url], { cwd: top, allowFailure: true }).stdout.trim();
  if (helper) return { name, level: 'warning', detail: `${host}: no ${source.envVar}; git's credential helper (${helper.split('\n').pop()}) will be asked instead`, fix: `export ${source.envVar} for unattended pushes` };
  return { name, level: 'problem', detail: `${host}: no ${source.envVar} and no credential helper: pushes will fail to authenticate`, fix: `export ${source.envVar}=<a token that can push>` };
}

function hasPassword(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    return false;
  }
}
