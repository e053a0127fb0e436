// The repair search: gather candidate edits, let the parser judge the cheapest ones, and apply the best
// only when no other program is nearly as good. A wrong repair costs more than a declined one.
import { bracketCandidates, type Candidate } from './candidates.js';
import { lineOf, lineStartsOf } from '../lines.js';
import { firstTokenAtOrAfter, lex } from './lexer.js';
import { layoutCost, layoutModel } from './layout.js';
import { nameUsage, oddityCost, usesArrowParens, type NameUsage, type OddityContext } from './oddity.js';
import { isModuleText, statementStartBefore } from './fragment.js';
import { tailParses, tryParse, type Dialect, type ParseFailure } from './parse.js';
import type { ParsedFile } from './imports.js';
import { quoteCandidates } from './quotes.js';

/** How much better the best program must be than any other before it is applied. */
const DECISION_MARGIN = 0.8;
/** The cost of splitting a name from the member read off it (see splitMemberCost). */
const SPLIT_MEMBER_WEIGHT = 1.5;
/** A repair that costs more than this is a guess, not a repair. */
const MAX_COST = 6;
const MAX_PARSES = 60;
const ODDITY_PAD = 200;
const OWN_PAD = 20;

/** A repair the search settled on, or why it did not. */
export type SearchOutcome =
  | { kind: 'repaired'; text: string; file: ParsedFile; offset: number; action: string }
  | { kind: 'declined'; suggestions: { offset: number; action: string }[] }
  | { kind: 'gave-up' };

interface Judged {
  candidate: Candidate;
  cost: number;
  /** Prior plus the oddities right at the edit: what the candidate itself brings, for the absolute limit. */
  ownCost: number;
  /** The program parsed from the judging head on (enough to compare candidates with each other). */
  ast: unknown;
}

/** Searches one-token repairs for a text that fails to parse at `failure`. */
export function searchRepair(text: string, dialect: Dialect, failure: ParseFailure, deadline: number): SearchOutcome {
  const lexed = lex(text);
  const model = layoutModel(text, lexed);
  const tokens = lexed.tokens;
  const errorToken = firstTokenAtOrAfter(tokens, failure.pos);
  const quoteTrouble = tokens.some((t) => t.unterminated);
  const usage = nameUsage(tokens);
  const input = { text, tokens, model, errorToken, baseCost: layoutCost(model, { type: 'none' }), quoteTrouble, usage, deadline };
  const module = dialect === 'ts' || dialect === 'tsx' || isModuleText(text);
  // A string cannot span lines: while one runs off its line, only a quote can fix the file.
  const brackets = () => bracketCandidates(input);
  const phases = quoteTrouble ? [() => quoteCandidates(text, tokens, lexed.lineStarts), brackets] : [brackets];
  let candidates: Candidate[] = [];
  let outcome: SearchOutcome = { kind: 'declined', suggestions: [] };
  for (const phase of phases) {
    if (Date.now() > deadline) return { kind: 'gave-up' };
    candidates = dedupe(phase()).sort((a, b) => a.cost - b.cost);
    const head = statementStartBefore(tokens, candidates.reduce((min, c) => Math.min(min, c.offset), failure.pos));
    const oddity = { usage, typed: dialect === 'ts' || dialect === 'tsx', arrowParens: usesArrowParens(text) };
    const judged = judge({ text, dialect, module, head, oddity, deadline }, candidates, failure.pos);
    if (!judged) return { kind: 'gave-up' };
    outcome = decide(judged, (j) => confirm(text, dialect, j));
    if (Date.now() > deadline) return { kind: 'gave-up' };
    if (tracing()) trace(text, failure, candidates, judged);
    if (judged.length) break;
  }
  return outcome;
}

/** What judging candidates needs to know besides the candidates. */
interface JudgeContext {
  text: string;
  dialect: Dialect;
  module: boolean;
  /** Offset of the top-level statement that candidates are parsed from. */
  head: number;
  oddity: OddityContext;
  deadline: number;
}

/**
 * Parses the cheapest candidates (from `head` on), adds their oddity, and returns those that parse, best
 * first; stops once the rest cannot come near the best.
 */
