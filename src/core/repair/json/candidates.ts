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
/** Irregularly indented lines also look like lost closers; this many candidates leave room for the real one. */
const MAX_LAYOUT_CANDIDATES = 64;
/** How far from the error the character search looks, in characters (one-line files can be long). */
const BEFORE = 400;
const AFTER = 40;

/** The stretch of text the character search covers: the error's line and the last non-blank line before it. */
export interface ErrorWindow {
  from: number;
  to: number;
}

/** The window around an error offset (capped, since one-line files can be long). */
export function errorWindow(text: string, index: LineIndex, errOffset: number): ErrorWindow {
  const errLine = index.lineOf(errOffset);
  let p = index.starts[errLine] - 1;
  while (p >= 0 && /\s/.test(text[p])) p--;
  const fromLine = p >= 0 ? index.lineOf(p) : errLine;
  // Nothing after the error can fix it (the text before the error is a valid start), except at the error itself.
  return { from: Math.max(index.starts[fromLine], errOffset - BEFORE), to: Math.min(index.lineEnd(errLine), errOffset + AFTER) };
}

/**
 * Each single-character insertion of a likely-missing character, and each deletion of a punctuation character
 * (a stray letter or digit cannot be told from a meant one), in the window. Inside a
 * string only quotes (and backslashes, which decide where a string ends) can change anything, so only those
 * edits are tried there: on a line of long prose this is most of the saving. Inside a comment nothing is tried
 * (an edit there can only break the comment open and swallow the error).
 */
export function nearErrorCandidates(text: string, tokens: Token[], { from, to }: ErrorWindow): Candidate[] {
  const out: Candidate[] = [];
  const where = interiors(tokens, from, to);
  for (let at = from; at <= to; at++) {
    const inside = where(at);
    if (inside === 'comment') continue;
    for (const ch of MISSING) if (!inside || ch === '"') out.push({ edits: [{ at, remove: 0, insert: ch, what: `inserted ${shown(ch)}` }], cost: INSERT_COST });
    const c = text[at];
    if (at < to && /[^\s\w]/.test(c) && (!inside || c === '"' || c === '\\')) out.push({ edits: [{ at, remove: 1, insert: '', what: `removed ${shown(c)}` }], cost: DELETE_COST });
  }
  return out;
}

