// pre-push and `validate --range`: checks the files changed by the commits being pushed, as they are in the
// commit being pushed (not as they are on disk), without writing anything.
import { gitSync, splitNul } from '../git/git.js';
import { matchesAny } from './glob.js';
import { isRepairable } from './repair/registry.js';
import type { RepairRun } from './repair-files.js';
import { summarize } from './repair/repair-buffer.js';
import { validateItems, type ValidateItem, type ValidateOptions, type ValidateRun } from './validate-all.js';
import { cacheFile, cacheKey, openCache } from './validate-cache.js';
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

/**
 * Validates the files changed by commits `tip` has that `exclude` (refs or shas) do not, as they are at `tip`:
 * one `git log` for the paths (merges: their changes against the first parent), one `git ls-tree` for the blob
 * ids at `tip`; blobs found valid before come from the cache without being read.
 */
export async function validateCommits(ws: Workspace, tip: string, exclude: string[], opts: ValidateOptions = {}): Promise<ValidateRun> {
  const top = ws.repo!.top;
  const log = gitSync(['log', '--format=', '--name-only', '-z', '--no-renames', '--diff-merges=first-parent', tip, '--not', ...exclude, '--'], { cwd: top }).stdout;
  const exclusions = ws.loaded.config.repair.exclude;
  // With an empty --format, -z output is just the changed paths, NUL-separated (a path may contain a newline).
  const changed = new Set(splitNul(log).filter((f) => isRepairable(f, opts.plugins, opts.languages) && !(exclusions.length && matchesAny(f, exclusions))));
  if (!changed.size) return validateItems(top, [], opts);
  // The version being pushed is the one at `tip`; a file deleted later in the range is not there: nothing to check.
  const items: ValidateItem[] = [];
  for (const rec of splitNul(gitSync(['ls-tree', '-r', '-z', '--full-tree', tip], { cwd: top }).stdout)) {
    const tab = rec.indexOf('\t');
    const file = rec.slice(tab + 1);
    const [mode, type, sha] = rec.slice(0, tab).split(' ');
    if (type === 'blob' && (mode === '100644' || mode === '100755') && changed.has(file)) items.push({ path: file, sha });
  }
  return validateItems(top, items, { ...opts, cache: opts.cache ?? openCache(cacheFile(ws.repo!.commonDir), cacheKey(ws.loaded.config, ws.root)) });
}

/** Validates what a push sends: for each ref, the commits the remote does not have yet. */
export async function validatePush(ws: Workspace, remote: string, refs: PushedRef[], opts: ValidateOptions = {}): Promise<RepairRun> {
  const all: RepairRun['files'] = [];
  const seen = new Set<string>();
  const cache = opts.cache ?? openCache(cacheFile(ws.repo!.commonDir), cacheKey(ws.loaded.config, ws.root));
  for (const r of refs) {
    if (ZERO.test(r.localSha)) continue; // a deletion sends no content
    const exclude = [`--remotes=${remote}`];
    if (!ZERO.test(r.remoteSha) && gitSync(['cat-file', '-e', `${r.remoteSha}^{commit}`], { cwd: ws.repo!.top, allowFailure: true }).exitCode === 0) exclude.push(r.remoteSha);
    const run = await validateCommits(ws, r.localSha, exclude, { ...opts, cache });
    for (const f of run.files) {
      if (seen.has(f.file)) continue;
      seen.add(f.file);
      all.push(f);
    }
  }
  return { files: all, summary: summarize(all) };
}
