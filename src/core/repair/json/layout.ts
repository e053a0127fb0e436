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

/** A line's first token's line, with the nesting depth the parser is at there (a closer counts as outside). */
export interface LineStart {
  line: number;
  depth: number;
}

/** A walk over a text's tokens: line starts, spacing between neighbours, and the open containers at each token. */
export interface Walk {
  lineStarts: LineStart[];
  /** One entry per adjacent token pair: a code for the pair's kinds (and for a closer, whether its container is multi-line). */
  pairKeys: number[];
  /** For each pair, how the two tokens are spaced: 0 touching, 1 spaces, 2 a line break. */
  pairSpaces: number[];
  /** For each pair, the offset of its second token. */
  pairAt: number[];
  /** Strings that start with whitespace, or end with whitespace, ',' or ':': rare, the mark of a misplaced quote. */
  paddedStrings: number;
}

const CLASSES = ['{', '}', '[', ']', ':', ',', 'comment', 'junk'];
/** A token's class for style: punctuation by itself, every value alike. */
const cls = (t: Token): number => {
  const i = CLASSES.indexOf(t.kind);
  return i < 0 ? CLASSES.length : i;
};

/**
 * Walks the tokens once, iteratively (depth is only a counter, so deep nesting is cheap). `open` says, for the
 * containers already open where the text starts (when it is a slice of a file), whether each is multi-line.
 */
export function walk(text: string, tokens: Token[], index: LineIndex, open: boolean[] = []): Walk {
  const lineStarts: LineStart[] = [];
  const pairKeys: number[] = [];
  const pairSpaces: number[] = [];
  const pairAt: number[] = [];
  const stack: Array<{ line: number; multiline?: boolean }> = open.map((multiline) => ({ line: -1, multiline }));
  let depth = open.length;
  let line = 0;
  let prevLine = -1;
  let prevEndLine = -1;
  let paddedStrings = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === 'string' && t.end - t.start > 2 && (/\s/.test(text[t.start + 1]) || /[\s,:]/.test(text[t.end - 2]))) paddedStrings++;
    while (line + 1 < index.starts.length && index.starts[line + 1] <= t.start) line++;
    const top = stack[stack.length - 1];
    if (top && top.multiline === undefined && t.kind !== 'comment') top.multiline = line > top.line;
    if (line !== prevLine && t.kind !== 'comment') lineStarts.push({ line, depth: depth - (isCloser(t) ? 1 : 0) });
    if (k > 0) {
      const shape = isCloser(t) && top ? (top.multiline ? 2 : 1) : 0;
      pairKeys.push((cls(tokens[k - 1]) * 16 + cls(t)) * 3 + shape);
      pairSpaces.push(tokens[k - 1].end === t.start ? 0 : line > prevEndLine ? 2 : 1);
      pairAt.push(t.start);
    }
    if (t.kind === '{' || t.kind === '[') {
      stack.push({ line });
      depth++;
    } else if (isCloser(t)) {
      stack.pop();
      depth--;
    }
    prevLine = line;
    prevEndLine = t.kind === 'comment' ? index.lineOf(t.end) : line;
  }
  return { lineStarts, pairKeys, pairSpaces, pairAt, paddedStrings };
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
  const uniform = (i: string) => i.length <= base.length || i.slice(base.length) === char.repeat(i.length - base.length);
  let agree = 0;
  for (let i = 1; i < starts.length; i++) {
    if (uniform(indents[i]) && indents[i].length - indents[i - 1].length === width * (starts[i].depth - starts[i - 1].depth)) agree++;
  }
  return agree >= (starts.length - 1) * 0.8 ? { base, unit } : undefined;
}

/**
 * Neighbouring lines whose change of indentation disagrees with their change of depth: 0 for a consistently
 * indented file. Comparing neighbours, not each line with an absolute depth, keeps styles that open two
 * containers on one line (`[ {`) from counting on every line after them.
 */
export function violations(index: LineIndex, w: Walk, layout: Layout | undefined): number {
  if (!layout) return 0;
  let n = 0;
  const starts = w.lineStarts;
  for (let i = 1; i < starts.length; i++) {
    const dw = index.indent(starts[i].line).length - index.indent(starts[i - 1].line).length;
    if (dw !== layout.unit.length * (starts[i].depth - starts[i - 1].depth)) n++;
  }
  return n;
}

/** The most common spacing of each kind of token pair in a file: its own style, to compare repairs against. */
export type StyleTable = Map<number, number>;

/**
 * A file's style: for each kind of pair, its most common spacing, leaving out the pairs in `skip` (the damaged
 * stretch, whose spacing is part of the damage). Kinds the file does not show take the spacing of
 * `JSON.stringify(value, null, 2)`, the most common layout of JSON.
 */
export function styleOf(w: Walk, skip?: { from: number; to: number }): StyleTable {
  defaults ??= habits(analyse(SAMPLE).walk);
  return new Map([...defaults, ...habits(w, skip)]);
}

const SAMPLE = JSON.stringify({ a: 'b', c: 1, d: [true, { e: null }, ['f', 2]], g: { h: [], i: {} }, j: [{ k: 'l' }] }, null, 2);
let defaults: StyleTable | undefined;

function habits(w: Walk, skip?: { from: number; to: number }): StyleTable {
  const counts = new Map<number, number[]>();
  for (let i = 0; i < w.pairKeys.length; i++) {
    if (skip && w.pairAt[i] >= skip.from && w.pairAt[i] <= skip.to) continue;
    let c = counts.get(w.pairKeys[i]);
    if (!c) counts.set(w.pairKeys[i], (c = [0, 0, 0]));
    c[w.pairSpaces[i]]++;
  }
  const table: StyleTable = new Map();
  for (const [key, c] of counts) table.set(key, c.indexOf(Math.max(...c)));
  return table;
}

/** Token pairs spaced unlike the file's habit (a pair the file never has counts too), and padded strings. */
export function styleCost(w: Walk, table: StyleTable): number {
  let n = w.paddedStrings;
  for (let i = 0; i < w.pairKeys.length; i++) if (table.get(w.pairKeys[i]) !== w.pairSpaces[i]) n++;
  return n;
}

/** Everything about a text's layout the search needs, computed once per text (or slice, see `walk`). */
export function analyse(text: string, open: boolean[] = []): { index: LineIndex; tokens: Token[]; walk: Walk } {
  const index = new LineIndex(text);
  const tokens = scan(text);
  return { index, tokens, walk: walk(text, tokens, index, open) };
}
