// Where a repair might be: every one-character insertion or deletion close to the parser's error, and the
// closers (or extra closers) that the indentation points at, however far from the error they are.
import { shown, type Edit } from './edits.js';
import type { Layout } from './layout.js';
import type { LineIndex } from './positions.js';
import { isCloser, type Token } from './scan.js';

/** A set of edits to try together, and what it costs: a missing character is likelier than an extra one. */
export interface Candidate {
  edits: Edit[];
  cost: number;
}

const INSERT_COST = 1;
const DELETE_COST = 1.25;
const MISSING = [',', ':', '"', '}', ']'];
/** How far from the error the character search looks, in characters (one-line files can be long). */
const BEFORE = 400;
const AFTER = 200;

/** Each single-character insertion of a likely-missing character, and each deletion, on the error's lines. */
export function nearErrorCandidates(text: string, index: LineIndex, errOffset: number): Candidate[] {
  const errLine = index.lineOf(errOffset);
  let p = index.starts[errLine] - 1;
  while (p >= 0 && /\s/.test(text[p])) p--;
  const fromLine = p >= 0 ? index.lineOf(p) : errLine;
  const from = Math.max(index.starts[fromLine], errOffset - BEFORE);
  const to = Math.min(index.lineEnd(errLine), errOffset + AFTER);
  const out: Candidate[] = [];
  for (let at = from; at <= to; at++) {
    for (const ch of MISSING) out.push({ edits: [{ at, remove: 0, insert: ch, what: `inserted ${shown(ch)}` }], cost: INSERT_COST });
    if (at < to && !/\s/.test(text[at])) out.push({ edits: [{ at, remove: 1, insert: '', what: `removed ${shown(text[at])}` }], cost: DELETE_COST });
  }
  return out;
}

/** The depth a line's indentation stands for under a layout, or undefined when it fits no depth. */
function depthOf(indent: string, layout: Layout): number | undefined {
  if (!indent.startsWith(layout.base)) return undefined;
  const rest = indent.slice(layout.base.length);
  const depth = rest.length / layout.unit.length;
  return Number.isInteger(depth) && layout.unit.repeat(depth) === rest ? depth : undefined;
}

/**
 * Closers the layout asks for: where a line is indented shallower than the parser's depth, the containers in
 * between were closed just before it; at the end of the file a lone open root is closed. Where a line is
 * deeper than the parser's depth, a closer before it may be one too many.
 */
export function layoutCandidates(text: string, tokens: Token[], index: LineIndex, layout: Layout | undefined, errOffset: number): Candidate[] {
  const out: Candidate[] = [];
  const stack: Token[] = [];
  const errLine = index.lineOf(errOffset);
  let prev: Token | undefined;
  let line = 0;
  let prevLine = -1;
  let lastExcess = 0;
  let lastGood = 0;
  for (let k = 0; k < tokens.length && out.length < 12; k++) {
    const t = tokens[k];
    while (line + 1 < index.starts.length && index.starts[line + 1] <= t.start) line++;
    if (layout && prev && line !== prevLine && line <= errLine && t.kind !== 'comment') {
      const expected = depthOf(index.indent(line), layout);
      const depth = stack.length - (isCloser(t) && stack.length ? 1 : 0);
      const excess = expected === undefined ? 0 : depth - expected;
      if (excess > 0 && excess !== lastExcess) out.push(closeBefore(text, index, prev, t, stack.slice(stack.length - excess).reverse()));
      if (excess < 0 && excess !== lastExcess) out.push(...extraCloserCandidates(text, tokens, lastGood, k));
      if (excess === 0) lastGood = k;
      lastExcess = excess;
    }
    if (t.kind === '{' || t.kind === '[') stack.push(t);
    else if (isCloser(t)) stack.pop();
    if (t.kind !== 'comment' && t.kind !== ',') prev = t;
    prevLine = line;
  }
  // One closer lost at the end is a typo; more means the file was cut off and its end is lost with them.
  if (stack.length === 1 && prev) out.push(closeBefore(text, index, prev, undefined, stack));
  return out;
}

function extraCloserCandidates(text: string, tokens: Token[], from: number, to: number): Candidate[] {
  return tokens
    .slice(from, to)
    .filter(isCloser)
    .slice(-4)
    .map((t) => ({ edits: [{ at: t.start, remove: 1, insert: '', what: `removed extra ${shown(text[t.start])}` }], cost: DELETE_COST }));
}

/**
 * Closes `closing` (innermost first) between `prev` and `next`: in a line the closer left behind (blank, or
 * holding only its ','), else right after `prev`, each on its own line at its opener's indentation unless the
 * container was opened on `prev`'s own line.
 */
function closeBefore(text: string, index: LineIndex, prev: Token, next: Token | undefined, closing: Token[]): Candidate {
  const prevLine = index.lineOf(prev.end);
  const stopLine = next ? index.lineOf(next.start) : index.starts.length - 1;
  const closer = (o: Token) => (o.kind === '{' ? '}' : ']');
  const openerIndent = (o: Token) => index.indent(index.lineOf(o.start));
  const what = `inserted ${shown(closing.map(closer).join(''))} to close ${closing.map((o) => `the ${shown(o.kind)} of line ${index.lineOf(o.start) + 1}`).join(' and ')}`;
  const hole = text.slice(prev.end, index.lineEnd(prevLine)).includes(',') ? undefined : holeLine(text, index, prevLine, stopLine);
  if (hole !== undefined) {
    const insert = closing.map((o) => openerIndent(o) + closer(o)).join('\n');
    return { edits: [{ at: index.starts[hole], remove: index.indent(hole).length, insert, what }], cost: closing.length };
  }
  const insert = closing.map((o) => (index.lineOf(o.start) === prevLine ? '' : `\n${openerIndent(o)}`) + closer(o)).join('');
  return { edits: [{ at: prev.end, remove: 0, insert, what }], cost: closing.length };
}

/**
 * The first line after `after` that is blank or starts with ',' (where a closer was lost), up to the line of the
 * next token (which may itself be that ','); a blank last line of the file does not count (it ends the file).
 */
function holeLine(text: string, index: LineIndex, after: number, before: number): number | undefined {
  for (let l = after + 1; l <= before; l++) {
    const content = text.slice(index.starts[l], index.lineEnd(l)).trim();
    if (content.startsWith(',') || (content === '' && l < before)) return l;
    if (!content.startsWith('//') && !content.startsWith('/*')) return undefined;
  }
  return undefined;
}
