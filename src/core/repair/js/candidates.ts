// Candidate token edits for a file that does not parse: insert or delete one bracket, or insert one
// `,` `;` `:`, near the parser's error or where the layout says a bracket is missing or extra. Each gets a
// prior cost from bracket balance, layout and distance; the parser then judges the cheapest.
import { firstTokenAtOrAfter, type Token } from './lexer.js';
import type { NameUsage } from './oddity.js';
import { layoutCost, layoutViolations, type LayoutModel, type Placement, type TokenEdit, type Violation } from './layout.js';

/** One repair to try: replace `remove` characters at `offset` with `insert`. */
export interface Candidate {
  /** Identifies the program the edit produces: two edits with the same key give the same tokens. */
  key: string;
  offset: number;
  remove: number;
  insert: string;
  /** Prior cost: lower is more likely. Parsing can only add to it. */
  cost: number;
  /** What the edit does, for fixes and suggestions ("inserted ')'"). */
  action: string;
}

/** What the candidate generators know about the broken text. */
export interface SearchInput {
  text: string;
  tokens: Token[];
  model: LayoutModel;
  /** Index of the first token at or after the parser's error. */
  errorToken: number;
  /** Layout cost of the text as it is. */
  baseCost: number;
  /** The lexer saw an unterminated string: bracket counts are unreliable. */
  quoteTrouble: boolean;
  usage: NameUsage;
  /** Epoch ms after which no more candidates are scored. */
  deadline: number;
}

const OPENER = ['(', '[', '{'];
const CLOSER = [')', ']', '}'];
const PUNCT = [',', ';', ':'];
const NEAR_BRACKET = 10;
const NEAR_PUNCT = 3;
/** The parser can stop a little before the fault when it backtracks (TypeScript type arguments). */
const NEAR_AFTER = 4;
const MAX_SITES = 16;
const MAX_OPEN_LINES = 8;
/** More lines of bare indentation than this, and they are the file's habit, not a trace of an edit. */
const MAX_BLANK_SLOTS = 3;
const HUGE_TOKENS = 100_000;
const TWIN_RANGE = 400;
const MAX_PAREN_TWINS = 6;
const SLOT_BONUS = 0.5;
const LOPSIDED = 1;
const MAX_DISTANCE_COST = 0.8;
const CLOSER_AFTER_COMMA = 1.5;
const FOLLOWS_CLOSER = [...CLOSER, ';', ','];
const LEADS_AFTER_CLOSER = new Set(['else', 'catch', 'finally', 'while']);
/** Splitting a name seen once into two names seen elsewhere beats leaving an unknown name. */
const SPLIT_BONUS = 2.5;

/** Bracket and punctuation edits worth trying, with prior costs. */
export function bracketCandidates(input: SearchInput): Candidate[] {
  const { tokens, errorToken: k, quoteTrouble } = input;
  const n = tokens.length;
  const delta = bracketBalance(input.model);
  const balanced = delta.every((d) => d === 0);
  const out: Candidate[] = [];
  // Scoring a gap scans the whole file: in a huge one, stay near the parser's error.
  const siteGaps = n > HUGE_TOKENS ? [] : [...layoutSiteGaps(input), ...blankSlotGaps(input)];
  const innermost = innermostOpen(input.model);

  const near = range(k - NEAR_BRACKET, k + NEAR_AFTER, n);
  for (let type = 0; type < 3; type++) {
    if (delta[type] > 0 || quoteTrouble) {
      const gaps = new Set([...near, ...siteGaps, ...openerLineGaps(input, type)]);
      // A closer can only close the innermost open bracket: anything else is a mismatch on the spot.
      for (const g of gaps) {
        const opener = innermost[g];
        if (quoteTrouble || (opener >= 0 && input.model.type[opener] === type)) out.push(...insertions(input, g, CLOSER[type], delta[type] > 0 ? 0 : 2, opener));
      }
    }
    if (delta[type] < 0 || quoteTrouble) {
      const gaps = new Set([...near, ...siteGaps]);
      for (const g of closerLineGaps(input, type)) out.push(...insertions(input, g, OPENER[type], delta[type] < 0 ? 0.5 : 2.5));
      for (const g of gaps) out.push(...insertions(input, g, OPENER[type], delta[type] < 0 ? 0.5 : 2.5));
      for (const d of new Set([...gaps, ...twins(tokens, CLOSER[type], k)])) {
        if (d < n && tokens[d].kind === 'punct' && tokens[d].value === CLOSER[type]) out.push(...deletion(input, d, delta[type] < 0 ? 0 : 2));
      }
    }
  }
  for (const g of range(k - NEAR_PUNCT, k + 1, n)) {
    for (const p of PUNCT) out.push(...insertions(input, g, p, balanced ? 0.5 : 3));
  }
  const splitting = [...PUNCT.filter(() => balanced), ...OPENER.filter((_, type) => delta[type] < 0), ...CLOSER.filter((_, type) => delta[type] > 0)];
  out.push(...splitCandidates(input, splitting));
  return out;
}

