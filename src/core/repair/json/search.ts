// The repair search: normalise JS-isms, then try the candidate edits, keep those after which the text parses,
// and rank them by what the file itself says (indentation first, then how few and how small the edits are,
// then the file's own spacing). A repair is applied only when it is the clear best; a tie between two
// different meanings is a decline, because a wrong repair costs the user more than a question does.
import type { Fix, Problem } from '../types.js';
import { layoutCandidates, nearErrorCandidates, type Candidate } from './candidates.js';
import { applyEdits, originalOffset, rebase, type Edit } from './edits.js';
import { analyse, inferLayout, styleCost, styleOf, violations, type Layout, type StyleTable } from './layout.js';
import { normalizations } from './normalize.js';
import type { LineIndex } from './positions.js';
import { findSyntaxError, meaning, parses, type SyntaxProblem } from './syntax.js';

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
  cost: number;
  layout: number;
  style: number;
  meaning: string;
}

/** Deeper than this, a broken file is reported, not searched (the layout walk and jsonrepair recurse on it). */
export const MAX_SEARCH_DEPTH = 1000;

/** Searches for the clear best repair of a text that does not parse. */
export function searchRepair(text: string, jsonc: boolean, deadline: number): Verdict {
  const original = analyse(text);
  const firstError = findSyntaxError(text, jsonc) ?? { offset: 0, message: 'invalid JSON', open: [] };
  const depth = maxDepth(original.tokens.map((t) => t.kind));
  if (depth > MAX_SEARCH_DEPTH) {
    return decline(original.index, firstError, `nested ${depth} levels deep: too deep to repair automatically, fix it by hand`);
  }

  const first = normalizations(text, original.tokens, original.index, jsonc);
  const text1 = first.length ? applyEdits(text, first) : text;
  if (parses(text1, jsonc)) return repaired(text1, original.index, first, []);

  const after = first.length ? analyse(text1) : original;
  const error = findSyntaxError(text1, jsonc);
  if (!error) return decline(original.index, firstError);
  const layout = inferLayout(after.index, after.walk);
  const candidates = [
    ...layoutCandidates(text1, after.tokens, after.index, layout, error.offset),
    ...nearErrorCandidates(text1, after.index, error.offset),
  ];
  const scored = evaluate(text1, candidates, jsonc, layout, styleOf(after.walk), deadline);
  if (scored === 'timeout') return decline(original.index, firstError, 'gave up: the repair search ran out of time');
  const choice = choose(scored);
  if (choice.best) return repaired(choice.best.text, original.index, first, choice.best.edits);
  if (choice.rivals) {
    const [a, b] = choice.rivals.map((r) => describeEdits(rebase(first, r.edits), original.index));
    return decline(original.index, firstError, `two repairs fit equally well, so none was made: ${a}, or ${b}`);
  }
  return decline(original.index, firstError, hint(text1, error));
}

function evaluate(text: string, candidates: Candidate[], jsonc: boolean, layout: Layout | undefined, style: StyleTable, deadline: number): Scored[] | 'timeout' {
  const seen = new Set<string>();
  const out: Scored[] = [];
  for (let i = 0; i < candidates.length; i++) {
    if ((i & 31) === 0 && Date.now() > deadline) return 'timeout';
    const c = candidates[i];
    const t = applyEdits(text, c.edits);
    if (seen.has(t)) continue;
    seen.add(t);
    if (!parses(t, jsonc)) continue;
    const a = analyse(t);
    out.push({ edits: c.edits, text: t, cost: c.cost, layout: violations(a.index, a.walk, layout), style: styleCost(a.walk, style), meaning: meaning(t, jsonc) });
  }
  return out;
}

/** The best candidate, unless one with another meaning is as good on layout, edit cost and style. */
function choose(scored: Scored[]): { best?: Scored; rivals?: [Scored, Scored] } {
  if (!scored.length) return {};
  const ranked = [...scored].sort((a, b) => a.layout - b.layout || a.cost - b.cost || a.style - b.style);
  const best = ranked[0];
  const rival = ranked.find((s) => s.meaning !== best.meaning);
  if (rival && rival.layout === best.layout && rival.cost === best.cost && rival.style === best.style) return { rivals: [best, rival] };
  return { best };
}

/** The verdict for edits made in two steps: `first` on the original text, `second` on the result of `first`. */
function repaired(text: string, index: LineIndex, first: Edit[], second: Edit[]): Verdict {
  const edits = [...first, ...rebase(first, second)].sort((a, b) => a.at - b.at);
  const fixes = edits.map((e) => ({ ...index.position(e.at), description: e.what }));
  return { status: 'repaired', text, fixes, toOriginal: (offset) => originalOffset(first, originalOffset(second, offset)) };
}

/** The problem to report for a text left as it was: the first syntax error, where the user will look. */
export function decline(index: LineIndex, error: SyntaxProblem, suggestion?: string): Verdict {
  return { status: 'declined', error: problemAt(index, error, suggestion) };
}

/** A syntax problem as the user sees it: line, column, message, and where the unclosed container began. */
export function problemAt(index: LineIndex, error: SyntaxProblem, suggestion?: string): Problem {
  const opened = error.offset >= index.text.length && error.open.length ? ` (the '${index.text[error.open[error.open.length - 1]]}' of line ${index.position(error.open[error.open.length - 1]).line} is still open)` : '';
  return { ...index.position(error.offset), message: error.message + opened, ...(suggestion ? { suggestion } : {}) };
}

/** What to tell the user when no repair fits. */
function hint(text: string, error: SyntaxProblem): string | undefined {
  if (error.offset < text.length || error.open.length < 2) return undefined;
  return `the file ends with ${error.open.length} containers still open: it looks cut off, so its end cannot be guessed; restore it (e.g. from git)`;
}

function describeEdits(edits: Edit[], index: LineIndex): string {
  return edits.map((e) => `${e.what} at line ${index.position(e.at).line} column ${index.position(e.at).column}`).join(' and ');
}

/** The deepest nesting of a token list, counted without recursion. */
function maxDepth(kinds: string[]): number {
  let depth = 0;
  let max = 0;
  for (const k of kinds) {
    if (k === '{' || k === '[') max = Math.max(max, ++depth);
    else if ((k === '}' || k === ']') && depth > 0) depth--;
  }
  return max;
}
