// Helpers for the benchmarks: timing a command, medians, and a corpus of real JS files.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
/** Where real JS files come from: a corpus of npm packages if present, then this project's own node_modules. */
const CORPUS_DIRS = [
  '/tmp/qmoi-dev-corpus-work/sources/node_modules',
  '/tmp/qmoi-dev-corpus-work/tools/node_modules',
  path.join(ROOT, 'node_modules'),
  path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm'),
];

/**
 * Runs a command to completion; returns its wall time and the CPU time (user + system) of it and every process
 * it waited for, in ms (Linux: from /proc/self/stat, 10 ms ticks; a detached background process is not counted).
 * CPU time barely moves when other work loads the machine; wall time does.
 */
export function timeMs(cmd, args, opts) {
  const c0 = childCpuMs();
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { ...opts, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const c1 = childCpuMs();
  return { ms, cpu: c0 === undefined || c1 === undefined ? undefined : c1 - c0, status: r.status, stderr: r.stderr };
}

function childCpuMs() {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) * 10; // cutime + cstime, in 1/100 s
  } catch {
    return undefined;
  }
}

/** The median of a list of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Up to `n` real .js/.mjs/.cjs files (sorted, so every run gets the same ones) that @babel/parser accepts. */
export function corpusFiles(n, { maxBytes = 1_000_000 } = {}) {
  const { parse } = createRequire(import.meta.url)('@babel/parser');
  const out = [];
  const seen = new Set();
  for (const dir of CORPUS_DIRS) {
    if (!fs.existsSync(dir)) continue;
    for (const rel of fs.readdirSync(dir, { recursive: true }).map(String).sort()) {
      if (out.length >= n) return out;
      if (!/\.(c|m)?js$/.test(rel) || rel.includes('qmoi-hooks')) continue;
      const file = path.join(dir, rel);
      let st;
      try {
        st = fs.statSync(file);
      } catch {
        continue;
      }
      if (!st.isFile() || st.size === 0 || st.size > maxBytes) continue;
      const text = fs.readFileSync(file, 'utf8');
      if (seen.has(text)) continue;
      try {
        parse(text, { sourceType: 'unambiguous', allowReturnOutsideFunction: true, plugins: ['jsx'] });
      } catch {
        continue;
      }
      seen.add(text);
      out.push(file);
    }
  }
  return out;
}