function judge(ctx: JudgeContext, candidates: Candidate[], errorPos: number): Judged[] | undefined {
  const { text, head } = ctx;
  const region = oddityRegion(candidates.slice(0, MAX_PARSES), errorPos);
  const judged: Judged[] = [];
  let parses = 0;
  for (const c of candidates) {
    const best = judged[0];
    // Oddities away from the edit are shared by every candidate: a prior beyond the best's own cost plus
    // the margin cannot make a rival.
    if ((best && c.cost > best.ownCost + DECISION_MARGIN) || parses >= MAX_PARSES) break;
    if (Date.now() > ctx.deadline) return undefined;
    parses++;
    const tail = text.slice(head, c.offset) + c.insert + text.slice(c.offset + c.remove);
    const r = tailParses(tail, ctx.dialect, ctx.module);
    if (!r.ok) continue;
    const cost = c.cost + oddityCost(r.program, tail, region[0] - head, region[1] - head + c.insert.length, ctx.oddity) + splitMemberCost(text, c, ctx.oddity.usage);
    const at = c.offset - head;
    const ownCost = c.cost + oddityCost(r.program, tail, at - OWN_PAD, at + c.insert.length + OWN_PAD, ctx.oddity);
    judged.push({ candidate: c, cost, ownCost, ast: r.program });
    judged.sort((a, b) => a.cost - b.cost);
  }
  return judged;
}

/**
 * A closer put between a name and the member it is read from (`config)._locale`, `elems)[i]`) splits what the
 * author keeps together: when the file reads members off that name directly far more often than it closes
 * right after it (a parameter list like `(config)` closes after it too), the closer rarely belongs there.
 */
function splitMemberCost(text: string, c: Candidate, usage: NameUsage): number {
  if (c.remove || !/^[)\]]$/.test(c.insert)) return 0;
  const after = text.slice(c.offset, c.offset + 2);
  if (!(after[0] === '.' || after[0] === '[' || after === '?.')) return 0;
  const name = /[A-Za-z_$][\w$]*$/.exec(text.slice(Math.max(0, c.offset - 64), c.offset))?.[0];
  const u = name ? usage.get(name) : undefined;
  return u && u.members >= 2 && u.members > 2 * u.closed ? SPLIT_MEMBER_WEIGHT : 0;
}

/** Parses a judged candidate's whole text; undefined when the whole file still fails. */
function confirm(text: string, dialect: Dialect, j: Judged): { text: string; file: ParsedFile } | undefined {
  const fixed = applyCandidate(text, j.candidate);
  const r = tryParse(fixed, dialect);
  return r.ok ? { text: fixed, file: r.ast } : undefined;
}

/** Applies the best candidate unless a different program is nearly as good; both must parse whole. */
function decide(judged: Judged[], whole: (j: Judged) => { text: string; file: ParsedFile } | undefined): SearchOutcome {
  const pending = [...judged];
  let best: Judged | undefined;
  let fixed: { text: string; file: ParsedFile } | undefined;
  while (!fixed && pending.length) {
    best = pending.shift()!;
    fixed = whole(best);
  }
  if (!best || !fixed) return { kind: 'declined', suggestions: [] };
  const suggestion = (j: Judged) => ({ offset: j.candidate.offset, action: j.candidate.action });
  for (const other of pending) {
    // A rival at the margin itself still makes the choice a guess (costs are sums of decimals: allow for rounding).
    if (other.cost - best.cost > DECISION_MARGIN + 1e-9) break;
    if (sameProgram(other.ast, best.ast) || !whole(other)) continue;
    return { kind: 'declined', suggestions: [suggestion(best), suggestion(other)] };
  }
  if (best.ownCost > MAX_COST) return { kind: 'declined', suggestions: [suggestion(best)] };
  return { kind: 'repaired', text: fixed.text, file: fixed.file, offset: best.candidate.offset, action: best.candidate.action };
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
function applyCandidate(text: string, c: Candidate): string {
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
    const fixed = applyCandidate(text, j.candidate);
    const shown = fixed.slice(Math.max(0, fixed.lastIndexOf('\n', at - 1) + 1, at - 60), at + 40).split('\n')[0];
    lines.push(`  parses ${j.cost.toFixed(2)} (prior ${j.candidate.cost.toFixed(2)}) ${j.candidate.action} at ${pos(at)} [${at}+${j.candidate.remove}]: ${shown}`);
  }
  process.stderr.write(lines.join('\n') + '\n');
}
