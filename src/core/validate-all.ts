// `validate --all` (CI, large repositories) and the engine behind pre-push and `validate --range`: files whose
// blob id is in the cache are valid without being read; the rest are validated in worker threads across cores
// (in this thread when there are few); `--shard i/n` keeps a stable slice so CI runners can split the work.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gitSync, splitNul } from '../git/git.js';
import { readBlobsSync } from '../git/index.js';
import { matchesAny } from './glob.js';
import { repairBuffer, summarize, type FileResult, type RepairBufferOptions } from './repair/repair-buffer.js';
import { builtInRepairers, isRepairable } from './repair/registry.js';
import type { RepairRun } from './repair-files.js';
import { fnv1a } from './fnv1a.js';
import { cacheFile, cacheKey, openCache, type ValidateCache } from './validate-cache.js';
import type { Workspace } from './workspace.js';

/** One file to validate: its blob id (cacheable) and where its bytes are: the working tree, or git (by blob id). */
export interface ValidateItem {
  path: string;
  sha?: string;
  onDisk?: boolean;
}

export interface ValidateOptions extends RepairBufferOptions {
  cache?: ValidateCache;
  /** Plugin modules (absolute paths) for worker threads; in-memory `plugins` without these keep the work in this thread. */
  pluginFiles?: string[];
  /** Most worker threads (default: the number of cores); 0 validates in this thread. */
  workers?: number;
}

/** A validation run with where its time went. */
export interface ValidateRun extends RepairRun {
  stats: { files: number; cached: number; workers: number; ms: number };
}

/** A slice of the files for one of several CI runners: `index` is 1-based. */
export interface Shard {
  index: number;
  total: number;
}

/** Below this many files to read, starting workers costs more than it saves. */
const WORKER_MIN_FILES = 150;
const CHUNK = 40;

/** Parses `i/n` (1 <= i <= n); undefined when it is not one. */
export function parseShard(text: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  const total = Number(m[2]);
  return index >= 1 && index <= total ? { index, total } : undefined;
}

/** Which shard a path belongs to: a hash of the path, so the split is stable as files come and go. */
function shardOf(file: string, total: number): number {
  return (parseInt(fnv1a(file), 16) % total) + 1;
}

/** Validates every tracked file qmoi-hooks understands (the working-tree copy), using the cache for unchanged ones. */
export async function validateAll(ws: Workspace, opts: ValidateOptions & { shard?: Shard } = {}): Promise<ValidateRun> {
  const top = ws.repo!.top;
  const exclude = ws.loaded.config.repair.exclude;
  const tracked = splitNul(gitSync(['ls-files', '-s', '-z'], { cwd: top }).stdout);
  // Files that differ from the index on disk (or may: stat-dirty) are read and validated, never taken from the cache.
  const modified = new Set(splitNul(gitSync(['diff-files', '-z', '--name-only'], { cwd: top }).stdout));
  const cache = opts.cache ?? openCache(cacheFile(ws.repo!.commonDir), cacheKey(ws.loaded.config, ws.root));
  const items: ValidateItem[] = [];
  const paths = new Set<string>();
  let last = '';
  for (const rec of tracked) {
    // "<mode> <sha> <stage>\t<path>" (fixed widths up to the path); symlinks (120000) and submodules (160000) are skipped.
    const tab = rec.indexOf('\t');
    const file = rec.slice(tab + 1);
    const mode = rec.slice(0, 6);
    if ((mode !== '100644' && mode !== '100755') || file === last) continue;
    last = file;
    paths.add(file);
    const known = cache.get(file);
    if (known === 'not-repairable') continue;
    if (!known && (!isRepairable(file, opts.plugins, opts.languages) || (exclude.length && matchesAny(file, exclude)))) {
      cache.set(file, 'not-repairable');
      continue;
    }
    if (opts.shard && shardOf(file, opts.shard.total) !== opts.shard.index) continue;
    const clean = rec.charCodeAt(tab - 1) === 0x30 && !modified.has(file); // stage 0, unchanged on disk
    items.push({ path: file, onDisk: true, ...(clean ? { sha: rec.slice(7, tab - 2) } : {}) });
  }
  cache.keepOnly(paths);
  return validateItems(top, items, { ...opts, cache });
}