/**
 * An opener with code after it usually has its closer on its own line: for the openers still open at the
 * error, every gap on the rest of their line. So too for an opener that only looks closed because a later
 * closer, leading a line at another indentation, was counted against it (`(value => {` … `  )`).
 */
function openerLineGaps(input: SearchInput, type: number): number[] {
  const { tokens, model, errorToken: k } = input;
  const stack: number[] = [];
  const miscounted: number[] = [];
  for (let i = 0; i < k && i < tokens.length; i++) {
    if (model.role[i] === 1) stack.push(i);
    else if (model.role[i] === 2) {
      const o = stack.pop();
      if (o !== undefined && model.first[i] && model.lineIndent[i] !== model.lineIndent[o] && model.line[i] !== model.line[o]) miscounted.push(o);
    }
  }
  const gaps: number[] = [];
  for (const o of [...stack.slice(-MAX_OPEN_LINES), ...miscounted.slice(-MAX_OPEN_LINES)]) {
    if (model.type[o] !== type || model.last[o]) continue;
    for (let g = o + 1; g <= k && g < tokens.length && tokens[g - 1].line === tokens[o].line; g++) gaps.push(g);
  }
  return gaps;
}

/**
 * A closer with nothing to close lost its opener on its own line, most likely: every gap before it there. When
 * it directly follows another closer (`]);` ending `new Set([` ... `])`), the lost opener may also be the one
 * right before that closer's opener, lines above (`new Set[` ... `]);`).
 */
function closerLineGaps(input: SearchInput, type: number): number[] {
  const { tokens, model, errorToken: k } = input;
  const stack: number[] = [];
  const openerOf = new Map<number, number>();
  for (let i = 0; i < tokens.length && i <= k + NEAR_AFTER; i++) {
    if (model.role[i] === 1) stack.push(i);
    else if (model.role[i] === 2) {
      const o = stack.pop();
      if (o !== undefined && model.type[o] === model.type[i]) {
        openerOf.set(i, o);
        continue;
      }
      if (model.type[i] !== type) return [];
      const gaps: number[] = [];
      for (let g = i; g >= 0 && (g === i || tokens[g].line === tokens[i].line); g--) gaps.push(g);
      const wrapped = openerOf.get(i - 1);
      if (wrapped !== undefined && tokens[i - 1].end === tokens[i].start) gaps.push(wrapped);
      return gaps;
    }
  }
  return [];
}

/** Closers written twice (`}}`): the usual way to get one too many. */
function twins(tokens: Token[], value: string, k: number): number[] {
  const out: number[] = [];
  for (let i = Math.max(1, k - TWIN_RANGE); i <= k && i < tokens.length; i++) {
    if (tokens[i].value === value && tokens[i - 1].value === value && tokens[i - 1].end === tokens[i].start && tokens[i].kind === 'punct') out.push(i);
  }
  return value === ')' ? out.slice(-MAX_PAREN_TWINS) : out;
}

