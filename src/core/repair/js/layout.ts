// Layout cues: how well brackets and indentation agree. Well-kept code closes a block at its opener's
// indentation, indents what is inside, and closes an opener with code after it on the same line. A repair
// that leaves fewer such disagreements is more likely the one the author meant.
import type { Lexed, Token } from './lexer.js';

const OPENERS: Record<string, number> = { '(': 0, '[': 1, '{': 2, '${': 2 };
const CLOSERS: Record<string, number> = { ')': 0, ']': 1, '}': 2 };
const CONTINUATION_STARTS = new Set(['.', '?.', '?', ':', '+', '-', '*', '/', '%', '&&', '||', '??', ',', '=', '=>', '|', '&', '^', '**', '<', '>', '==', '===', '!=', '!==', '<=', '>=', 'instanceof', 'in', 'as', 'extends', 'implements']);

/** Weights of the layout rules; a mismatched bracket outweighs any number of style slips nearby. */
const LAYOUT_WEIGHTS = { mismatch: 10, closerIndent: 2, closerAfterCode: 1, inlineOpenerSplit: 0.5, notIndented: 2, strayIndent: 1.5 };

/** Per-token facts the layout rules need, in flat arrays so scoring a candidate stays cheap. */
export interface LayoutModel {
  tokens: Token[];
  /** 1 opener, 2 closer, 0 other. */
  role: Uint8Array;
  /** Bracket type: 0 `()`, 1 `[]`, 2 `{}`. */
  type: Uint8Array;
  first: Uint8Array;
  last: Uint8Array;
  /** Each token's line and that line's indentation (in characters). */
  line: Int32Array;
  lineIndent: Int32Array;
  /** FINISHES (`;` `}`), CONTINUES (starts a continuation line), CASE (`case`, `default`). */
  flags: Uint8Array;
  /** Indentation of each line. */
  indent: Int32Array;
}

const FINISHES = 1;
const CONTINUES = 2;
const CASE = 4;
/** `else`, `catch`, `finally`: on a line of their own they sit at the indentation of the `}` before them. */
const FOLLOWS_BLOCK = 8;

const flagsOf = (value: string) =>
  (value === ';' || value === '}' ? FINISHES : 0) |
  (CONTINUATION_STARTS.has(value) ? CONTINUES : 0) |
  (value === 'case' || value === 'default' ? CASE : 0) |
  (value === 'else' || value === 'catch' || value === 'finally' ? FOLLOWS_BLOCK : 0);

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
  const indent = new Int32Array(lineStarts.length);
  for (let l = 0; l < lineStarts.length; l++) {
    let i = lineStarts[l];
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    indent[l] = i - lineStarts[l];
  }
  const m: LayoutModel = {
    tokens,
    role: new Uint8Array(n),
    type: new Uint8Array(n),
    first: new Uint8Array(n),
    last: new Uint8Array(n),
    line: new Int32Array(n),
    lineIndent: new Int32Array(n),
    flags: new Uint8Array(n),
    indent,
  };
  for (let i = 0; i < n; i++) {
    const t = tokens[i];
    if (t.kind === 'punct') {
      if (t.value in OPENERS) {
        m.role[i] = 1;
        m.type[i] = OPENERS[t.value];
      } else if (t.value in CLOSERS) {
        m.role[i] = 2;
        m.type[i] = CLOSERS[t.value];
      }
    }
    m.first[i] = i === 0 || tokens[i - 1].line !== t.line ? 1 : 0;
    m.last[i] = i === n - 1 || tokens[i + 1].line !== lineOfEnd(tokens[i], lineStarts) ? 1 : 0;
    m.line[i] = t.line;
    m.lineIndent[i] = indent[t.line];
    m.flags[i] = t.kind === 'punct' || t.kind === 'name' ? flagsOf(t.value) : 0;
  }
  return m;
}

