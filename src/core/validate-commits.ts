// pre-push and `validate --range`: checks the files changed by the commits being pushed, as they are in the
// commit being pushed (not as they are on disk), without writing anything.
import { gitSync, splitNul } from '../git/git.js';
import { readBlobs } from '../git/index.js';
import { matchesAny } from './glob.js';
import { repairBuffer, type RepairBufferOptions } from './repair/repair-buffer.js';
import { isRepairable } from './repair/registry.js';
import { summarize, type RepairRun } from './repair-files.js';
import type { Workspace } from './workspace.js';

const ZERO = /^0+$/;

/** One line of pre-push's stdin. */
export interface PushedRef {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

/** Parses pre-push's stdin: `<local ref> <local sha> <remote ref> <remote sha>` per line. */
export function parsePrePushInput(input: string): PushedRef[] {
  return input
    .split('\n')
    .map((l) => l.trim().split(' '))
    .filter((p) => p.length === 4)
    .map(([localRef, localSha, remoteRef, remoteSha]) => ({ localRef, localSha, remoteRef, remoteSha }));
}

/** Validates the files changed by commits `tip` has that `exclude` (refs or shas) do not. */
export async function validateCommits(ws: Workspace, tip: string, exclude: string[], opts: RepairBufferOptions = {}): Promise<RepairRun> {
  const top = ws.repo!.top;
  const log = gitSync(['log', '--format=', '--name-only', '-z', '--diff-filter=ACMRT', '--no-renames', tip, '--not', ...exclude, '--'], { cwd: top }).stdout;
  const exclusions = ws.loaded.config.repair.exclude;
  const changed = [...new Set(splitNul(log).map((p) => p.replace(/^\n+/, '')).filter(Boolean))].filter(
    (f) => isRepairable(f, opts.plugins) && !(exclusions.length && matchesAny(f, exclusions)),
  );
  if (!changed.length) return { files: [], summary: summarize([]) };
  // The version being pushed: the blob at `tip` (a file deleted later in the range is gone: nothing to check).
  const tree = splitNul(gitSync(['ls-tree', '-z', tip, '--', ...changed], { cwd: top }).stdout)
    .map((rec) => {
      const tab = rec.indexOf('\t');
      const [mode, type, sha] = rec.slice(0, tab).split(' ');
      return { mode, type, sha, path: rec.slice(tab + 1) };
    })
    .filter((e) => e.type === 'blob' && (e.mode === '100644' || e.mode === '100755'));
  const blobs = await readBlobs(top, tree.map((e) => e.sha));
  const files = [];
  for (let i = 0; i < tree.length; i++) files.push((await repairBuffer(tree[i].path, blobs[i], { ...opts, validateOnly: true })).result);
  return { files, summary: summarize(files) };
}

/** Validates what a push sends: for each ref, the commits the remote does not have yet. */
export async function validatePush(ws: Workspace, remote: string, refs: PushedRef[], opts: RepairBufferOptions = {}): Promise<RepairRun> {
  const all: RepairRun['files'] = [];
  for (const r of refs) {
    if (ZERO.test(r.localSha)) continue; // a deletion sends no content
    const exclude = [`--remotes=${remote}`];
    if (!ZERO.test(r.remoteSha) && gitSync(['cat-file', '-e', `${r.remoteSha}^{commit}`], { cwd: ws.repo!.top, allowFailure: true }).exitCode === 0) exclude.push(r.remoteSha);
    const run = await validateCommits(ws, r.localSha, exclude, opts);
    for (const f of run.files) if (!all.some((x) => x.file === f.file)) all.push(f);
  }
  return { files: all, summary: summarize(all) };
}
