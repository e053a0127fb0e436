// The pure parts of push: which token a remote gets, GitLab detection, git output classification,
// backoff bounds and the tokenCommand splitter.
import assert from 'node:assert/strict';
import { classifyGitFailure } from '../src/core/push/classify.js';
import { backoffDelay, retryPolicy } from '../src/core/push/retry.js';
import { splitCommand } from '../src/core/push/token-command.js';
import { tokenEnv, tokenSourceFor } from '../src/git/remote-auth.js';
import { isGitLabRemote, parseRemoteUrl } from '../src/git/remote.js';

describe('push: remotes and tokens', () => {
  const env = { GITLAB_API_URL: 'https://git.example.com:8443/api/v4' };

  it('gives GITLAB_TOKEN only to https remotes on the GitLab host (port included), GITHUB_TOKEN only to github.com', () => {
    assert.equal(tokenSourceFor('https://git.example.com:8443/g/p.git', env)?.user, 'oauth2');
    assert.equal(tokenSourceFor('https://git.example.com/g/p.git', env), undefined);
    assert.equal(tokenSourceFor('http://git.example.com:8443/g/p.git', env), undefined);
    assert.equal(tokenSourceFor('git@git.example.com:g/p.git', env), undefined);
    assert.equal(tokenSourceFor('https://gitlab.com/g/p.git', {})?.envVar, 'GITLAB_TOKEN');
    assert.equal(tokenSourceFor('https://gitlab.com/g/p.git', env), undefined);
    assert.deepEqual(tokenSourceFor('https://github.com/o/r.git', env), { provider: 'github', envVar: 'GITHUB_TOKEN', user: 'x-access-token', origin: 'https://github.com/' });
    assert.equal(tokenSourceFor('https://github.com.evil.test/o/r.git', env), undefined);
    assert.equal(tokenSourceFor('file:///srv/github.com/r.git', env), undefined);
  });

  it('builds a header scoped to one origin, after any GIT_CONFIG_n the caller already has', () => {
    const source = tokenSourceFor('https://github.com/o/r.git', {})!;
    const e = tokenEnv(source, 'tok-1234', { GIT_CONFIG_COUNT: '1' });
    assert.equal(e.GIT_CONFIG_COUNT, '3');
    assert.equal(e.GIT_CONFIG_KEY_1, 'http.https://github.com/.extraHeader');
    assert.equal(e.GIT_CONFIG_VALUE_1, '');
    assert.equal(e.GIT_CONFIG_VALUE_2, `Authorization: Basic ${Buffer.from('x-access-token:tok-1234').toString('base64')}`);
    assert.equal(e.GIT_CONFIG_KEY_0, undefined);
  });

  it('spots GitLab remotes by host, gitlab.com, or "gitlab" in the URL', () => {
    assert.ok(isGitLabRemote('https://git.example.com:8443/g/p.git', env));
    assert.ok(isGitLabRemote('git@gitlab.com:g/p.git', env));
    assert.ok(isGitLabRemote('https://gitlab.internal/g/p.git', {}));
    assert.ok(!isGitLabRemote('https://github.com/o/r.git', env));
    assert.ok(!isGitLabRemote('/srv/repos/p.git', env));
    assert.deepEqual(parseRemoteUrl('C:\\repos\\p.git'), { scheme: 'local' });
    assert.equal(parseRemoteUrl('ssh://git@host:2222/p.git').host, 'host:2222');
  });
});

describe('push: classifying git output (LC_ALL=C)', () => {
  const cases: [string, number, string][] = [
    ["fatal: could not read Username for 'https://h': terminal prompts disabled", 128, 'auth'],
    ["remote: HTTP Basic: Access denied\nfatal: Authentication failed for 'https://h/p.git/'", 128, 'auth'],
    ["fatal: unable to access 'https://h/p.git/': The requested URL returned error: 403", 128, 'auth'],
    ["fatal: unable to access 'https://h/': Could not resolve host: h", 128, 'network'],
    ["fatal: unable to access 'https://h/': Failed to connect to h port 443 after 1 ms: Connection refused", 128, 'network'],
    ["fatal: unable to access 'https://h/': Empty reply from server", 128, 'network'],
    ["fatal: unable to access 'https://h/': The requested URL returned error: 503", 128, 'network'],
    ['!\trefs/heads/main:refs/heads/main\t[rejected] (fetch first)\nDone', 1, 'non-fast-forward'],
    [' ! [rejected]        main -> main (non-fast-forward)', 1, 'non-fast-forward'],
    [' ! [remote rejected] main -> main (pre-receive hook declined)', 1, 'remote-rejected'],
    ['fatal: the receiving end does not support push options', 128, 'push-options'],
    ["fatal: '/srv/x.git' does not appear to be a git repository", 128, 'not-found'],
    ["error: failed to push some refs to '/srv/x.git'", 1, 'pre-push-hook'],
    ['fatal: something new', 128, 'unknown'],
  ];
  for (const [stderr, exitCode, kind] of cases) {
    it(`${kind}: ${stderr.split('\n').pop()!.slice(0, 60)}`, () => {
      assert.equal(classifyGitFailure({ exitCode, stdout: '', stderr }).kind, kind);
    });
  }
});

describe('push: backoff and tokenCommand', () => {
  it('doubles the delay per failure, with jitter between half and all of it, capped', () => {
    const p = retryPolicy({ maxAttempts: 5, maxSeconds: 60 }, {});
    assert.equal(p.baseDelayMs, 500);
    assert.equal(backoffDelay(1, p, () => 0), 250);
    assert.equal(backoffDelay(1, p, () => 1), 500);
    assert.equal(backoffDelay(3, p, () => 1), 2000);
    assert.equal(backoffDelay(20, p, () => 1), 10_000);
    // The default bound: 5 attempts against a server that fails at once wait at most 0.5+1+2+4 s.
    assert.ok([1, 2, 3, 4].reduce((s, n) => s + backoffDelay(n, p, () => 1), 0) <= 7500);
    assert.equal(retryPolicy({ maxAttempts: 5, maxSeconds: 60 }, { QMOI_PUSH_BASE_DELAY_MS: '3' }).baseDelayMs, 3);
  });

  it('splits a command without a shell: quotes group, nothing expands', () => {
    assert.deepEqual(splitCommand(`glab auth token --hostname "gitlab.example.com"`), ['glab', 'auth', 'token', '--hostname', 'gitlab.example.com']);
    assert.deepEqual(splitCommand(`sh -c 'echo $TOKEN | tr -d x'`), ['sh', '-c', 'echo $TOKEN | tr -d x']);
    assert.deepEqual(splitCommand(`a "b \\"c\\"" d\\ e ''`), ['a', 'b "c"', 'd e', '']);
    assert.equal(splitCommand(`a "unterminated`), undefined);
    assert.deepEqual(splitCommand('   '), []);
  });
});
