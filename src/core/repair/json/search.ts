// The repair search: normalise JS-isms, then try the candidate edits, keep those after which the text parses,
// and rank them by what the file itself says (indentation first, then how few and how small the edits are,
// then the file's own spacing). A repair is applied only when it is the clear best; a tie between two
// different meanings is a decline, because a wrong repair costs the user more than a question does.
import type { Fix, Problem } from '../types.js';
import { fallbackRepair } from './fallback.js';
import { errorWindow, layoutCandidates, lostCloserCandidates, nearErrorCandidates, type Candidate } from './candidates.js';
import { applyEdits, originalOffset, rebase, shown, type Edit } from './edits.js';
import { analyse, inferLayout, styleCost, styleOf, violations, type Layout, type StyleTable } from './layout.js';
import { normalizations } from './normalize.js';
import { LineIndex } from './positions.js';
import type { Token } from './scan.js';
import { findSyntaxError, meaning, parses, SyntaxCursor, UNTERMINATED_COMMENT, type SyntaxProblem } from './syntax.js';

/**
 * What the search concluded: a repaired text with its fixes (and a map from its offsets back to the original
 * text's), or a decline with the problem to show.
 */
export type Verdict =
  | { status: 'repaired'; text: string; fixes: Fix[]; toOriginal: (offset: number) => number }
  | { status: 'declined'; error: Problem };

interface Scored {
  edits: Edit[];
  text: string;
  /** What the edits took out of the base text. */
  removed: string;
  cost: number;
  /** Layout violations and style anomalies the edit adds (negative: removes) around itself. */
  layout: number;
  style: number;
  meaning: () => string;
}

/** Deeper than this, a broken file is reported, not searched: nobody can check such a repair by eye. */
const MAX_SEARCH_DEPTH = 1000;

/** Searches for the clear best repair of a text that does not parse. */
export async function searchRepair(text: string, jsonc: boolean, deadline: number): Promise<Verdict> {
  const firstError = findSyntaxError(text, jsonc) ?? { offset: 0, message: 'invalid JSON', open: [] };
  const depth = maxDepth(text);
  if (depth > MAX_SEARCH_DEPTH) {
    return decline(new LineIndex(text), firstError, `nested ${depth} levels deep: too deep to repair automatically, fix it by hand`);
  }
  const original = analyse(text);

  const cut = cutOff(text, original.tokens, firstError, jsonc);
  if (cut) return decline(original.index, firstError, `${cut}: it looks cut off, and its end cannot be guessed; restore it (e.g. from git)`);
  const first = normalizations(text, original.tokens, original.index, jsonc);
  const text1 = first.length ? applyEdits(text, first) : text;
  if (parses(text1, jsonc)) return repaired(text1, original.index, first, []);

  const after = first.length ? analyse(text1) : original;
  const error = findSyntaxError(text1, jsonc);
  if (!error) return decline(original.index, firstError);
  const layout = inferLayout(after.index, after.walk);
  const window = errorWindow(text1, after.index, error.offset);
  const open = error.open.length === 1 ? text1[error.open[0]] : '';
  const lost = open ? lostCloserCandidates(text1, after.tokens, error.offset, open === '{' ? '}' : ']', Math.min(160, Math.max(16, Math.round(2e6 / text1.length)))) : [];
  const candidates = [...layoutCandidates(text1, after.tokens, after.index, layout, error.offset), ...nearErrorCandidates(text1, after.tokens, window), ...lost];
  const precheck = prechecker(text1, jsonc, window.from, error.offset);
  const judge = { jsonc, layout, style: styleOf(after.walk, window), deadline, precheck, base: text1, baseIndex: after.index, openAt: new Map<number, { from: number; open: boolean[] }>() };
  const scored = evaluate(candidates, judge);
  if (scored === 'timeout') return decline(original.index, firstError, 'gave up: the repair search ran out of time');
  const choice = choose(scored);
  if (choice.best) return repaired(choice.best.text, original.index, first, choice.best.edits);
  const fallback = choice.rivals ? undefined : await fallbackRepair(text1, jsonc, lineWindow(after.index, window));
  if (fallback) return repaired(applyEdits(text1, fallback), original.index, first, fallback);
  if (choice.rivals) {
    const [a, b] = choice.rivals.map((r) => describeEdits(rebase(first, r.edits), original.index));
    return decline(original.index, firstError, `two repairs fit equally well, so none was made: ${a}, or ${b}`);
  }
  return decline(original.index, firstError);
}