/** Whether an offset is strictly inside a string or a comment token, and which. */
function interiors(tokens: Token[], from: number, to: number): (at: number) => 'string' | 'comment' | undefined {
  const spans = tokens
    .filter((t) => (t.kind === 'string' || t.kind === 'sstring' || t.kind === 'comment') && t.end > from && t.start < to)
    .map((t) => ({ start: t.start, end: t.kind === 'comment' || !t.closed ? t.end : t.end - 1, kind: t.kind === 'comment' ? ('comment' as const) : ('string' as const) }));
  return (at) => spans.find((s) => at > s.start && at < s.end)?.kind;
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
  for (let k = 0; k < tokens.length && out.length < MAX_LAYOUT_CANDIDATES; k++) {
    const t = tokens[k];
    while (line + 1 < index.starts.length && index.starts[line + 1] <= t.start) line++;
    if (layout && prev && line !== prevLine && line <= errLine && t.kind !== 'comment') {
      const expected = depthOf(index.indent(line), layout);
      const depth = stack.length - (isCloser(t) && stack.length ? 1 : 0);
      const excess = expected === undefined ? 0 : depth - expected;
      if (excess > 0 && excess !== lastExcess) {
        out.push(...closeBefore(text, index, prev, t, stack.slice(stack.length - excess).reverse()));
        if (excess === 1) out.push(...inlineCloserCandidates(text, tokens, index, k, stack[stack.length - 1]));
      }
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
  if (stack.length === 1 && prev && prev !== stack[0]) out.push(...closeBefore(text, index, prev, undefined, stack));
  return out;
}

/**
 * A container opened and closed on one line (`{ "a": [1] }`) may have lost its closer anywhere on that line, so
 * each place on the last line before `k` where a member ends is tried: right after the member, and right before
 * the ',' after it. The file's spacing habits decide between them, or the search declines.
 */
function inlineCloserCandidates(text: string, tokens: Token[], index: LineIndex, k: number, opener: Token): Candidate[] {
  const out: Candidate[] = [];
  const ch = opener.kind === '{' ? '}' : ']';
  const what = `inserted ${shown(ch)} to close the ${shown(opener.kind)} of line ${index.lineOf(opener.start) + 1}`;
  let j = k - 1;
  while (j > 0 && tokens[j].kind === ',') j--;
  const line = index.lineOf(tokens[j].start);
  for (; j >= 0 && tokens[j].start > opener.start && index.lineOf(tokens[j].start) === line; j--) {
    const u = tokens[j];
    const next = tokens[j + 1];
    if (u.kind === ',' || u.kind === ':' || u.kind === '{' || u.kind === '[' || u.kind === 'comment') continue;
    out.push({ edits: [{ at: u.end, remove: 0, insert: ch, what }], cost: INSERT_COST });
    if (next?.kind === ',' && next.start > u.end) out.push({ edits: [{ at: next.start, remove: 0, insert: ch, what }], cost: INSERT_COST });
  }
  return out;
}

/**
 * When the parser only fails at the end, the lost closer may have been anywhere: every place where a member
 * ends is a candidate (the last `limit` of them). The layout then picks one; where there is no layout they tie,
 * and the search declines instead of closing at the end by default.
 */
export function lostCloserCandidates(text: string, tokens: Token[], errOffset: number, closer: '}' | ']', limit: number): Candidate[] {
  if (errOffset < text.length) return [];
  const out: Candidate[] = [];
  for (let j = tokens.length - 1; j >= 0 && out.length < limit; j--) {
    const u = tokens[j];
    if (u.kind === ',' || u.kind === ':' || u.kind === '{' || u.kind === '[' || u.kind === 'comment') continue;
    out.push({ edits: [{ at: u.end, remove: 0, insert: closer, what: `inserted ${shown(closer)}` }], cost: INSERT_COST });
  }
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
 * Closes `closing` (innermost first) between `prev` and `next`: right after `prev`, each on its own line at its
 * opener's indentation unless the container was opened on `prev`'s own line; and, if there is one, in a line
 * the closer left behind (blank, or holding only its ','). Parsing and the file's style choose between them.
 */
function closeBefore(text: string, index: LineIndex, prev: Token, next: Token | undefined, closing: Token[]): Candidate[] {
  const prevLine = index.lineOf(prev.end);
  const stopLine = next ? index.lineOf(next.start) : index.starts.length - 1;
  const closer = (o: Token) => (o.kind === '{' ? '}' : ']');
  const openerIndent = (o: Token) => index.indent(index.lineOf(o.start));
  const what = `inserted ${shown(closing.map(closer).join(''))} to close ${closing.map((o) => `the ${shown(o.kind)} of line ${index.lineOf(o.start) + 1}`).join(' and ')}`;
  const inline = closing.map((o) => (index.lineOf(o.start) === prevLine ? '' : `\n${openerIndent(o)}`) + closer(o)).join('');
  const out = [{ edits: [{ at: prev.end, remove: 0, insert: inline, what }], cost: closing.length }];
  const hole = holeLine(text, index, prevLine, stopLine);
  if (hole !== undefined) {
    const insert = closing.map((o) => openerIndent(o) + closer(o)).join('\n');
    const kept = index.indent(hole);
    // Keep the indentation the closer left behind when it is the right one, so the edit is the closer alone.
    const edit = insert.startsWith(kept) ? { at: index.starts[hole] + kept.length, remove: 0, insert: insert.slice(kept.length) } : { at: index.starts[hole], remove: kept.length, insert };
    out.push({ edits: [{ ...edit, what }], cost: closing.length });
  }
  return out;
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