function lineOfEnd(t: Token, lineStarts: number[]): number {
  // Multi-line tokens (templates, block strings) end on a later line; only the start line matters to us
  // unless the token spans lines, in which case the next token on its end line is not "after" it.
  if (t.kind !== 'tpl' && t.kind !== 'str') return t.line;
  let l = t.line;
  while (l + 1 < lineStarts.length && lineStarts[l + 1] <= t.end - 1) l++;
  return l;
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

/** The open brackets during a scan, as parallel arrays reused across scans (scoring allocates nothing). */
const open = {
  index: new Int32Array(256),
  type: new Int8Array(256),
  line: new Int32Array(256),
  indent: new Int32Array(256),
  last: new Uint8Array(256),
  /** Indentation of the first line that started directly inside (-1: none yet). */
  content: new Int32Array(256),
  /** A `switch` body: statements under `case` sit deeper than the cases, by design. */
  cases: new Uint8Array(256),
  /** Its line ended inside a bracket opened after it (`f(function () {`): its closer may follow that one's. */
  endsOpen: new Uint8Array(256),
};

function ensureDepth(depth: number): void {
  if (depth < open.index.length) return;
  for (const key of Object.keys(open) as (keyof typeof open)[]) {
    const grown = new (open[key].constructor as Int32ArrayConstructor)(open[key].length * 2);
    grown.set(open[key]);
    (open as Record<string, unknown>)[key] = grown;
  }
}

/**
 * The layout cost of the text after one edit; `onViolation` (optional) hears where each rule fails. Rules:
 * a closer that starts a line sits at its opener's indentation; a closer of a line-ending opener follows
 * nothing but closers on its line; an opener with code after it closes on its line unless the line ended
 * inside a bracket opened after it; a line inside a bracket is indented deeper than the opener's line, and,
 * right after a finished statement, no deeper than the first line inside.
 */
export function layoutCost(m: LayoutModel, edit: TokenEdit, onViolation?: ViolationListener): number {
  const W = LAYOUT_WEIGHTS;
  const n = m.tokens.length;
  const ins = edit.type === 'insert' ? insertedToken(m, edit) : undefined;
  const g = edit.type === 'insert' ? edit.gap : -1;
  const d = edit.type === 'delete' ? edit.index : -1;
  const count = ins ? n + 1 : d >= 0 ? n - 1 : n;
  const leads = ins && (ins.placement === 'before-next' || ins.placement === 'line-lead');
  let depth = 0;
  let cost = 0;
  let onlyClosersSoFar = true;
  let prevFinishes = false;
  let topContent = -1;
  let topCases = false;
  let prevIndent = -1;
  // An opener on a line that closed an older bracket (`    b) {` after `if (a &&`) belongs to that
  // bracket's statement, and takes its indentation.
  let lineRef = 0;
  for (let v = 0; v < count; v++) {
    let role: number, type: number, line: number, first: boolean, last: boolean, indent: number, flags: number;
    const i = ins ? (v === g ? -1 : v < g ? v : v - 1) : d >= 0 && v >= d ? v + 1 : v;
    if (i < 0) {
      ({ role, type, line, first, last, indent, flags } = ins!);
    } else {
      role = m.role[i];
      type = m.type[i];
      line = m.line[i];
      first = m.first[i] === 1;
      last = m.last[i] === 1;
      indent = m.lineIndent[i];
      flags = m.flags[i];
      if (ins) {
        if (i === g - 1 && ins.placement === 'after-prev') last = false;
        if (i === g && leads) first = false;
        // The closer leading a line takes the column its line was indented by.
        if (ins.placement === 'line-lead' && line === ins.line) indent = ins.indent;
      } else if (d >= 0) {
        if (i === d + 1 && m.first[d] && line === m.line[d]) first = true;
        if (i === d - 1 && m.last[d] && line === m.line[d]) last = true;
      }
    }
    if (first) {
      lineRef = indent;
      onlyClosersSoFar = true;
      for (let j = depth - 2; j >= 0 && open.line[j] === open.line[depth - 1]; j--) open.endsOpen[j] = 1;
    }
    if (role === 2) {
      if (depth === 0 || open.type[depth - 1] !== type) {
        cost += W.mismatch;
        onViolation?.(v, W.mismatch, depth ? open.index[depth - 1] : -1);
        if (depth) depth--;
      } else {
        const o = --depth;
        if (open.line[o] !== line) lineRef = open.indent[o];
        const w = (first && indent !== open.indent[o] ? W.closerIndent : 0) + (line === open.line[o] ? 0 : !onlyClosersSoFar ? (open.last[o] ? W.closerAfterCode : W.inlineOpenerSplit) : !open.last[o] && !open.endsOpen[o] ? W.inlineOpenerSplit : 0);
        if (w) {
          cost += w;
          onViolation?.(v, w, open.index[o]);
        }
      }
    } else {
      if (first) {
        const inside = depth > 0;
        const o = depth - 1;
        const content = inside ? open.content[o] : topContent;
        const cases = inside ? open.cases[o] === 1 : topCases;
        let w = 0;
        if (inside && indent <= open.indent[o]) w = W.notIndented;
        else if (flags & FOLLOWS_BLOCK && prevFinishes && indent !== prevIndent) w = W.closerIndent;
        else if (content >= 0 && !cases && indent > content && prevFinishes && !(flags & CONTINUES)) w = W.strayIndent;
        if (w) {
          cost += w;
          onViolation?.(v, w, inside ? open.index[o] : -1);
        }
        if (content < 0) {
          if (inside) {
            open.content[o] = indent;
            open.cases[o] = flags & CASE ? 1 : 0;
          } else {
            topContent = indent;
            topCases = (flags & CASE) !== 0;
          }
        }
      }
      onlyClosersSoFar = false;
      if (role === 1) {
        ensureDepth(depth + 1);
        open.index[depth] = v;
        open.type[depth] = type;
        open.line[depth] = line;
        open.indent[depth] = lineRef;
        open.last[depth] = last ? 1 : 0;
        open.content[depth] = -1;
        open.cases[depth] = 0;
        open.endsOpen[depth] = 0;
        depth++;
      }
    }
    prevFinishes = (flags & FINISHES) !== 0;
    prevIndent = indent;
  }
  while (depth > 0) {
    depth--;
    cost += W.mismatch;
    onViolation?.(open.index[depth], W.mismatch, open.index[depth]);
  }
  return cost;
}

/** What the rules see of an inserted token. */
interface Inserted {
  placement: Placement;
  role: number;
  type: number;
  line: number;
  first: boolean;
  last: boolean;
  indent: number;
  flags: number;
}

function insertedToken(m: LayoutModel, edit: Extract<TokenEdit, { type: 'insert' }>): Inserted {
  const g = edit.gap;
  const role = edit.value in OPENERS ? 1 : edit.value in CLOSERS ? 2 : 0;
  const type = role === 1 ? OPENERS[edit.value] : role === 2 ? CLOSERS[edit.value] : 0;
  const hasPrev = g > 0;
  const hasNext = g < m.tokens.length;
  const common = { placement: edit.placement, role, type, flags: flagsOf(edit.value) };
  if (edit.placement === 'own-line' || (!hasPrev && !hasNext)) return { ...common, line: -1, first: true, last: true, indent: edit.indent };
  if (edit.placement === 'line-lead' && hasNext) return { ...common, line: m.line[g], first: true, last: false, indent: edit.indent };
  if (edit.placement === 'after-prev' && hasPrev) return { ...common, line: m.line[g - 1], first: false, last: m.last[g - 1] === 1, indent: m.lineIndent[g - 1] };
  const at = hasNext ? g : g - 1;
  return { ...common, line: m.line[at], first: hasNext ? m.first[g] === 1 : false, last: !hasNext, indent: m.lineIndent[at] };
}
