// The repair search: gather candidate edits, let the parser judge the cheapest ones, and apply the best
// only when no other program is nearly as good. A wrong repair costs more than a declined one.
import { bracketCandidates, type Candidate } from './candidates.js';
import { lex, lineOf, lineStartsOf } from './lexer.js';
import { layoutCost, layoutModel } from './layout.js';
import { oddityCost } from './oddity.js';
import { tryParse, type Dialect, type ParseFailure } from './parse.js';
import { quoteCandidates } from './quotes.js';

/** How much better the best program must be than any other before it is applied. */
export const DECISION_MARGIN = 1.2;
/** A repair that costs more than this is a guess, not a repair. */
const MAX_COST = 6;
const MAX_PARSES = 60;
const ODDITY_PAD = 200;

/** A repair the search settled on, or why it did not. */
export type SearchOutcome =
  | { kind: 'repaired'; text: string; program: unknown; offset: number; action: string }
  | { kind: 'declined'; suggestions: { offset: number; action: string }[] }
  | { kind: 'gave-up' };

interface Judged {
  candidate: Candidate;
  text: string;
  cost: number;
  ast: unknown;
}

/** Searches one-token repairs for a text that fails to parse at `failure`. */
export function searchRepair(text: string, dialect: Dialect, failure: ParseFailure, deadline: number): SearchOutcome {
  const lexed = lex(text);
  const model = layoutModel(text, lexed);
  const tokens = lexed.tokens;
  const errorToken = firstTokenAtOrAfter(tokens.map((t) => t.start), failure.pos);
  const quoteTrouble = tokens.some((t) => t.unterminated);
  const input = { text, tokens, model, errorToken, baseCost: layoutCost(model, { type: 'none' }), quoteTrouble };
  const candidates = dedupe([...bracketCandidates(input), ...quoteCandidates(text, tokens, lexed.lineStarts)]);
  candidates.sort((a, b) => a.cost - b.cost);
  if (Date.now() > deadline) return { kind: 'gave-up' };

  const region = oddityRegion(candidates.slice(0, MAX_PARSES), failure.pos);
  const judged: Judged[] = [];
  let parses = 0;
  for (const c of candidates) {
    const best = judged[0];
    if (best && c.cost > best.cost + DECISION_MARGIN) break;
    if (parses >= MAX_PARSES) break;
    if (Date.now() > deadline) return { kind: 'gave-up' };
    parses++;
    const fixed = applyCandidate(text, c);
    const r = tryParse(fixed, dialect);
    if (!r.ok) continue;
    const cost = c.cost + oddityCost(r.ast.program, fixed, region[0], region[1] + c.insert.length);
    judged.push({ candidate: c, text: fixed, cost, ast: r.ast.program });
    judged.sort((a, b) => a.cost - b.cost);
  }
  if (tracing()) trace(text, failure, candidates, judged);
  return decide(judged);
}

function decide(judged: Judged[]): SearchOutcome {
  const [best, ...others] = judged;
  if (!best) return { kind: 'declined', suggestions: [] };
  const rival = others.find((o) => o.cost < best.cost + DECISION_MARGIN);
  const suggestion = (j: Judged) => ({ offset: j.candidate.offset, action: j.candidate.action });
  if (rival || best.cost > MAX_COST) return { kind: 'declined', suggestions: rival ? [suggestion(best), suggestion(rival)] : [suggestion(best)] };
  return { kind: 'repaired', text: best.text, program: best.ast, offset: best.candidate.offset, action: best.candidate.action };
}

/** Applies a candidate's text edit. */
export function applyCandidate(text: string, c: Candidate): string {
  return text.slice(0, c.offset) + c.insert + text.slice(c.offset + c.remove);
}

function dedupe(candidates: Candidate[]): Candidate[] {
  const byKey = new Map<string, Candidate>();
  for (const c of candidates) {
    const seen = byKey.get(c.key);
    if (!seen || c.cost < seen.cost) byKey.set(c.key, c);
  }
  return [...byKey.values()];
}

/** The stretch of text every candidate's oddities are counted over, so they are compared on equal ground. */
function oddityRegion(candidates: Candidate[], errorPos: number): [number, number] {
  let from = errorPos;
  let to = errorPos;
  for (const c of candidates) {
    from = Math.min(from, c.offset);
    to = Math.max(to, c.offset + c.remove);
  }
  return [Math.max(0, from - ODDITY_PAD), to + ODDITY_PAD];
}

function firstTokenAtOrAfter(starts: number[], pos: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `DEBUG=qmoi:repair-js` (or `qmoi:*`) shows why the search chose or declined: the ranking it saw. */
function tracing(): boolean {
  return /(^|,)\s*qmoi:(\*|repair-js)/.test(process.env.DEBUG ?? '');
}

function trace(text: string, failure: ParseFailure, candidates: Candidate[], judged: Judged[]): void {
  const starts = lineStartsOf(text);
  const pos = (o: number) => {
    const l = lineOf(starts, o);
    return `${l + 1}:${o - starts[l] + 1}`;
  };
  const lines = [`qmoi:repair-js error ${pos(failure.pos)} ${failure.message}; ${candidates.length} candidates`];
  for (const c of candidates.slice(0, 8)) lines.push(`  prior ${c.cost.toFixed(2)} ${c.action} at ${pos(c.offset)}`);
  for (const j of judged) lines.push(`  parses ${j.cost.toFixed(2)} ${j.candidate.action} at ${pos(j.candidate.offset)}`);
  process.stderr.write(lines.join('\n') + '\n');
}
