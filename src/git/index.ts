// Reading and writing the index without touching the working tree: staged entries, blobs, new index entries,
// and which index file a commit in progress really uses (git commit -a and git commit <path> use temporary ones).
import fs from 'node:fs';
import path from 'node:path';
import { GitError, gitSync, gitSyncBuffer, splitNul } from './git.js';

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** One staged change against HEAD. */
export interface StagedEntry {
  path: string;
  /** A added, D deleted, M modified, T type changed, U unmerged (renames show as an add and a delete). */
  status: string;
  /** Mode of the staged version (000000 for a deletion). */
  mode: string;
  /** Blob id of the staged version. */
  sha: string;
  /** Blob id in HEAD (zeros for a new file): a repair that gives it back empties the change. */
  headSha: string;
}

/**
 * Every staged change against HEAD (against the empty tree on an unborn branch), parsed from one
 * `git diff-index -z` call. Intent-to-add entries (`git add -N`) are not staged content and are left out; no
 * rename detection (a renamed file is repaired under its new path either way, and detection costs time).
 */
export function stagedChanges(top: string, against = 'HEAD'): StagedEntry[] {
  const args = (base: string) => ['diff-index', '--cached', '-z', '--no-renames', '--ita-invisible-in-index', base, '--'];
  let r = gitSync(args(against), { cwd: top, allowFailure: true });
  if (r.exitCode !== 0) {
    // One call in the common case; only a failure pays for finding out whether the branch is unborn.
    if (against !== 'HEAD' || hasCommit(top, 'HEAD')) throw new GitError(args(against), r);
    r = gitSync(args(EMPTY_TREE), { cwd: top });
  }
  const parts = splitNul(r.stdout);
  const entries: StagedEntry[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    // ":<oldmode> <newmode> <oldsha> <newsha> <status>", then the path.
    const meta = parts[i].slice(1).split(' ');
    entries.push({ path: parts[i + 1], status: meta[4][0], mode: meta[1], sha: meta[3], headSha: meta[2] });
  }
  return entries;
}

/** Whether `rev` names a commit. */
function hasCommit(top: string, rev: string): boolean {
  return gitSync(['rev-parse', '--verify', '-q', `${rev}^{commit}`], { cwd: top, allowFailure: true }).exitCode === 0;
}

/** Reads many blobs (ids or `<tree>:<path>` names) with one `git cat-file --batch`, in the order asked; with `allowMissing` a missing one is undefined. */
export function readBlobsSync(top: string, names: string[], allowMissing: true): (Buffer | undefined)[];
export function readBlobsSync(top: string, names: string[]): Buffer[];
export function readBlobsSync(top: string, names: string[], allowMissing = false): (Buffer | undefined)[] {
  if (!names.length) return [];
  return parseBatch(gitSyncBuffer(['cat-file', '--batch'], { cwd: top, input: names.join('\n') + '\n' }), names, allowMissing);
}

/** Writes one blob to the object store (no filters: the bytes as given) and returns its id. */
export function writeBlob(top: string, content: Buffer): string {
  return gitSync(['hash-object', '-w', '--stdin'], { cwd: top, input: content }).stdout.trim();
}

/** One index entry to write: mode '0' removes the path from the index. */
export interface IndexUpdate {
  path: string;
  mode: string;
  sha: string;
}

/** Points entries of one index file at new blobs, in one atomic update (git takes `<index>.lock`). */
export function updateIndexEntries(top: string, entries: IndexUpdate[], indexFile?: string): void {
  if (!entries.length) return;
  const input = entries.map((e) => (e.mode === '0' ? `0 ${'0'.repeat(40)}\t${e.path}\0` : `${e.mode} ${e.sha}\t${e.path}\0`)).join('');
  gitSync(['update-index', '-z', '--index-info'], { cwd: top, input, ...(indexFile ? { env: { GIT_INDEX_FILE: indexFile } } : {}) });
}

/** Blob ids and modes of paths in one index file (stage 0 only), from `git ls-files -s -z`. */
export function indexBlobs(top: string, paths: string[], indexFile?: string): Map<string, { mode: string; sha: string }> {
  const out = new Map<string, { mode: string; sha: string }>();
  if (!paths.length) return out;
  const r = gitSync(['ls-files', '-s', '-z', '--', ...paths.map(literal)], { cwd: top, ...(indexFile ? { env: { GIT_INDEX_FILE: indexFile } } : {}) });
  for (const rec of splitNul(r.stdout)) {
    const tab = rec.indexOf('\t');
    const [mode, sha, stage] = rec.slice(0, tab).split(' ');
    if (stage === '0') out.set(rec.slice(tab + 1), { mode, sha });
  }
  return out;
}

/**
 * The index files a pre-commit repair must update. Git runs the hook with GIT_INDEX_FILE set: for
 * `git commit` and `git commit -a` it is `index.lock`, which becomes the index; for `git commit <path>` it is a
 * temporary `next-index-<pid>.lock` holding what is committed, while `index.lock` holds the index the user
 * gets afterwards, so both must take the repair or the commit and the index disagree.
 */
export function indexFilesToUpdate(gitDir: string, env: NodeJS.ProcessEnv = process.env): { primary?: string; also?: string } {
  const primary = env.GIT_INDEX_FILE ? path.resolve(env.GIT_INDEX_FILE) : undefined;
  if (!primary || !/^next-index-\d+\.lock$/.test(path.basename(primary))) return { primary };
  const real = path.join(gitDir, 'index.lock');
  return fs.existsSync(real) ? { primary, also: real } : { primary };
}

/** Splits `git cat-file --batch` output ("<sha> <type> <size>\n<bytes>\n" per object) into contents. */
function parseBatch(all: Buffer, shas: string[], allowMissing = false): (Buffer | undefined)[] {
  const blobs: (Buffer | undefined)[] = [];
  let at = 0;
  for (let i = 0; i < shas.length; i++) {
    const nl = all.indexOf(0x0a, at);
    const header = all.subarray(at, nl).toString('utf8').split(' ');
    if (header[header.length - 1] === 'missing') {
      // "<name> missing\n": no content follows.
      if (!allowMissing) throw new Error(`blob ${shas[i]} is missing`);
      blobs.push(undefined);
      at = nl + 1;
      continue;
    }
    const size = Number(header[2]);
    blobs.push(all.subarray(nl + 1, nl + 1 + size));
    at = nl + 1 + size + 1;
  }
  return blobs;
}

/** A 3-way merge of one text: applies the change base→theirs onto ours; undefined on a conflict. */
export function mergeText(top: string, files: { ours: string; base: string; theirs: string }): Buffer | undefined {
  try {
    // Exit status is the number of conflicts: any non-zero exit throws, and a conflict is no merge.
    return gitSyncBuffer(['merge-file', '-p', '-q', '--', files.ours, files.base, files.theirs], { cwd: top });
  } catch {
    return undefined;
  }
}

/** A pathspec that matches exactly this path (no globbing, no magic from a leading ':'). */
function literal(p: string): string {
  return `:(literal)${p}`;
}
