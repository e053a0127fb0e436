// Step 4a of `ci`: one commit with exactly the repaired bytes on top of the checked-out commit, built from
// a throw-away index (so neither the repository's hooks nor anything the build changed can get into it),
// and the guard that keeps a pipeline from repairing its own repair commit again and again.
import fs from 'node:fs';
import path from 'node:path';
import { gitSync, splitNul } from '../../git/git.js';
import { updateIndexEntries, writeBlob } from '../../git/index.js';

/** Who made a repair commit. */
export interface Identity {
  name: string;
  email: string;
}

/** The committer of every repair commit: how the loop guard recognises them whoever the author is. */
const QMOI_IDENTITY: Identity = { name: 'qmoi-hooks', email: 'qmoi-hooks@localhost' };

/** The trailer every repair commit carries. */
const REPAIR_TRAILER = 'Repaired-by: qmoi-hooks ci';

/** The author of repair commits: config `ci.author`, else the GitLab user who started the pipeline, else qmoi-hooks. */
export function repairAuthor(configured: string | null, env: NodeJS.ProcessEnv = process.env): Identity {
  const m = configured ? /^([^<>]+?) <([^<>]+)>$/.exec(configured.trim()) : null;
  if (m) return { name: m[1], email: m[2] };
  if (env.GITLAB_USER_NAME && env.GITLAB_USER_EMAIL) return { name: env.GITLAB_USER_NAME, email: env.GITLAB_USER_EMAIL };
  return QMOI_IDENTITY;
}

/** Why HEAD must not get another repair commit (it is one, or asks CI to skip it); undefined when it may. */
export function loopGuard(top: string): string | undefined {
  const r = gitSync(['log', '-1', '--format=%ae%x00%ce%x00%B', 'HEAD'], { cwd: top, allowFailure: true });
  if (r.exitCode !== 0) return 'no commit checked out';
  const [authorEmail, committerEmail, body = ''] = r.stdout.split('\0');
  if ([authorEmail, committerEmail].includes(QMOI_IDENTITY.email) || body.includes(REPAIR_TRAILER)) return 'HEAD is a qmoi-hooks repair commit';
  if (/\[(skip ci|ci skip)\]/i.test(body)) return 'HEAD asks to skip CI ([skip ci])';
  return undefined;
}

/** Tracked paths with staged or unstaged changes: repairs to these are not committed (they are not ours alone). */
export function changedPaths(top: string): Set<string> {
  const out = gitSync(['status', '--porcelain=v1', '-z', '--untracked-files=no', '--no-renames'], { cwd: top }).stdout;
  return new Set(splitNul(out).map((rec) => rec.slice(3)));
}

/** The commit message of a repair commit. */
export function repairMessage(files: { file: string; fixes: { line: number; description: string }[] }[]): string {
  const subject = `qmoi-hooks: repair ${files.length === 1 ? files[0].file : `${files.length} files`} [skip ci]`;
  const body = files.flatMap((f) => f.fixes.map((x) => `- ${f.file}:${x.line} ${x.description}`));
  return `${subject}\n\n${body.join('\n')}\n\n${REPAIR_TRAILER}\n`;
}

/** Commits the current contents of `files` on top of HEAD and moves HEAD (branch or detached) to it. */
export function commitFiles(top: string, gitDir: string, files: string[], message: string, author: Identity): { commit: string; parent: string } {
  const parent = gitSync(['rev-parse', '--verify', 'HEAD'], { cwd: top }).stdout.trim();
  const modes = new Map<string, string>();
  for (const rec of splitNul(gitSync(['ls-tree', '-z', 'HEAD', '--', ...files], { cwd: top }).stdout)) {
    modes.set(rec.slice(rec.indexOf('\t') + 1), rec.slice(0, 6));
  }
  const entries = files.map((file) => ({ path: file, mode: modes.get(file) ?? '100644', sha: writeBlob(top, fs.readFileSync(path.join(top, file))) }));
  const index = path.join(gitDir, `qmoi-ci-index-${process.pid}`);
  const env = { GIT_INDEX_FILE: index };
  let tree: string;
  try {
    gitSync(['read-tree', parent], { cwd: top, env });
    gitSync(['update-index', '-z', '--index-info'], { cwd: top, env, input: entries.map((e) => `${e.mode} ${e.sha}\t${e.path}\0`).join('') });
    tree = gitSync(['write-tree'], { cwd: top, env }).stdout.trim();
  } finally {
    fs.rmSync(index, { force: true });
  }
  const commit = gitSync(['commit-tree', '--no-gpg-sign', tree, '-p', parent, '-F', '-'], {
    cwd: top,
    input: message,
    env: { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_COMMITTER_NAME: QMOI_IDENTITY.name, GIT_COMMITTER_EMAIL: QMOI_IDENTITY.email },
  }).stdout.trim();
  // The old value makes the update fail rather than lose a commit made meanwhile.
  gitSync(['update-ref', '-m', 'qmoi-hooks ci: repair commit', 'HEAD', commit, parent], { cwd: top });
  // These paths were clean, so the index held HEAD's blobs: point it at the new ones so the tree shows clean.
  updateIndexEntries(top, entries);
  return { commit, parent };
}