const KEYWORDS = new Set([
  'function', 'return', 'typeof', 'new', 'if', 'while', 'for', 'switch', 'catch', 'await', 'async', 'yield', 'class', 'const',
  'let', 'var', 'import', 'export', 'throw', 'void', 'delete', 'in', 'of', 'instanceof', 'this', 'super', 'extends', 'case',
]);

/** Names every JavaScript file may call without declaring them: they split a glued name as well as the file's own. */
const GLOBALS = new Set([
  'Array', 'Boolean', 'Date', 'Error', 'JSON', 'Map', 'Math', 'Number', 'Object', 'Promise', 'Reflect', 'RegExp', 'Set', 'String',
  'Symbol', 'TypeError', 'WeakMap', 'WeakSet', 'console', 'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent',
  'escape', 'unescape', 'isFinite', 'isNaN', 'parseFloat', 'parseInt', 'require', 'setTimeout', 'clearTimeout', 'setInterval',
  'clearInterval', 'structuredClone', 'queueMicrotask', 'Buffer', 'process', 'globalThis', 'undefined',
]);

/**
 * A deleted token between two names glues them into one (`fooa` from `foo(a`). When a name occurs only
 * once in the file but splits into two names the file does use, try the token at the seam. A name being
 * declared may split into a new name and a known one, but not at a short prefix (`.un(subscribe`).
 */
function splitCandidates(input: SearchInput, values: string[]): Candidate[] {
  const { tokens, errorToken: k, usage } = input;
  const out: Candidate[] = [];
  const errorLine = tokens[Math.min(k, tokens.length - 1)]?.line ?? 0;
  let from = Math.max(0, k - NEAR_BRACKET - 5);
  while (from > 0 && tokens[from - 1].line >= errorLine - 1) from--;
  for (let i = from; i < tokens.length && (i <= k || tokens[i].line <= errorLine); i++) {
    const t = tokens[i];
    if (t.kind !== 'name' || (usage.get(t.value)?.uses ?? 0) > 1) continue;
    // A function or method being named may well be named only here.
    const named = ['function', '.', 'new'].includes(tokens[i - 1]?.value ?? '');
    for (let cut = 1; cut < t.value.length; cut++) {
      const head = t.value.slice(0, cut);
      const tail = t.value.slice(cut);
      const tailFits = usage.has(tail) || GLOBALS.has(tail) || /^\d+$/.test(tail) || tokens[i + 1]?.kind === 'tpl';
      const headKnown = usage.has(head) || KEYWORDS.has(head) || GLOBALS.has(head);
      if (!(headKnown || (named && head.length >= 3 && tail.length >= 3 && usage.has(tail))) || !tailFits) continue;
      for (const value of values) {
        const bonus = headKnown ? SPLIT_BONUS : SPLIT_BONUS - 1;
        const cost = layoutCost(input.model, { type: 'insert', gap: i + 1, value, placement: 'after-prev', indent: 0 }) - input.baseCost - bonus + distanceCost(i, k);
        out.push({ key: `+${value}@${i}/${cut}`, offset: t.start + cut, remove: 0, insert: value, cost, action: `insert '${value}'` });
      }
    }
  }
  return out;
}

function range(from: number, to: number, n: number): number[] {
  const out: number[] = [];
  for (let i = Math.max(0, from); i <= Math.min(n, to); i++) out.push(i);
  return out;
}

/** For each gap, the innermost bracket open there (its token index, -1: none), reading brackets in order. */
function innermostOpen(m: LayoutModel): Int32Array {
  const n = m.role.length;
  const out = new Int32Array(n + 1);
  const stack: number[] = [];
  for (let i = 0; i <= n; i++) {
    out[i] = stack.length ? stack[stack.length - 1] : -1;
    if (i === n) break;
    if (m.role[i] === 1) stack.push(i);
    else if (m.role[i] === 2) stack.pop();
  }
  return out;
}