interface Judge {
  jsonc: boolean;
  layout: Layout | undefined;
  style: StyleTable;
  deadline: number;
  precheck: (c: Candidate) => boolean;
  /** The text the candidates edit, and its lines. */
  base: string;
  baseIndex: LineIndex;
  /** Where scoring starts for a wanted offset, and the containers open there (multi-line or not). */
  openAt: Map<number, { from: number; open: boolean[] }>;
}

function evaluate(candidates: Candidate[], judge: Judge): Scored[] | 'timeout' {
  const out: Scored[] = [];
  for (let i = 0; i < candidates.length; i++) {
    if ((i & 63) === 0 && Date.now() > judge.deadline) return 'timeout';
    const c = candidates[i];
    if (!judge.precheck(c)) continue;
    const t = applyEdits(judge.base, c.edits);
    if (!parses(t, judge.jsonc)) continue;
    let known: string | undefined;
    const local = localScore(judge, c.edits[0], t);
    // Losing (or adding) the final newline is a change of style like any other.
    const style = local.style + (t.endsWith('\n') === judge.base.endsWith('\n') ? 0 : 1);
    const removed = c.edits.map((e) => judge.base.slice(e.at, e.at + e.remove)).join('');
    out.push({ edits: c.edits, text: t, removed, cost: c.cost, layout: local.layout, style, meaning: () => (known ??= meaning(t, judge.jsonc)) });
  }
  return out;
}

/**
 * How much an edit changes layout and style, measured on the few lines around it (before and after the edit):
 * tokens cannot reach across lines, and a change of depth shifts every later line alike, which neighbour-based
 * violations do not count. So scoring costs the same in a 2 MB file as in a 2 KB one.
 */
function localScore(judge: Judge, e: Edit, candidate: string): { layout: number; style: number } {
  const { base, baseIndex: index } = judge;
  const first = Math.max(0, index.lineOf(e.at) - 2);
  const last = Math.min(index.starts.length - 1, index.lineOf(e.at + e.remove) + 2);
  const { from, open } = containersOpenAt(judge, Math.max(index.starts[first], e.at - REGION), e.at);
  const to = Math.min(index.lineEnd(last), e.at + e.remove + REGION);
  const before = regionScore(base.slice(from, to), open, judge);
  const after = regionScore(candidate.slice(from, to + e.insert.length - e.remove), open, judge);
  return { layout: after.layout - before.layout, style: after.style - before.style };
}

function regionScore(slice: string, open: boolean[], judge: Judge): { layout: number; style: number } {
  const a = analyse(slice, open);
  return { layout: violations(a.index, a.walk, judge.layout), style: styleCost(a.walk, judge.style) };
}

/** Longest stretch of a line scored on each side of an edit (a minified file is one long line). */
const REGION = 1000;

/**
 * A token boundary at or after `wanted` (but not past `edit`) where scoring can start, and whether each
 * container open there is multi-line, outermost first; cached across candidates.
 */
