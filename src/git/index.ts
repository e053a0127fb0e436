// Reading and writing the index without touching the working tree: staged entries, blobs, new blobs.
import { spawn } from 'node:child_process';
import { gitEnv, gitSync, splitNul } from './git.js';

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** One staged change against HEAD. */
export interface StagedEntry {
  path: string;
  /** A added, C copied, M modified, R renamed, T type changed. */
  status: string;
  mode: string;
  /** Blob id of the staged version. */
  sha: string;
  /** For renames and copies: the path it came from. */
  from?: string;
}

/** Staged additions and modifications (deletions need no repair), parsed from `git diff-index -z`. */
export function stagedEntries(top: string): StagedEntry[] {
  const head = gitSync(['rev-parse', '--verify', '-q', 'HEAD'], { cwd: top, allowFailure: true }).exitCode === 0 ? 'HEAD' : EMPTY_TREE;
  const out = gitSync(['diff-index', '--cached', '-z', '-M', '--diff-filter=ACMRT', head], { cwd: top }).stdout;
  const parts = splitNul(out);
  const entries: StagedEntry[] = [];
  for (let i = 0; i < parts.length; ) {
    // ":<oldmode> <newmode> <oldsha> <newsha> <status>" then one path, or two for R/C.
    const meta = parts[i++].slice(1).split(' ');
    const status = meta[4][0];
    const from = status === 'R' || status === 'C' ? parts[i++] : undefined;
    const path = parts[i++];
    entries.push({ path, status, mode: meta[1], sha: meta[3], ...(from !== undefined ? { from } : {}) });
  }
  return entries;
}

/** Reads many blobs with one `git cat-file --batch`; returns them in the order asked. */
export function readBlobs(top: string, shas: string[]): Promise<Buffer[]> {
  if (!shas.length) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: top, env: gitEnv() });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`git cat-file --batch exited ${code}`));
      const all = Buffer.concat(chunks);
      const blobs: Buffer[] = [];
      let at = 0;
      for (let i = 0; i < shas.length; i++) {
        const nl = all.indexOf(0x0a, at);
        const header = all.subarray(at, nl).toString('utf8').split(' ');
        if (header[1] === 'missing') return reject(new Error(`blob ${shas[i]} is missing`));
        const size = Number(header[2]);
        blobs.push(all.subarray(nl + 1, nl + 1 + size));
        at = nl + 1 + size + 1;
      }
      resolve(blobs);
    });
    child.stdin.end(shas.join('\n') + '\n');
  });
}

/** Writes a blob to the object store and returns its id. */
export function writeBlob(top: string, content: Buffer): string {
  return gitSync(['hash-object', '-w', '--stdin'], { cwd: top, input: content }).stdout.trim();
}

/** Points index entries at new blobs, in one atomic index update (index.lock). */
export function updateIndexEntries(top: string, entries: { path: string; mode: string; sha: string }[]): void {
  if (!entries.length) return;
  const input = entries.map((e) => `${e.mode} ${e.sha}\t${e.path}\0`).join('');
  gitSync(['update-index', '-z', '--index-info'], { cwd: top, input });
}

/** A 3-way merge of one text: applies the change base→theirs onto ours; undefined on a conflict. */
export function mergeText(top: string, files: { ours: string; base: string; theirs: string }): Buffer | undefined {
  const r = gitSync(['merge-file', '-p', '-q', files.ours, files.base, files.theirs], { cwd: top, allowFailure: true });
  if (r.exitCode !== 0) return undefined;
  return Buffer.from(r.stdout, 'utf8');
}