/** Openers minus closers per bracket type, `()` `[]` `{}`. */
function bracketBalance(m: LayoutModel): number[] {
  const delta = [0, 0, 0];
  for (let i = 0; i < m.role.length; i++) {
    if (m.role[i] === 1) delta[m.type[i]]++;
    else if (m.role[i] === 2) delta[m.type[i]]--;
  }
  return delta;
}

/** Parsers stop soon after most slips, but a missing closer can be anywhere before: the pull fades. */
const distanceCost = (g: number, k: number) => Math.min(MAX_DISTANCE_COST, 0.2 * Math.log2(1 + Math.abs(k - g))) + (g > k ? 1 : 0);

/** Inserting `value` at gap `g` (before token g), in each placement that makes sense there. */
function insertions(input: SearchInput, g: number, value: string, prior: number, opener = -1): Candidate[] {
  if (Date.now() > input.deadline) return [];
  const { tokens, model, text } = input;
  const prev = tokens[g - 1];
  const next = tokens[g];
  // The end of the file counts as a line of its own.
  const multiLine = !!prev && (!next || prev.line !== next.line);
  const placements: Placement[] = !prev ? ['before-next'] : !multiLine ? ['after-prev'] : CLOSER.includes(value) ? ['before-next', 'own-line', 'after-prev', 'line-lead'] : ['after-prev', 'before-next'];
  const nextIndent = next ? model.indent[next.line] : 0;
  // A closer on a line of its own goes at its opener's indentation.
  const ownIndent = opener >= 0 ? model.lineIndent[opener] : nextIndent;
  const ownIndentText = opener >= 0 ? leadingWhitespace(text, tokens[opener].start) : next ? leadingWhitespace(text, next.start) : '';
  // `} else {` that lost its `}` keeps the space after it: the closer leads the line, one column left.
  const leads = !!next && LEADS_AFTER_CLOSER.has(next.value) && text[next.start - 1] === ' ' && model.first[g] === 1;
  const key = `+${value}@${canonicalGap(tokens, g, value)}`;
  let best: Candidate | undefined;
  for (const placement of placements) {
    // `});` `};` `},`: a closer leads a line only before what follows closers.
    if (placement === 'before-next' && multiLine && CLOSER.includes(value) && !(next?.kind === 'punct' && FOLLOWS_CLOSER.includes(next.value))) continue;
    if (placement === 'line-lead' && !leads) continue;
    const edit: TokenEdit = { type: 'insert', gap: g, value, placement, indent: placement === 'line-lead' ? nextIndent - 1 : placement === 'own-line' ? ownIndent : nextIndent };
    const { slot, ...placed } = placedText(text, prev, next, value, placement, ownIndentText);
    // A line holding only indentation where the layout wants a closer is where one was deleted.
    // `f(a,)`: a closer right after a comma on the same line is rarely what was meant.
    // On a line of its own it is the trailing-comma style, but only for an opener that ends its line.
    const trailingStyle = placement === 'own-line' && opener >= 0 && model.last[opener] === 1;
    const afterComma = CLOSER.includes(value) && prev?.value === ',' && !trailingStyle && (placement !== 'before-next' || !multiLine) ? CLOSER_AFTER_COMMA : 0;
    const cost = layoutCost(model, edit) - input.baseCost + prior + distanceCost(g, input.errorToken) - (slot ? SLOT_BONUS : 0) + afterComma + lopsided(text, placed, value);
    if (!best || cost < best.cost) best = { key, cost, action: `insert '${value}'`, ...placed };
  }
  return best ? [best] : [];
}

/** `{a }`: a brace glued to its first word on a line whose braces are spaced (` }`) is not how it was written. */
function lopsided(text: string, placed: { offset: number; remove: number }, value: string): number {
  if (value !== '{' || !/^[\w$]/.test(text[placed.offset + placed.remove] ?? '')) return 0;
  const lineEnd = text.indexOf('\n', placed.offset);
  return / \}/.test(text.slice(placed.offset, lineEnd < 0 ? text.length : lineEnd)) ? LOPSIDED : 0;
}

