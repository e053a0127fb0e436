// Relative imports of files that do not exist: suggest the nearest file that does, and fix the specifier
// only when exactly one file fits it up to letter case or extension.
import path from 'node:path';
import type { Problem, RepairContext } from '../types.js';

/** A specifier change the import check is sure of. */
export interface ImportEdit {
  /** Offset of the specifier's text, inside the quotes. */
  offset: number;
  remove: number;
  insert: string;
  description: string;
}

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/** What the import check reads from a parse: the statements and where the comments are. */
export interface ParsedFile {
  program: unknown;
  comments?: { start?: number | null; end?: number | null }[] | null;
}

interface Specifier {
  value: string;
  /** Offset of the string literal (its opening quote). */
  start: number;
}

const SCRIPT_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.tsx', '.mts', '.cts', '.json', '.node'];
/** TypeScript lets `./a.js` name `./a.ts`; these are the sources an emitted extension stands for. */
const SOURCE_FOR_EMITTED: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'], '.jsx': ['.tsx'] };

/** Checks relative imports of a parsed program against the files next to it. */
export function checkImports(file: ParsedFile, ctx: RepairContext, text: string): { warnings: Problem[]; edits: ImportEdit[] } {
  const warnings: Problem[] = [];
  const edits: ImportEdit[] = [];
  if (!ctx.fileExists || !ctx.listDir) return { warnings, edits };
  const fileExists = ctx.fileExists;
  const listDir = cachedListing(ctx.listDir);
  for (const spec of relativeSpecifiers(file, text)) {
    if (resolves(spec.value, listDir, fileExists)) continue;
    const where = position(text, spec.start);
    const fits = fittingFiles(spec.value, listDir);
    if (fits.length === 1) {
      edits.push({ offset: spec.start + 1, remove: spec.value.length, insert: fits[0], description: `changed import '${spec.value}' to '${fits[0]}' (the file that exists)` });
      continue;
    }
    const nearest = nearestFile(spec.value, listDir);
    warnings.push({ ...where, message: `'${spec.value}' does not exist`, ...(nearest ? { suggestion: `did you mean '${nearest}'?` } : {}) });
  }
  return { warnings, edits };
}

/** Folders are read once per file checked, however many imports point into them. */
function cachedListing(listDir: (rel: string) => string[] | undefined): (rel: string) => string[] | undefined {
  const seen = new Map<string, string[] | undefined>();
  return (rel) => {
    if (!seen.has(rel)) seen.set(rel, listDir(rel));
    return seen.get(rel);
  };
}

function relativeSpecifiers(file: ParsedFile, text: string): Specifier[] {
  const out: Specifier[] = [];
  const add = (n: unknown) => {
    const s = n as Node | undefined;
    if (s && s.type === 'StringLiteral' && typeof s.value === 'string' && /^\.\.?(\/|$)/.test(s.value)) out.push({ value: s.value, start: s.start });
  };
  const body = ((file.program as Node | undefined)?.body as Node[] | undefined) ?? [];
  for (const st of body) {
    if (st.type === 'ImportDeclaration' || st.type === 'ExportAllDeclaration' || st.type === 'ExportNamedDeclaration') add(st.source);
    if (st.type === 'TSImportEqualsDeclaration') add((st.moduleReference as Node | undefined)?.expression);
  }
  // `require('./a')` and `import('./a')` can be anywhere: found as calls in the tree (never inside strings or comments).
  if (/\b(?:require|import)\s*\(/.test(text)) for (const call of callsIn(file.program as Node | undefined)) add(call);
  return out;
}

/** The first argument of every `require(...)` and `import(...)` call in the tree, walked without recursion. */
function callsIn(root: Node | undefined): unknown[] {
  const found: unknown[] = [];
  const stack: unknown[] = root ? [root] : [];
  while (stack.length) {
    const n = stack.pop();
    if (!n || typeof n !== 'object') continue;
    if (Array.isArray(n)) {
      for (const x of n) stack.push(x);
      continue;
    }
    const node = n as Node;
    if (node.type === 'CallExpression' || node.type === 'ImportExpression') {
      const callee = node.callee as Node | undefined;
      const isRequire = callee?.type === 'Identifier' && (callee as { name?: string }).name === 'require';
      if (node.type === 'ImportExpression') found.push(node.source);
      else if (isRequire || callee?.type === 'Import') found.push((node.arguments as unknown[] | undefined)?.[0]);
    }
    for (const [k, v] of Object.entries(node)) if (v && typeof v === 'object' && k !== 'loc' && k !== 'extra' && !k.endsWith('Comments')) stack.push(v);
  }
  return found;
}

/** Whether a specifier names a file or folder as Node, TypeScript or a bundler would find it. */
function resolves(spec: string, listDir: (rel: string) => string[] | undefined, exists: (rel: string) => boolean): boolean {
  const dir = path.posix.dirname(spec);
  const base = path.posix.basename(spec);
  const names = listDir(dir);
  if (!names) return exists(spec);
  if (base === '' || base === '.' || base === '..') return true;
  const ext = path.posix.extname(base);
  const stem = ext ? base.slice(0, -ext.length) : base;
  const candidates = [base, ...SCRIPT_EXTENSIONS.map((e) => base + e), ...(SOURCE_FOR_EMITTED[ext] ?? []).map((e) => stem + e)];
  if (candidates.some((c) => names.includes(c))) return true;
  return false;
}

/** Files in the specifier's folder that it names up to letter case or extension, as specifiers. */
function fittingFiles(spec: string, listDir: (rel: string) => string[] | undefined): string[] {
  const dir = path.posix.dirname(spec);
  const base = path.posix.basename(spec);
  const names = listDir(dir) ?? [];
  const stem = (f: string) => (SCRIPT_EXTENSIONS.includes(path.posix.extname(f).toLowerCase()) ? f.slice(0, -path.posix.extname(f).length) : f);
  const specHasExt = SCRIPT_EXTENSIONS.includes(path.posix.extname(base).toLowerCase());
  const fits = names.filter((f) => f.toLowerCase() === base.toLowerCase() || stem(f).toLowerCase() === stem(base).toLowerCase());
  // Keep the author's style: an extensionless specifier stays extensionless when only the case was wrong.
  const asSpec = (f: string) => `${dir === '.' && spec.startsWith('./') ? '.' : dir}/${specHasExt ? f : stem(f)}`;
  return [...new Set(fits.map(asSpec))].filter((s) => s !== spec);
}

function nearestFile(spec: string, listDir: (rel: string) => string[] | undefined): string | undefined {
  const dir = path.posix.dirname(spec);
  const base = path.posix.basename(spec).toLowerCase();
  let best: { name: string; d: number } | undefined;
  const limit = Math.max(2, Math.floor(base.length / 3));
  for (const name of listDir(dir) ?? []) {
    if (Math.abs(name.length - base.length) > limit) continue;
    const d = editDistance(base, name.toLowerCase());
    if (d <= limit && (!best || d < best.d)) best = { name, d };
  }
  return best ? `${dir === '.' && spec.startsWith('./') ? '.' : dir}/${best.name}` : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