/** Validates files, in order: cached ones at once, the rest in this thread or in worker threads. */
export async function validateItems(top: string, items: ValidateItem[], opts: ValidateOptions = {}): Promise<ValidateRun> {
  const started = Date.now();
  const results: FileResult[] = new Array(items.length);
  const todo: number[] = [];
  items.forEach((it, i) => {
    const known = it.sha ? opts.cache?.get(it.path) : undefined;
    if (known && known !== 'not-repairable' && known.sha === it.sha) results[i] = { file: it.path, language: known.language, status: 'ok', fixes: [] };
    else todo.push(i);
  });
  const cached = items.length - todo.length;

  // Blobs without a working-tree copy (pre-push: the pushed version) come from git in one call.
  const fromGit = todo.filter((i) => !items[i].onDisk);
  const blobs = new Map<number, Buffer>();
  readBlobsSync(top, fromGit.map((i) => items[i].sha!)).forEach((b, k) => blobs.set(fromGit[k], b));

  const inMemoryPlugins = !!opts.plugins?.length && !opts.pluginFiles?.length;
  const maxWorkers = inMemoryPlugins ? 0 : (opts.workers ?? os.availableParallelism());
  const workers = todo.length >= WORKER_MIN_FILES ? Math.min(maxWorkers, Math.ceil(todo.length / CHUNK)) : 0;
  const jobs = todo.map((i) => ({ index: i, path: items[i].path, ...(items[i].onDisk ? { abs: path.join(top, items[i].path) } : { bytes: blobs.get(i) }) }));
  const done = workers > 1 ? await inWorkers(jobs, workers, opts) : await inThisThread(jobs, opts);
  for (const [i, r] of done) results[i] = r;

  if (opts.cache) {
    for (const i of todo) {
      const r = results[i];
      if (items[i].sha && r.status === 'ok' && !r.warnings?.length) opts.cache.set(items[i].path, { sha: items[i].sha!, language: r.language });
    }
    opts.cache.save();
  }
  return { files: results, summary: summarize(results), stats: { files: items.length, cached, workers: workers > 1 ? workers : 0, ms: Date.now() - started } };
}

/** One file for a validator: its bytes, or where to read them. */
export interface ValidateJob {
  index: number;
  path: string;
  abs?: string;
  bytes?: Uint8Array;
}

/** Validates jobs one after the other (also what each worker thread runs). */
export async function validateJobs(jobs: ValidateJob[], opts: RepairBufferOptions): Promise<[number, FileResult][]> {
  const out: [number, FileResult][] = [];
  for (const j of jobs) {
    let bytes: Buffer;
    try {
      bytes = j.bytes ? Buffer.from(j.bytes.buffer, j.bytes.byteOffset, j.bytes.byteLength) : fs.readFileSync(j.abs!);
    } catch {
      out.push([j.index, { file: j.path, language: languageOf(j.path, opts), status: 'skipped', fixes: [], reason: 'not in the working tree' }]);
      continue;
    }
    out.push([j.index, (await repairBuffer(j.path, bytes, { ...opts, validateOnly: true })).result]);
  }
  return out;
}

function inThisThread(jobs: ValidateJob[], opts: ValidateOptions): Promise<[number, FileResult][]> {
  const { cache: _cache, pluginFiles: _files, workers: _workers, ...rest } = opts;
  return validateJobs(jobs, rest);
}

/** Hands out chunks to a pool of worker threads as each finishes; a worker that dies hands its chunk back. */
async function inWorkers(jobs: ValidateJob[], count: number, opts: ValidateOptions): Promise<[number, FileResult][]> {
  const { Worker } = await import('node:worker_threads');
  const here = fileURLToPath(import.meta.url);
  const script = path.join(path.dirname(here), `validate-worker${path.extname(here)}`);
  const queue: ValidateJob[][] = [];
  for (let i = 0; i < jobs.length; i += CHUNK) queue.push(jobs.slice(i, i + CHUNK));
  const out: [number, FileResult][] = [];
  const leftover: ValidateJob[][] = [];
  await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<void>((resolve) => {
        const w = new Worker(script, { workerData: { pluginFiles: opts.pluginFiles ?? [], limits: opts.limits ?? {} } });
        let current: ValidateJob[] | undefined;
        const next = () => {
          current = queue.shift();
          // A blob is a view into one big buffer: send a copy of its bytes, not the whole buffer.
          if (current) w.postMessage(current.map((j) => (j.bytes ? { ...j, bytes: new Uint8Array(j.bytes) } : j)));
          else w.postMessage('stop');
        };
        w.on('message', (done: [number, FileResult][]) => {
          out.push(...done);
          next();
        });
        w.on('exit', () => resolve());
        w.on('error', () => {
          if (current) leftover.push(current);
          current = undefined;
        });
        next();
      }),
    ),
  );
  // Whatever a dead worker left, or the queue if every worker died, is done here.
  for (const chunk of [...leftover, ...queue.splice(0)]) out.push(...(await inThisThread(chunk, opts)));
  return out;
}

/** The language a repairer reports for a path, without loading the repairer. */
function languageOf(file: string, opts: RepairBufferOptions): string {
  return opts.plugins?.find((p) => p.matches(file))?.language ?? builtInRepairers.find((r) => r.matches(file))?.language ?? 'unknown';
}
