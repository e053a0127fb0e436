// What "parses" means for each kind of file, and a parse that reports instead of throwing.
import { createRequire } from 'node:module';
import type { ParserOptions } from '@babel/parser';
import type { File } from '@babel/types';

// Loaded with require, not import: Node's ESM loader scans the 531 KB CommonJS file for its exports (~100 ms
// per hook), and the compile cache (src/core/compile-cache.ts) only sees files loaded through require.
const { parse } = createRequire(import.meta.url)('@babel/parser') as typeof import('@babel/parser');

/** Where and why Babel stopped. `pos` is a 0-based offset; line and column are 1-based. */
export interface ParseFailure {
  pos: number;
  line: number;
  column: number;
  message: string;
}

/** A parse that did not throw: the tree, or where and why it stopped. */
export type ParseResult = { ok: true; ast: File } | { ok: false; error: ParseFailure };

/** The dialect a file is parsed in; `.js` files are tried without JSX first so JSX never excuses a bad repair. */
export type Dialect = 'js' | 'jsx' | 'flow' | 'ts' | 'tsx';

/**
 * Babel options for a dialect: the strictest that still accepts ordinary files of that kind. Comments are
 * not attached to nodes: nothing here needs them, and the repair search parses many times.
 */
function parserOptions(dialect: Dialect): ParserOptions {
  const common = { errorRecovery: false, attachComment: false };
  switch (dialect) {
    case 'ts':
      return { ...common, sourceType: 'module', plugins: ['typescript'] };
    case 'tsx':
      return { ...common, sourceType: 'module', plugins: ['typescript', 'jsx'] };
    case 'jsx':
      return { ...common, sourceType: 'unambiguous', allowReturnOutsideFunction: true, plugins: ['jsx'] };
    case 'flow':
      return { ...common, sourceType: 'unambiguous', allowReturnOutsideFunction: true, plugins: ['jsx', 'flow'] };
    case 'js':
      return { ...common, sourceType: 'unambiguous', allowReturnOutsideFunction: true };
  }
}

/** Parses without throwing. */
export function tryParse(text: string, dialect: Dialect): ParseResult {
  try {
    return { ok: true, ast: parse(text, parserOptions(dialect)) };
  } catch (err) {
    return { ok: false, error: failureOf(err, text) };
  }
}

/**
 * Parses the tail of a file from a top-level statement on: as lenient as the whole file could be (exports
 * may name what the head declares), so a tail that fails means the whole file fails.
 */
export function tailParses(tail: string, dialect: Dialect, module: boolean): { ok: true; program: unknown } | { ok: false } {
  try {
    const options = { ...parserOptions(dialect), sourceType: module ? 'module' : 'script', allowUndeclaredExports: true, allowReturnOutsideFunction: true } as const;
    return { ok: true, program: parse(tail, options).program };
  } catch {
    return { ok: false };
  }
}

function failureOf(err: unknown, text: string): ParseFailure {
  const e = err as { loc?: { line: number; column: number }; pos?: number; message?: string };
  const message = String(e?.message ?? err).replace(/ \(\d+:\d+\)$/, '');
  if (e?.loc && typeof e.pos === 'number') return { pos: e.pos, line: e.loc.line, column: e.loc.column + 1, message };
  return { pos: text.length, line: 1, column: 1, message };
}

/** The dialects to try for a path, strictest first. */
function dialectsFor(path: string, text: string): Dialect[] {
  const p = path.toLowerCase();
  if (p.endsWith('.tsx')) return ['tsx'];
  if (/\.[cm]?ts$/.test(p)) return ['ts'];
  if (/^\s*(\/\/|\/\*+)\s*@flow\b/m.test(text.slice(0, 2000))) return ['flow'];
  if (p.endsWith('.jsx')) return ['jsx'];
  return looksLikeJsx(text) ? ['js', 'jsx'] : ['js'];
}

/** A `<Tag`, `</` or `<>` where an expression starts: worth trying JSX on a `.js` file. */
function looksLikeJsx(text: string): boolean {
  return /(?:^|[=(,?:&|{}[;>]|\breturn)\s*<(?:[A-Za-z][\w.:-]*[\s/>]|>)/m.test(text) || text.includes('</');
}

/**
 * Picks the dialect to judge a broken file by: a `.js` file counts as JSX only when JSX gets the parser
 * further than plain JavaScript does.
 */
export function chooseDialect(path: string, text: string): { dialect: Dialect; result: ParseResult } {
  const [strict, ...looser] = dialectsFor(path, text);
  let best = { dialect: strict, result: tryParse(text, strict) };
  for (const d of looser) {
    if (best.result.ok) break;
    const r = tryParse(text, d);
    if (r.ok || r.error.pos > (best.result as { error: ParseFailure }).error.pos) best = { dialect: d, result: r };
  }
  return best;
}
