// The validation cache: for each path, the blob id last found valid (git's own ids from its index: no hashing of
// our own), or that no repairer handles the path; invalidated as a whole when qmoi-hooks, its build or the repair
// config changes. It lives in the shared git dir, so every worktree of a repository benefits.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QmoiConfig } from '../config/types.js';
import { fnv1a } from './fnv1a.js';

const MAGIC = 'qmoi-hooks validate-cache 2';

/** What the cache knows about a path: the blob id last found valid (and its language), or that no repairer handles it. */
export type CacheEntry = { sha: string; language: string } | 'not-repairable';

/** A loaded cache: one entry per path (so it never grows past the tree), saved only if something changed. */
export interface ValidateCache {
  get(file: string): CacheEntry | undefined;
  set(file: string, entry: CacheEntry): void;
  /** Forgets paths no longer tracked, so the cache follows the tree. */
  keepOnly(files: Set<string>): void;
  /** Writes the cache atomically when it changed; a failure to write is ignored (the cache is an optimisation). */
  save(): void;
}

/** Where the cache of a repository lives. */
export function cacheFile(commonDir: string): string {
  return path.join(commonDir, 'qmoi', 'validate-cache');
}

/**
 * What the cached verdicts depend on: the qmoi-hooks version, the build of its repairers (size and time of each
 * module, so a rebuilt repairer starts a fresh cache) and the repair config and plugins.
 */
export function cacheKey(config: QmoiConfig, root: string): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const parts: unknown[] = [version(here), config.repair, config.plugins.map((p) => [p, statStamp(path.resolve(root, p))])];
  for (const f of safeReaddir(here)) parts.push(f, statStamp(path.join(here, f)));
  const repair = path.join(here, 'repair');
  for (const f of safeReaddir(repair, true)) parts.push(f, statStamp(path.join(repair, f)));
  return fnv1a(JSON.stringify(parts));
}

/** Opens the cache at `file` for `key`; a missing, damaged or differently keyed cache starts empty. */
export function openCache(file: string, key: string): ValidateCache {
  const entries = new Map<string, CacheEntry>();
  const header = `${MAGIC} ${key}\n`;
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    text = undefined;
  }
  if (text?.startsWith(header)) {
    // Records "<sha or -> <language>\t<path>\0": a path may hold any character but NUL.
    for (const rec of text.slice(header.length).split('\0')) {
      const tab = rec.indexOf('\t');
      if (tab < 0) continue;
      const space = rec.indexOf(' ');
      const sha = rec.slice(0, space);
      entries.set(rec.slice(tab + 1), sha === '-' ? 'not-repairable' : { sha, language: rec.slice(space + 1, tab) });
    }
  }
  let dirty = false;
  return {
    get: (f) => entries.get(f),
    set(f, entry) {
      const old = entries.get(f);
      if (old === entry || (old && entry !== 'not-repairable' && old !== 'not-repairable' && old.sha === entry.sha && old.language === entry.language)) return;
      entries.set(f, entry);
      dirty = true;
    },
    keepOnly(files) {
      for (const f of entries.keys()) {
        if (files.has(f)) continue;
        entries.delete(f);
        dirty = true;
      }
    },
    save() {
      if (!dirty) return;
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        const body = [...entries].map(([f, e]) => (e === 'not-repairable' ? `- -\t${f}\0` : `${e.sha} ${e.language}\t${f}\0`)).join('');
        fs.writeFileSync(tmp, header + body);
        fs.renameSync(tmp, file);
        dirty = false;
      } catch {
        /* read-only git dir: validate without a cache */
      }
    },
  };
}

function version(here: string): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(here, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function statStamp(file: string): string {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return st ? `${st.size}:${st.mtimeMs}` : 'missing';
}

function safeReaddir(dir: string, recursive = false): string[] {
  try {
    return fs.readdirSync(dir, { recursive }).map(String).sort();
  } catch {
    return [];
  }
}
