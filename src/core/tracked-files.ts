// The tracked files qmoi-hooks understands, for `repair --all` and `validate --all`.
import { gitSync, splitNul } from '../git/git.js';
import { isRepairable } from './repair/registry.js';
import type { Repairer } from './repair/types.js';
import { matchesAny } from './glob.js';

/** Repo-relative paths of tracked regular files a repairer handles, minus excluded ones. */
export function trackedRepairableFiles(top: string, opts: { exclude?: string[]; plugins?: Repairer[]; languages?: string[] } = {}): string[] {
  const out = gitSync(['ls-files', '-z', '--cached', '--stage'], { cwd: top }).stdout;
  const files: string[] = [];
  for (const rec of splitNul(out)) {
    // "<mode> <sha> <stage>\t<path>": skip symlinks (120000) and submodules (160000).
    const tab = rec.indexOf('\t');
    const mode = rec.slice(0, 6);
    const file = rec.slice(tab + 1);
    if (mode !== '100644' && mode !== '100755') continue;
    if (!isRepairable(file, opts.plugins, opts.languages)) continue;
    if (opts.exclude?.length && matchesAny(file, opts.exclude)) continue;
    if (files[files.length - 1] !== file) files.push(file);
  }
  return files;
}
