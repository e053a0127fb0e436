// What the hooks need from outside the repository's files: qmoi-hooks installed in node_modules, a git identity
// for commits, and a token (or a credential helper) for each https remote on GitLab or GitHub that push uses.
import fs from 'node:fs';
import path from 'node:path';
import { gitSync } from '../../git/git.js';
import { isQmoiHooksItself } from '../install/index.js';
import type { Workspace } from '../workspace.js';
import { installDependencies } from './dependencies.js';
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

/** One check per remote: https remotes on GitLab (GITLAB_API_URL's host, default gitlab.com) or github.com need a token. */
export function checkRemotes(ws: Workspace & { repo: NonNullable<Workspace['repo']> }, env: NodeJS.ProcessEnv): Finding[] {
  const top = ws.repo.top;
  const names = gitSync(['remote'], { cwd: top }).stdout.split('\n').filter(Boolean);
  if (!names.length) return [{ name: 'remotes', level: 'ok', detail: 'none configured: nothing is pushed' }];
  if (ws.loaded.config.push.enabled === false) return [{ name: 'remotes', level: 'ok', detail: 'push is off in config/qmoi.json: no token needed' }];
  return names.map((remote) => {
    const name = `remote ${remote}`;
    const url = gitSync(['remote', 'get-url', '--push', remote], { cwd: top, allowFailure: true }).stdout.trim();
    const need = tokenFor(url, env);
    if (!need) return { name, level: 'ok', detail: /^https?:/i.test(url) ? 'no qmoi-hooks token needed for this host' : 'uses your SSH keys or local access' };
    if (need.embedded) return { name, level: 'warning', detail: 'has credentials in its URL (they are stored in .git/config)', fix: `git remote set-url ${remote} ${need.bare}, then export ${need.envVar}` };
    if (env[need.envVar]) return { name, level: 'ok', detail: `${need.host}: ${need.envVar} is set` };
    const helper = gitSync(['config', '--get-urlmatch', 'credential.helper', url], { cwd: top, allowFailure: true }).stdout.trim();
    if (helper) return { name, level: 'warning', detail: `${need.host}: no ${need.envVar}; git's credential helper (${helper.split('\n').pop()}) will be asked instead`, fix: `export ${need.envVar} for unattended pushes` };
    return { name, level: 'problem', detail: `${need.host}: no ${need.envVar} and no credential helper: pushes will fail to authenticate`, fix: `export ${need.envVar}=<a token that can push>` };
  });
}

function tokenFor(url: string, env: NodeJS.ProcessEnv): { host: string; envVar: 'GITLAB_TOKEN' | 'GITHUB_TOKEN'; embedded: boolean; bare: string } | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:') return undefined;
  const host = u.host.toLowerCase();
  const envVar = host === gitlabHost(env) ? 'GITLAB_TOKEN' : u.hostname.toLowerCase() === 'github.com' ? 'GITHUB_TOKEN' : undefined;
  if (!envVar) return undefined;
  const embedded = !!u.password;
  u.username = '';
  u.password = '';
  return { host, envVar, embedded, bare: u.href };
}

function gitlabHost(env: NodeJS.ProcessEnv): string {
  try {
    return new URL(env.GITLAB_API_URL || 'https://gitlab.com').host.toLowerCase();
  } catch {
    return 'gitlab.com';
  }
}
