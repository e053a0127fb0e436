// The remotes of a repository and what their URLs say: transport, host, and whether it is GitLab.
import { gitSync } from './git.js';

/** A remote as push sees it: its name and the URL git pushes to (after insteadOf rewriting). */
export interface RemoteInfo {
  name: string;
  url: string;
}

/** The parts of a remote URL that decide auth and push options. */
export interface RemoteUrl {
  /** https, http, ssh, git, file, or local (a plain path). */
  scheme: string;
  /** host[:port] for network URLs (lower case), undefined for local ones. */
  host?: string;
  /** host without the port. */
  hostname?: string;
  /** scheme://host[:port]/ for http(s) URLs: the scope of http.<url>.* settings. */
  origin?: string;
}

/** Names of the configured remotes, in git's order. */
export function listRemotes(top: string): string[] {
  return gitSync(['remote'], { cwd: top }).stdout.split('\n').filter(Boolean);
}

/** The push URL of a remote, or undefined when no such remote exists. */
export function remoteInfo(top: string, name: string): RemoteInfo | undefined {
  const r = gitSync(['remote', 'get-url', '--push', name], { cwd: top, allowFailure: true });
  if (r.exitCode !== 0) return undefined;
  return { name, url: r.stdout.trim() };
}

/** Parses URLs git accepts: scheme://..., scp-like user@host:path, and plain paths. */
export function parseRemoteUrl(url: string): RemoteUrl {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme) {
    if (scheme === 'file') return { scheme };
    try {
      const u = new URL(url);
      const host = u.host.toLowerCase();
      const origin = scheme === 'http' || scheme === 'https' ? `${scheme}://${host}/` : undefined;
      return { scheme: scheme.startsWith('git+ssh') || scheme.startsWith('ssh+git') ? 'ssh' : scheme, host, hostname: u.hostname.toLowerCase(), origin };
    } catch {
      return { scheme };
    }
  }
  // scp-like syntax: [user@]host:path, where host has no slash before the colon.
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)/.exec(url);
  if (scp && !/^[a-z]:[\\/]/i.test(url)) return { scheme: 'ssh', host: scp[1].toLowerCase(), hostname: scp[1].toLowerCase() };
  return { scheme: 'local' };
}

/** The GitLab host tokens and push options are meant for: GITLAB_API_URL's host, default gitlab.com. */
export function gitlabHost(env: NodeJS.ProcessEnv = process.env): string {
  try {
    return new URL(env.GITLAB_API_URL || 'https://gitlab.com').host.toLowerCase();
  } catch {
    return 'gitlab.com';
  }
}

/** Whether a remote is a GitLab server, the only kind that understands `-o ci.skip`. */
export function isGitLabRemote(url: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const u = parseRemoteUrl(url);
  if (u.host === gitlabHost(env) || u.hostname === 'gitlab.com') return true;
  return /gitlab/i.test(url);
}
