// Layout cues: how well brackets and indentation agree. Well-kept code closes a block at its opener's
// indentation, indents what is inside, and closes an opener with code after it on the same line. A repair
// that leaves fewer such disagreements is more likely the one the author meant.
import type { Lexed, Token } from './lexer.js';

const OPENERS: Record<string, number> = { '(': 0, '[': 1, '{': 2, '${': 2 };
const CLOSERS: Record<string, number> = { ')': 0, ']': 1, '}': 2 };
const CONTINUATION_STARTS = new Set(['.', '?.', '?', ':', '+', '-', '*', '/', '%', '&&', '||', '??', ',', '=', '=>', '|', '&', '^', '**', '<', '>', '==', '===', '!=', '!==', '<=', '>=', 'instanceof', 'in', 'as', 'extends', 'implements']);

/** Weights of the layout rules; a mismatched bracket outweighs any number of style slips nearby. */
export const LAYOUT_WEIGHTS = { mismatch: 10, closerIndent: 2, closerAfterCode: 1, inlineOpenerSplit: 0.5, notIndented: 2, strayIndent: 1.5 };

/** Per-token facts the layout rules need, in flat arrays so scoring a candidate stays cheap. */
export interface LayoutModel {
  tokens: Token[];
  /** 1 opener, 2 closer, 0 other. */
  role: Uint8Array;
  /** Bracket type: 0 `()`, 1 `[]`, 2 `{}`. */
  type: Uint8Array;
  first: Uint8Array;
  last: Uint8Array;
  /** Indentation (in characters) of each line. */
  indent: Int32Array;
}

/** Where an inserted token goes when its gap spans lines. */
export type Placement = 'after-prev' | 'own-line' | 'before-next' | 'line-lead';

/** One token edit, in token coordinates. */
export type TokenEdit =
  | { type: 'insert'; gap: number; value: string; placement: Placement; indent: number }
  | { type: 'delete'; index: number }
  | { type: 'none' };

/** Builds the layout facts of a lexed text. */
export function layoutModel(text: string, lexed: Lexed): LayoutModel {
  const { tokens, lineStarts } = lexed;
  const n = tokens.length;
  const role = new Uint8Array(n);
  const type = new Uint8Array(n);
  const first = new Uint8Array(n);
  const last = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = tokens[i];
    if (t.kind === 'punct') {
      if (t.value in OPENERS) {
        role[i] = 1;
        type[i] = OPENERS[t.value];
      } else if (t.value in CLOSERS) {
        role[i] = 2;
        type[i] = CLOSERS[t.value];
      }
    }
    first[i] = i === 0 || tokens[i - 1].line !== t.line ? 1 : 0;
    last[i] = i === n - 1 || tokens[i + 1].line !== lineOfEnd(tokens[i], lineStarts) ? 1 : 0;
  }
  const indent = new Int32Array(lineStarts.length);
  for (let l = 0; l < lineStarts.length; l++) {
    let i = lineStarts[l];
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    indent[l] = i - lineStarts[l];
  }
  return { tokens, role, type, first, last, indent };
}

function lineOfEnd(t: Token, lineStarts: number[]): number {
  // Multi-line tokens (templates, block strings) end on a later line; only the start line matters to us
  // unless the token spans lines, in which case the next token on its end line is not "after" it.
  if (t.kind !== 'tpl' && t.kind !== 'str') return t.line;
  let l = t.line;
  while (l + 1 < lineStarts.length && lineStarts[l + 1] <= t.end - 1) l++;
  return l;
}

/** A virtual token: what the rules see after an edit. */
interface View {
  role: number;
  type: number;
  value: string;
  line: number;
  first: boolean;
  last: boolean;
  indent: number;
}

/** The layout cost of the text after one edit; `onViolation` (optional) hears where each rule fails. */
export function layoutCost(m: LayoutModel, edit: TokenEdit, onViolation?: ViolationListener): number {
  const views = editedViews(m, edit);
  return scoreViews(views, onViolation);
}

/** Hears where a layout rule fails: the token, the rule's weight, and the opener of the bracket involved. */
type ViolationListener = (index: number, weight: number, opener: number) => void;

/** A place (token index of the unedited text) where a layout rule fails. */
export interface Violation {
  index: number;
  weight: number;
  /** The opener the token is inside or closes (-1 at top level). */
  opener: number;
}

/** Where the unedited text breaks layout rules, in text order. */
export function layoutViolations(m: LayoutModel): Violation[] {
  const out: Violation[] = [];
  layoutCost(m, { type: 'none' }, (index, weight, opener) => out.push({ index, weight, opener }));
  return out;
}