/** Inserting before or after a run of the same token gives the same program: name the gap after the run. */
function canonicalGap(tokens: Token[], g: number, value: string): number {
  while (g < tokens.length && tokens[g].kind === 'punct' && tokens[g].value === value) g++;
  return g;
}

/** Where the inserted text goes; `slot` when it fills a line that held only indentation. */
interface Placed {
  offset: number;
  remove: number;
  insert: string;
  slot?: boolean;
}

function placedText(text: string, prev: Token | undefined, next: Token | undefined, value: string, placement: Placement, indent: string): Placed {
  if (placement === 'before-next' || !prev) return { offset: next ? next.start : text.length, remove: 0, insert: value };
  if (placement === 'line-lead') return { offset: next!.start - 1, remove: 0, insert: value };
  if (placement === 'after-prev') return inlineText(text, prev, next, value);
  const gapEnd = next ? next.start : text.length;
  // A line left holding only spaces is an empty slot: put the bracket there.
  const gapText = text.slice(prev.end, gapEnd);
  const slot = /\n([ \t]+)\n/.exec(gapText);
  if (slot) return { offset: prev.end + slot.index + 1, remove: slot[1].length, insert: indent + value, slot: true };
  return { offset: prev.end, remove: 0, insert: `\n${indent}${value}` };
}

/**
 * Inside a line an opener hugs the next token and a closer the previous one; a double space is where a
 * token went missing, so the token goes in its middle (and the layout counts that as a hint).
 */
function inlineText(text: string, prev: Token, next: Token | undefined, value: string): Placed {
  const sameLine = !!next && next.line === prev.line;
  const gap = sameLine ? text.slice(prev.end, next.start) : '';
  if (/^ {2,}$/.test(gap)) return { offset: prev.end + 1, remove: 0, insert: value, slot: true };
  if (sameLine && gap && OPENER.includes(value)) return { offset: next.start, remove: 0, insert: value };
  // Space left at the end of a line is where a token was taken from (linted code keeps none): a slot.
  const trailing = !sameLine && /^[ \t]+\r?\n/.test(text.slice(prev.end, prev.end + 8));
  // A block opened at the end of a line: `) {`, keeping one space before it.
  if (!sameLine && value === '{') return text[prev.end] === ' ' ? { offset: prev.end + 1, remove: 0, insert: value, slot: trailing } : { offset: prev.end, remove: 0, insert: ' {' };
  return { offset: prev.end, remove: 0, insert: value, slot: trailing };
}

