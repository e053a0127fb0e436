// The repair search: gather candidate edits, let the parser judge the cheapest ones, and apply the best
// only when no other program is nearly as good. A wrong repair costs more than a declined one.
import { bracketCandidates, type Candidate } from './candidates.js';
import { lex, lineOf, lineStartsOf } from './lexer.js';
import { layoutCost, layoutModel } from './layout.js';
import { nameUsage, oddityCost, type NameUsage } from './oddity.js';
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
  const usage = nameUsage(tokens);
  const input = { text, tokens, model, errorToken, baseCost: layoutCost(model, { type: 'none' }), quoteTrouble, usage };
  // A string cannot span lines: while one runs off its line, only a quote can fix the file.
  const phases = quoteTrouble ? [quoteCandidates(text, tokens, lexed.lineStarts), bracketCandidates(input)] : [bracketCandidates(input)];
  let candidates: Candidate[] = [];
  let judged: Judged[] = [];
  for (const phase of phases) {
    candidates = dedupe(phase).sort((a, b) => a.cost - b.cost);
    const result = judge(text, dialect, candidates, failure.pos, deadline, usage);
    if (!result) return { kind: 'gave-up' };
    judged = result;
    if (judged.length) break;
  }
  if (tracing()) trace(text, failure, candidates, judged);
  return decide(judged);
}

/** Parses the cheapest candidates, adds their oddity, and returns those that parse, best first. */
function judge(text: string, dialect: Dialect, candidates: Candidate[], errorPos: number, deadline: number, usage: NameUsage): Judged[] | undefined {
  const region = oddityRegion(candidates.slice(0, MAX_PARSES), errorPos);
  const judged: Judged[] = [];
  let parses = 0;
  for (const c of candidates) {
    const best = judged[0];
    if ((best && c.cost > best.cost + DECISION_MARGIN) || parses >= MAX_PARSES) break;
    if (Date.now() > deadline) return undefined;
    parses++;
    const fixed = applyCandidate(text, c);
    const r = tryParse(fixed, dialect);
    if (!r.ok) continue;
    const cost = c.cost + oddityCost(r.ast.program, fixed, region[0], region[1] + c.insert.length, usage);
    judged.push({ candidate: c, text: fixed, cost, ast: r.ast.program });
    judged.sort((a, b) => a.cost - b.cost);
  }
  return judged;
}

function decide(judged: Judged[]): SearchOutcome {
  const [best, ...others] = judged;
  if (!best) return { kind: 'declined', suggestions: [] };
  const rival = others.find((o) => o.cost < best.cost + DECISION_MARGIN && !sameProgram(o.ast, best.ast));
  const suggestion = (j: Judged) => ({ offset: j.candidate.offset, action: j.candidate.action });
  if (rival || best.cost > MAX_COST) return { kind: 'declined', suggestions: rival ? [suggestion(best), suggestion(rival)] : [suggestion(best)] };
  return { kind: 'repaired', text: best.text, program: best.ast, offset: best.candidate.offset, action: best.candidate.action };
}

const POSITION_KEYS = new Set(['start', 'end', 'loc', 'range', 'extra', 'leadingComments', 'trailingComments', 'innerComments']);

/** Whether two programs are the same apart from positions and formatting (`(a) => a` is `a => a`). */
function sameProgram(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => !POSITION_KEYS.has(k));
  const kb = Object.keys(b).filter((k) => !POSITION_KEYS.has(k));
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameProgram((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
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
  for (const j of judged) {
    const at = j.candidate.offset;
    const shown = j.text.slice(Math.max(0, j.text.lastIndexOf('\n', at - 1) + 1, at - 60), at + 40).split('\n')[0];
    lines.push(`  parses ${j.cost.toFixed(2)} (prior ${j.candidate.cost.toFixed(2)}) ${j.candidate.action} at ${pos(at)}: ${shown}`);
  }
  process.stderr.write(lines.join('\n') + '\n');
}