function containersOpenAt(judge: Judge, wanted: number, edit: number): { from: number; open: boolean[] } {
  const cached = judge.openAt.get(wanted);
  if (cached && cached.from <= edit) return cached;
  const cursor = new SyntaxCursor(judge.jsonc);
  const r = cursor.advance(judge.base, wanted);
  const at = typeof r === 'string' && cursor.i <= edit ? { from: cursor.i, open: cursor.open } : { from: judge.baseIndex.starts[judge.baseIndex.lineOf(wanted)], open: typeof r === 'string' ? [] : r.open };
  const found = { from: at.from, open: at.open.map((o) => breaksLineAfter(judge.base, o)) };
  judge.openAt.set(wanted, found);
  return found;
}

/** Whether the first token after an opener is on a later line (comments do not count). */
function breaksLineAfter(text: string, opener: number): boolean {
  const next = /\S/g;
  let i = opener + 1;
  for (;;) {
    next.lastIndex = i;
    const m = next.exec(text);
    if (!m) return false;
    if (text.startsWith('//', m.index) || text.startsWith('/*', m.index)) {
      const end = text.startsWith('//', m.index) ? text.indexOf('\n', m.index) : text.indexOf('*/', m.index) + 2;
      if (end <= 1) return false;
      i = end;
      continue;
    }
    return text.slice(opener + 1, m.index).includes('\n');
  }
}

/** How far past the error a candidate must parse before the whole text is tried. */
const PRECHECK_REACH = 300;

/**
 * A cheap first test for single-edit candidates: resume a parser paused before the window on a short slice of
 * the edited text; most candidates fail within a few characters of their edit. Others always pass.
 */
function prechecker(text: string, jsonc: boolean, from: number, errOffset: number): (c: Candidate) => boolean {
  const paused = new SyntaxCursor(jsonc);
  if (paused.advance(text, from) !== 'paused') return () => true;
  const resume = paused.i;
  const end = Math.min(text.length, errOffset + PRECHECK_REACH);
  return (c) => {
    if (c.edits.length !== 1 || c.edits[0].at < resume || c.edits[0].at > end) return true;
    const e = c.edits[0];
    const slice = text.slice(resume, e.at) + e.insert + text.slice(e.at + e.remove, end);
    const cursor = paused.clone();
    cursor.i = 0;
    const r = cursor.advance(slice);
    if (end === text.length) return r === 'valid';
    // An error near the slice's end (a token or block comment cut off) is the slice ending, not the candidate failing.
    return typeof r === 'string' || r.offset >= slice.length - 64 || r.message === UNTERMINATED_COMMENT;
  };
}

/**
 * The best candidate, unless one with another meaning is as good on layout and edit cost, and on style too.
 * Style may choose where a quote goes (`"a": "x"` over `"a":" x"`), never where a closer goes: spacing habits
 * say nothing about which members belong in which container, only the indentation does.
 */
function choose(scored: Scored[]): { best?: Scored; rivals?: [Scored, Scored] } {
  if (!scored.length) return {};
  const ranked = [...scored].sort((a, b) => a.layout - b.layout || a.cost - b.cost || a.style - b.style || diffSize(a.edits) - diffSize(b.edits));
  const best = ranked[0];
  const tied = (s: Scored) => s.style === best.style || closes(s) || closes(best);
  const rival = ranked.find((s) => s.layout === best.layout && s.cost === best.cost && tied(s) && s.meaning() !== best.meaning());
  return rival ? { rivals: [best, rival] } : { best };
}

/** Whether a candidate inserts or removes a closer. */
function closes(s: Scored): boolean {
  return /[}\]]/.test(s.edits.map((e) => e.insert).join('') + s.removed);
}

/** A window widened to whole lines. */
function lineWindow(index: LineIndex, w: { from: number; to: number }): { from: number; to: number } {
  return { from: index.starts[index.lineOf(w.from)], to: index.lineEnd(index.lineOf(w.to)) };
}

/** Characters an edit set adds or removes: between repairs of one meaning, the smaller diff wins. */
function diffSize(edits: Edit[]): number {
  return edits.reduce((n, e) => n + e.insert.length + e.remove, 0);
}