function leadingWhitespace(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/** Deleting token d; deleting either of two adjacent twins is one program, and the later one goes. */
function deletion(input: SearchInput, d: number, prior: number): Candidate[] {
  if (Date.now() > input.deadline) return [];
  const { tokens, text } = input;
  const t = tokens[d];
  let last = d;
  while (last + 1 < tokens.length && tokens[last + 1].value === t.value && tokens[last + 1].start === tokens[last].end) last++;
  let first = d;
  while (first > 0 && tokens[first - 1].value === t.value && tokens[first - 1].end === tokens[first].start) first--;
  const twin = last > first;
  const gone = tokens[last];
  const leavesDoubleSpace = text[gone.start - 1] === ' ' && text[gone.end] === ' ';
  const cost = layoutCost(input.model, { type: 'delete', index: last }) - input.baseCost + prior + (twin ? 0 : 1.5) + distanceCost(d, input.errorToken) + (leavesDoubleSpace ? SLOT_BONUS : 0);
  return [{ key: `-@${last}`, cost, action: `delete '${t.value}'`, ...removedText(text, tokens[last]) }];
}

/** Removes a token, and its whole line when nothing else is on it. */
function removedText(text: string, t: Token): { offset: number; remove: number; insert: string } {
  const lineStart = text.lastIndexOf('\n', t.start - 1) + 1;
  let lineEnd = text.indexOf('\n', t.end);
  if (lineEnd < 0) lineEnd = text.length;
  if (/^[ \t]*$/.test(text.slice(lineStart, t.start)) && /^[ \t]*$/.test(text.slice(t.end, lineEnd)) && lineEnd < text.length) {
    return { offset: lineStart, remove: lineEnd + 1 - lineStart, insert: '' };
  }
  return { offset: t.start, remove: t.end - t.start, insert: '' };
}

/** Gaps the layout points at: around the lines where indentation and brackets disagree. */
/**
 * A line holding only indentation is where a token was taken from, if the file has next to none of them
 * (tidy code keeps no trailing spaces): the gap at each such line, however far from the parser's error.
 */
function blankSlotGaps(input: SearchInput): number[] {
  const { text, tokens } = input;
  const slots = [...text.matchAll(/\n[ \t]+(?=\r?\n)/g)];
  if (slots.length > MAX_BLANK_SLOTS) return [];
  return slots.map((m) => firstTokenAtOrAfter(tokens, m.index + m[0].length)).filter((g) => g > 0);
}

function layoutSiteGaps(input: SearchInput): number[] {
  const { tokens } = input;
  const gaps = new Set<number>();
  for (const s of pickSites(input)) {
    gaps.add(s.index);
    gaps.add(s.index + 1);
    let lineStart = lineStartToken(tokens, s.index);
    gaps.add(lineStart);
    for (let back = 0; back < 3 && lineStart > 0; back++) {
      lineStart = lineStartToken(tokens, lineStart - 1);
      gaps.add(lineStart);
    }
    const openerLineEnd = lineEndAfter(tokens, s.opener);
    for (const g of [openingLineEnd(input, s.index), closingLineStart(input, s.index), openerLineEnd, openerLineEnd - 1]) if (g > 0) gaps.add(g);
  }
  return [...gaps];
}

/**
 * The violations worth a look: a fault shows as the first of a run of violations (the code before it is
 * fine), so take where each run starts, and the ones nearest the parser's error.
 */
function pickSites(input: SearchInput): Violation[] {
  const { tokens, errorToken: k } = input;
  const all = layoutViolations(input.model).filter((s) => s.index < tokens.length);
  all.sort((a, b) => a.index - b.index);
  // The fault comes before the parser's error: runs that start after it are its echoes.
  const runStarts = all.filter((s, i) => (i === 0 || tokens[s.index].line - tokens[all[i - 1].index].line > 3) && s.index <= k + NEAR_AFTER);
  const nearest = [...all].sort((a, b) => Math.abs(a.index - k) - Math.abs(b.index - k)).slice(0, MAX_SITES / 2);
  return [...new Set([...runStarts.slice(-MAX_SITES), ...nearest])];
}

/** The gap after the last token on a token's line. */
function lineEndAfter(tokens: Token[], i: number): number {
  if (i < 0) return -1;
  while (i + 1 < tokens.length && tokens[i + 1].line === tokens[i].line) i++;
  return i + 1;
}

function lineStartToken(tokens: Token[], i: number): number {
  while (i > 0 && tokens[i - 1].line === tokens[i].line) i--;
  return i;
}

/** For a closer that starts a line: the gap after the nearest earlier line at the same indentation. */
function openingLineEnd(input: SearchInput, s: number): number {
  const { tokens, model } = input;
  if (model.role[s] !== 2 || !model.first[s]) return -1;
  const indent = model.indent[tokens[s].line];
  for (let i = s - 1; i >= 0 && s - i < 5000; i--) {
    if (model.first[i] && model.indent[tokens[i].line] === indent) {
      let end = i;
      while (end + 1 < s && tokens[end + 1].line === tokens[i].line) end++;
      return end + 1;
    }
  }
  return -1;
}

/** For an opener that ends its line: the gap before the first later line that is not indented deeper. */
function closingLineStart(input: SearchInput, s: number): number {
  const { tokens, model } = input;
  if (model.role[s] !== 1 || !model.last[s]) return -1;
  const indent = model.indent[tokens[s].line];
  for (let i = s + 1; i < tokens.length; i++) {
    if (model.first[i] && model.indent[tokens[i].line] <= indent) return i;
  }
  return tokens.length;
}
