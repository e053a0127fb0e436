// Tokens for https remotes, handed to git through the environment only: GIT_CONFIG_COUNT/KEY/VALUE set
// `http.<origin>/.extraHeader` to a Basic auth header for that one origin. Never a URL, argv or .git/config.
import { addSecret } from '../log/redact.js';
import { gitlabHost, parseRemoteUrl } from './remote.js';

/** Which token a remote gets, and the user name its server expects with it. */
export interface TokenSource {
  provider: 'gitlab' | 'github';
  envVar: 'GITLAB_TOKEN' | 'GITHUB_TOKEN';
  user: string;
  /** scheme://host[:port]/ the header is scoped to. */
  origin: string;
}

/** The token source for a remote URL: only https remotes on GITLAB_API_URL's host (GitLab) or github.com. */
export function tokenSourceFor(url: string, env: NodeJS.ProcessEnv = process.env): TokenSource | undefined {
  const u = parseRemoteUrl(url);
  if (u.scheme !== 'https' || !u.origin) return undefined;
  if (u.host === gitlabHost(env)) return { provider: 'gitlab', envVar: 'GITLAB_TOKEN', user: 'oauth2', origin: u.origin };
  if (u.hostname === 'github.com') return { provider: 'github', envVar: 'GITHUB_TOKEN', user: 'x-access-token', origin: u.origin };
  return undefined;
}

/**
 * Extra environment for git that sends `token` to `source.origin` only. The first entry resets any
 * extraHeader configured for that origin (a stale CI checkout token would otherwise be sent twice);
 * existing GIT_CONFIG_n entries of the caller's environment are kept.
 */
export function tokenEnv(source: TokenSource, token: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const header = `Authorization: Basic ${Buffer.from(`${source.user}:${token}`).toString('base64')}`;
  addSecret(token);
  addSecret(header.slice('Authorization: '.length));
  const start = Number.parseInt(base.GIT_CONFIG_COUNT ?? '0', 10) || 0;
  const key = `http.${source.origin}.extraHeader`;
  return {
    GIT_CONFIG_COUNT: String(start + 2),
    [`GIT_CONFIG_KEY_${start}`]: key,
    [`GIT_CONFIG_VALUE_${start}`]: '',
    [`GIT_CONFIG_KEY_${start + 1}`]: key,
    [`GIT_CONFIG_VALUE_${start + 1}`]: header,
    // Even with GIT_TRACE_CURL on, git must not print the header.
    GIT_TRACE_REDACT: '1',
  };
}