function editedViews(m: LayoutModel, edit: TokenEdit): { count: number; get: (v: number) => View } {
  const n = m.tokens.length;
  const base = (i: number): View => {
    const t = m.tokens[i];
    return { role: m.role[i], type: m.type[i], value: t.value, line: t.line, first: m.first[i] === 1, last: m.last[i] === 1, indent: m.indent[t.line] };
  };
  if (edit.type === 'none') return { count: n, get: base };
  if (edit.type === 'delete') {
    const d = edit.index;
    return {
      count: n - 1,
      get: (v) => {
        const i = v < d ? v : v + 1;
        const view = base(i);
        if (i === d + 1 && m.first[d] && m.tokens[i].line === m.tokens[d].line) view.first = true;
        if (i === d - 1 && m.last[d] && m.tokens[i].line === m.tokens[d].line) view.last = true;
        return view;
      },
    };
  }
  const g = edit.gap;
  const inserted = insertedView(m, edit);
  return {
    count: n + 1,
    get: (v) => {
      if (v === g) return inserted;
      const i = v < g ? v : v - 1;
      const view = base(i);
      if (i === g - 1 && edit.placement === 'after-prev') view.last = false;
      if (i === g && (edit.placement === 'before-next' || edit.placement === 'line-lead')) view.first = false;
      return view;
    },
  };
}

function insertedView(m: LayoutModel, edit: Extract<TokenEdit, { type: 'insert' }>): View {
  const g = edit.gap;
  const role = edit.value in OPENERS ? 1 : edit.value in CLOSERS ? 2 : 0;
  const type = role === 1 ? OPENERS[edit.value] : role === 2 ? CLOSERS[edit.value] : 0;
  const prev = g > 0 ? m.tokens[g - 1] : undefined;
  const next = g < m.tokens.length ? m.tokens[g] : undefined;
  const common = { role, type, value: edit.value };
  if (edit.placement === 'own-line' || (!prev && !next)) {
    return { ...common, line: -1, first: true, last: true, indent: edit.indent };
  }
  if (edit.placement === 'line-lead' && next) {
    return { ...common, line: next.line, first: true, last: false, indent: edit.indent };
  }
  if (edit.placement === 'after-prev' && prev) {
    return { ...common, line: prev.line, first: false, last: m.last[g - 1] === 1, indent: m.indent[prev.line] };
  }
  const at = next ?? prev!;
  return { ...common, line: at.line, first: next ? m.first[g] === 1 : false, last: !next, indent: m.indent[at.line] };
}

interface Open {
  index: number;
  type: number;
  line: number;
  indent: number;
  last: boolean;
  /** Indentation of the first line that started directly inside this bracket (-1: none yet). */
  contentIndent: number;
  /** A `switch` body: statements under `case` sit deeper than the cases, by design. */
  cases: boolean;
  /** Its line ended inside a bracket opened after it (`f(function () {`): its closer may follow that one's. */
  lineEndsOpen: boolean;
}

function scoreViews(views: { count: number; get: (v: number) => View }, onViolation?: ViolationListener): number {
  const W = LAYOUT_WEIGHTS;
  const stack: Open[] = [];
  const top: Open = { index: -1, type: -1, line: -2, indent: -1, last: true, contentIndent: -1, cases: false, lineEndsOpen: false };
  let cost = 0;
  const hit = (v: number, w: number, opener: number) => {
    cost += w;
    onViolation?.(v, w, opener);
  };
  let onlyClosersSoFar = true;
  let prevValue = '';
  for (let v = 0; v < views.count; v++) {
    const t = views.get(v);
    if (t.first) {
      onlyClosersSoFar = true;
      markLinesEndingOpen(stack);
    }
    if (t.role === 2) {
      const o = stack.pop();
      if (!o || o.type !== t.type) {
        hit(v, W.mismatch, o ? o.index : -1);
      } else {
        if (t.first && t.indent !== o.indent) hit(v, W.closerIndent, o.index);
        if (t.line !== o.line && !onlyClosersSoFar) hit(v, o.last ? W.closerAfterCode : W.inlineOpenerSplit, o.index);
        else if (t.line !== o.line && !o.last && !o.lineEndsOpen) hit(v, W.inlineOpenerSplit, o.index);
      }
    } else {
      if (t.first) checkLineStart(stack[stack.length - 1] ?? top, t, prevValue, v, hit);
      onlyClosersSoFar = false;
      if (t.role === 1) stack.push({ index: v, type: t.type, line: t.line, indent: t.indent, last: t.last, contentIndent: -1, cases: false, lineEndsOpen: false });
    }
    prevValue = t.value;
  }
  for (const o of stack) hit(o.index, W.mismatch, o.index);
  return cost;
}

/** When a line ends, the brackets opened on it below the innermost one ended their line inside another. */
function markLinesEndingOpen(stack: Open[]): void {
  const top = stack.length - 1;
  if (top < 1) return;
  for (let j = top - 1; j >= 0 && stack[j].line === stack[top].line; j--) stack[j].lineEndsOpen = true;
}

/** Rules for a line that starts inside a bracket: indented deeper than the opener, and, right after a
 * finished statement, not deeper than the first line inside. */
function checkLineStart(o: Open, t: View, prevValue: string, v: number, hit: (v: number, w: number, opener: number) => void): void {
  const W = LAYOUT_WEIGHTS;
  if (o.type >= 0 && t.indent <= o.indent) hit(v, W.notIndented, o.index);
  else if (o.contentIndent >= 0 && !o.cases && t.indent > o.contentIndent && (prevValue === ';' || prevValue === '}') && !CONTINUATION_STARTS.has(t.value)) hit(v, W.strayIndent, o.index);
  if (o.contentIndent < 0) {
    o.contentIndent = t.indent;
    o.cases = t.value === 'case' || t.value === 'default';
  }
}
