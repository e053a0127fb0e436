// The validation cache: which (blob id, path) pairs were found valid, keyed by the blob ids git already keeps in
// its index (no hashing of our own) and invalidated as a whole when qmoi-hooks, its build or the repair config
// changes. It lives in the shared git dir, so every worktree of a repository benefits.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QmoiConfig } from '../config/types.js';

const MAGIC = 'qmoi-hooks validate-cache 1';

/** A loaded cache: look up and add valid blobs, then save if anything was added. */
export interface ValidateCache {
  has(sha: string, file: string): boolean;
  add(sha: string, file: string): void;
  /** Writes the cache atomically when it changed; a failure to write is ignored (the cache is an optimisation). */
  save(): void;
  readonly size: number;
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
  const entries = new Set<string>();
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'latin1');
  } catch {
    text = undefined;
  }
  const header = `${MAGIC} ${key}\n`;
  if (text?.startsWith(header)) {
    for (const rec of text.slice(header.length).split('\0')) if (rec) entries.add(rec);
  }
  let dirty = false;
  // Paths are stored as UTF-8 bytes read back as latin1: the record is compared byte for byte.
  const rec = (sha: string, f: string) => `${sha}\t${Buffer.from(f, 'utf8').toString('latin1')}`;
  return {
    has: (sha, f) => entries.has(rec(sha, f)),
    add(sha, f) {
      const r = rec(sha, f);
      if (!entries.has(r)) {
        entries.add(r);
        dirty = true;
      }
    },
    save() {
      if (!dirty) return;
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, header + [...entries].join('\0') + '\0', 'latin1');
        fs.renameSync(tmp, file);
        dirty = false;
      } catch {
        /* read-only git dir: validate without a cache */
      }
    },
    get size() {
      return entries.size;
    },
  };
}

/** A fast 32-bit FNV-1a hash, as hex: cache keys and stable shard assignment (not for security). */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
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
