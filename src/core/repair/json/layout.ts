// What the layout of a file says about its structure. A pretty-printed file indents each line by its nesting
// depth, so where a '}' or ']' is missing, the lines after it sit shallower than the parser thinks they are;
// and each file has its own habits of spacing (`"a": 1`, a closer on its own line) that a repair should keep.
import { LineIndex } from './positions.js';
import { isCloser, scan, type Token } from './scan.js';

/** How a file indents: the root's indentation plus one `unit` per level. */
export interface Layout {
  base: string;
  unit: string;
}

/** The first token of a line, with the nesting depth the parser is at there (a closer counts as outside). */
export interface LineStart {
  token: Token;
  line: number;
  depth: number;
  /** Index of the token in the token list. */
  at: number;
}

/** A walk over a text's tokens: line starts, spacing between neighbours, and the open containers at each token. */
export interface Walk {
  lineStarts: LineStart[];
  /** One entry per adjacent token pair: `kind-pair|spacing`. */
  pairs: string[];
  /** Strings that start or end with whitespace inside their quotes: rare, and the mark of a misplaced quote. */
  paddedStrings: number;
}

const cls = (t: Token): string => (t.kind === 'string' || t.kind === 'sstring' || t.kind === 'number' || t.kind === 'word' ? 'v' : t.kind === 'comment' ? 'c' : t.kind === 'junk' ? 'j' : t.kind);

/** Walks the tokens once, iteratively (depth is only a counter, so deep nesting is cheap). */
export function walk(text: string, tokens: Token[], index: LineIndex): Walk {
  const lineStarts: LineStart[] = [];
  const pairs: string[] = [];
  const stack: Array<{ line: number; multiline?: boolean }> = [];
  let line = 0;
  let prevLine = -1;
  let prevEndLine = -1;
  let paddedStrings = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === 'string' && t.end - t.start > 2 && (/\s/.test(text[t.start + 1]) || /\s/.test(text[t.end - 2]))) paddedStrings++;
    while (line + 1 < index.starts.length && index.starts[line + 1] <= t.start) line++;
    const top = stack[stack.length - 1];
    if (top && top.multiline === undefined && t.kind !== 'comment') top.multiline = line > top.line;
    if (line !== prevLine && t.kind !== 'comment') lineStarts.push({ token: t, line, depth: stack.length - (isCloser(t) && stack.length ? 1 : 0), at: k });
    if (k > 0) {
      const space = tokens[k - 1].end === t.start ? '0' : line > prevEndLine ? 'n' : 's';
      const shape = isCloser(t) && top ? (top.multiline ? 'M' : 'I') : '';
      pairs.push(`${cls(tokens[k - 1])}${cls(t)}${shape}|${space}`);
    }
    if (t.kind === '{' || t.kind === '[') stack.push({ line });
    else if (isCloser(t)) stack.pop();
    prevLine = line;
    prevEndLine = t.kind === 'comment' ? index.lineOf(t.end) : line;
  }
  return { lineStarts, pairs, paddedStrings };
}

/**
 * Infers the indentation unit from how indentation changes between neighbouring lines as depth changes: a lost
 * closer shifts every later line by the same amount, which spoils one neighbour pair, not all the lines after it.
 * Undefined when the file is not laid out by depth (minified, aligned by hand, mixed tabs and spaces).
 */
export function inferLayout(index: LineIndex, w: Walk): Layout | undefined {
  const starts = w.lineStarts;
  if (starts.length < 4) return undefined;
  const base = index.indent(starts[0].line);
  const indents = starts.map((ls) => index.indent(ls.line));
  const char = indents.find((i) => i.length > base.length)?.[base.length];
  if (!char || indents.some((i) => i.length > base.length && !i.startsWith(base))) return undefined;
  const votes = new Map<number, number>();
  for (let i = 1; i < starts.length; i++) {
    const dd = starts[i].depth - starts[i - 1].depth;
    const dw = indents[i].length - indents[i - 1].length;
    if (dd !== 0 && dw % dd === 0 && dw / dd > 0) votes.set(dw / dd, (votes.get(dw / dd) ?? 0) + 1);
  }
  const width = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (width === undefined) return undefined;
  const unit = char.repeat(width);
  let agree = 0;
  for (let i = 1; i < starts.length; i++) {
    if (indents[i].length - indents[i - 1].length === width * (starts[i].depth - starts[i - 1].depth)) agree++;
  }
  const uniform = indents.every((i) => i.length <= base.length || i.slice(base.length) === char.repeat(i.length - base.length));
  return uniform && agree >= (starts.length - 1) * 0.8 ? { base, unit } : undefined;
}

/** Lines whose indentation disagrees with their depth under the layout: 0 for a consistently indented file. */
export function violations(index: LineIndex, w: Walk, layout: Layout | undefined): number {
  if (!layout) return 0;
  let n = 0;
  for (const ls of w.lineStarts) if (index.indent(ls.line) !== layout.base + layout.unit.repeat(ls.depth)) n++;
  return n;
}

/** How often each kind of token pair is spaced each way in a file: its own style, to compare repairs against. */
export type StyleTable = Map<string, string>;

/** The most common spacing of each token pair in a file. */
export function styleOf(w: Walk): StyleTable {
  const counts = new Map<string, Map<string, number>>();
  for (const p of w.pairs) {
    const [key, space] = p.split('|');
    const m = counts.get(key) ?? new Map<string, number>();
    m.set(space, (m.get(space) ?? 0) + 1);
    counts.set(key, m);
  }
  const table: StyleTable = new Map();
  for (const [key, m] of counts) table.set(key, [...m].sort((a, b) => b[1] - a[1])[0][0]);
  return table;
}

/** Token pairs spaced unlike the file's habit (a pair the file never has counts too), and padded strings. */
export function styleCost(w: Walk, table: StyleTable): number {
  let n = w.paddedStrings;
  for (const p of w.pairs) {
    const [key, space] = p.split('|');
    if (table.get(key) !== space) n++;
  }
  return n;
}

/** Everything about a text's layout the search needs, computed once per text. */
export function analyse(text: string): { index: LineIndex; tokens: Token[]; walk: Walk } {
  const index = new LineIndex(text);
  const tokens = scan(text);
  return { index, tokens, walk: walk(text, tokens, index) };
}