/** The verdict for edits made in two steps: `first` on the original text, `second` on the result of `first`. */
function repaired(text: string, index: LineIndex, first: Edit[], second: Edit[]): Verdict {
  const edits = [...first, ...rebase(first, second)].sort((a, b) => a.at - b.at);
  const fixes = edits.map((e) => ({ ...index.position(e.at), description: e.what }));
  return { status: 'repaired', text, fixes, toOriginal: (offset) => originalOffset(first, originalOffset(second, offset)) };
}

/** The problem to report for a text left as it was: the first syntax error, where the user will look. */
function decline(index: LineIndex, error: SyntaxProblem, suggestion?: string): Verdict {
  return { status: 'declined', error: problemAt(index, error, suggestion ?? handFix(index, error)) };
}

/** What to fix by hand when no repair was clear: the unclosed container the error points into, else the spot itself. */
function handFix(index: LineIndex, error: SyntaxProblem): string {
  const at = index.text[error.offset];
  const openAt = error.open[error.open.length - 1];
  if (openAt !== undefined && (at === '}' || at === ']')) {
    const opener = index.text[openAt];
    const where = index.position(openAt);
    if ((opener === '[') !== (at === ']')) return `close the '${opener}' of ${where.line}:${where.column} with '${opener === '[' ? ']' : '}'}' before this '${at}', or remove this '${at}'`;
  }
  const last = openAt === undefined ? undefined : index.position(openAt);
  const inside = last ? ` (inside the '${index.text[openAt!]}' of ${last.line}:${last.column})` : '';
  return `look just before this spot${inside}: a missing or extra ',' ':' '"' or bracket is the usual cause; fix it by hand`;
}

/** A syntax problem as the user sees it: line, column, message, and where the unclosed container began. */
export function problemAt(index: LineIndex, error: SyntaxProblem, suggestion?: string): Problem {
  const opened = error.offset >= index.text.length && error.open.length ? ` (the '${index.text[error.open[error.open.length - 1]]}' of line ${index.position(error.open[error.open.length - 1]).line} is still open)` : '';
  return { ...index.position(error.offset), message: error.message + opened, ...(suggestion ? { suggestion } : {}) };
}

/**
 * Why a text looks cut off rather than mistyped, or undefined: one lost closer at the end is a typo, but a file
 * that ends after a ',' or ':', with two or more containers open, or right after its first bracket has lost
 * content with its end, and closing it would commit the loss.
 */
function cutOff(text: string, tokens: Token[], error: SyntaxProblem, jsonc: boolean): string | undefined {
  const significant = tokens.filter((t) => t.kind !== 'comment');
  const last = significant[significant.length - 1];
  if (significant.length === 1 && (last.kind === '{' || last.kind === '[')) return `the file has nothing after its opening ${shown(last.kind)}`;
  if (error.offset < text.length || !last) return undefined;
  if (error.open.length >= 2) return `the file ends with ${error.open.length} containers still open`;
  if (last.kind === ':' || (last.kind === ',' && !(jsonc && trailingCommaStyle(significant)))) return `the file ends with ${shown(last.kind)}`;
  return undefined;
}

/** Whether a JSONC file puts a ',' after the last member of its containers (then a ',' at the end is no sign of loss). */
function trailingCommaStyle(significant: Token[]): boolean {
  return significant.some((t, k) => t.kind === ',' && (significant[k + 1]?.kind === '}' || significant[k + 1]?.kind === ']'));
}

/** Edits as the user reads them: what, and where in the original text. */
function describeEdits(edits: Edit[], index: LineIndex): string {
  return edits.map((e) => `${e.what} at line ${index.position(e.at).line} column ${index.position(e.at).column}`).join(' and ');
}

/** The deepest nesting of brackets outside strings, in one tight pass (no tokens are made). */
function maxDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34 || c === 10) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if ((c === 125 || c === 93) && depth > 0) depth--;
  }
  return max;
}
