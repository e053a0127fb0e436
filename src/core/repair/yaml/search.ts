// The repair search: try one-line edits near the parser's complaint, keep those after which the whole file
// parses, score how ordinary each result is, and take the best only when no different reading comes close.
import { colonEdits, flowEdits, indentEdits, quoteEdits, tabEdits, type Edit, type EditContext } from './candidates.js';
import { blockScalarBodies, indentUnit, topLevelStarts } from './layout.js';
import { parsesCleanly, parseYaml, toData, type ParsedYaml } from './parse.js';
import { structureCost } from './structure.js';

/** A parsed candidate and what it costs: the edit's prior plus how unusual the resulting document is. */
export interface Candidate {
  edit: Edit;
  text: string;
  cost: number;
  parsed: ParsedYaml;
  data: unknown[];
}

/** Domain knowledge that makes a parsed result more or less plausible (GitLab CI adds its own). */
export type Judge = (parsed: ParsedYaml, data: unknown[]) => number;

/** What the search concluded. */
export type SearchResult =
  | { status: 'found'; best: Candidate }
  | { status: 'ambiguous'; best: Candidate; rival: Candidate }
  | { status: 'none' }
  | { status: 'timeout' };

/** How much cheaper the best reading must be than any different one before we apply it. */
export const DECISION_MARGIN = 1.5;

const WINDOW = { indent: [25, 25], colon: [25, 5], quote: [60, 1] } as const;
const SEARCHED_BEFORE = Math.max(...Object.values(WINDOW).map(([before]) => before)) + 1;
const SEARCHED_AFTER = Math.max(...Object.values(WINDOW).map(([, after]) => after)) + 1;

/** Where the parser first complained: its 0-based line, and whether it was about a tab. */
export interface FirstError {
  line: number;
  tab: boolean;
}

/** When to stop: the deadline, and how long one parse of the whole text took (a candidate may need one). */
export interface Budget {
  deadline: number;
  parseMs: number;
}

/** Searches one-line repairs for a text whose first syntax error is `first`. */
export function searchRepair(text: string, first: FirstError, budget: Budget, judge: Judge = () => 0): SearchResult {
  // Most candidates fail to parse, and every parse error is an Error: without stack traces they cost a tenth.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return search(text, first, budget, judge);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function search(text: string, first: FirstError, budget: Budget, judge: Judge): SearchResult {
  const lines = text.split('\n');
  const body = blockScalarBodies(lines);
  const ctx: EditContext = { lines, body, unit: indentUnit(lines, body) };
  // Only replacing the tab can repair a tab used as indentation: no need to cut the file or look further.
  const parts = first.tab ? wholeFile(lines) : brokenParts(lines, body, first.line);
  const byMeaning = new Map<string, Candidate & { meaning: string }>();
  for (const edit of first.tab ? tabEditsEverywhere(ctx) : candidateEdits(ctx, first.line, parts)) {
    if (Date.now() + budget.parseMs > budget.deadline) return { status: 'timeout' };
    const candidate = evaluate(lines, edit, parts.regionFor(edit.line), ctx.unit, judge);
    if (!candidate) continue;
    const known = byMeaning.get(candidate.meaning);
    if (!known || candidate.cost < known.cost) byMeaning.set(candidate.meaning, candidate);
  }
  const ranked = [...byMeaning.values()].sort((a, b) => a.cost - b.cost);
  if (!ranked.length) return { status: 'none' };
  if (ranked.length > 1 && ranked[1].cost - ranked[0].cost < DECISION_MARGIN) return { status: 'ambiguous', best: ranked[0], rival: ranked[1] };
  return { status: 'found', best: ranked[0] };
}

function tabEditsEverywhere(ctx: EditContext): Edit[] {
  return ctx.lines.flatMap((_, i) => tabEdits(ctx, i));
}

function candidateEdits(ctx: EditContext, errorLine: number, parts: BrokenParts): Edit[] {
  const edits: Edit[] = [];
  const within = ([before, after]: readonly [number, number], make: (c: EditContext, i: number) => Edit[]) => {
    for (let i = Math.max(0, errorLine - before); i <= Math.min(ctx.lines.length - 1, errorLine + after); i++) {
      if (parts.near(i)) edits.push(...make(ctx, i));
    }
  };
  for (let i = 0; i < ctx.lines.length; i++) edits.push(...tabEdits(ctx, i));
  within(WINDOW.colon, colonEdits);
  within(WINDOW.quote, quoteEdits);
  within(WINDOW.quote, flowEdits);
  within(WINDOW.indent, indentEdits);
  return edits;
}

/** Where the damage is: the top-level entries that fail to parse on their own. */
interface BrokenParts {
  /** Whether an edit on this line can touch a broken entry (it is in one, or on its border). */
  near(line: number): boolean;
  /** The lines [from, to) to parse on their own before parsing the whole edited file. */
  regionFor(line: number): [number, number];
}

function wholeFile(lines: string[]): BrokenParts {
  return { near: () => true, regionFor: () => [0, lines.length] };
}

/**
 * Cuts the file at top-level keys and parses alone each part within reach of the search (together at most as
 * costly as one parse of the whole), so that each candidate is first checked against the broken parts only. Files with several documents or
 * directives, or whose parts all parse, are treated as one part.
 */
function brokenParts(lines: string[], body: boolean[], errorLine: number): BrokenParts {
  const whole = wholeFile(lines);
  if (lines.some((l) => /^(---|\.\.\.|%)/.test(l))) return whole;
  const starts = topLevelStarts(lines, body);
  const bounds = [0, ...starts.filter((s) => s > 0), lines.length];
  const partOf = (line: number) => Math.max(0, bounds.findIndex((b) => b > line) - 1);
  const broken: number[] = [];
  const [lo, hi] = [errorLine - SEARCHED_BEFORE, errorLine + SEARCHED_AFTER];
  for (let p = 0; p + 1 < bounds.length; p++) {
    if (bounds[p + 1] <= lo || bounds[p] > hi) continue;
    if (!parsesCleanly(lines.slice(bounds[p], bounds[p + 1]).join('\n'))) broken.push(p);
  }
  if (!broken.length) return whole;
  const first = broken[0];
  const last = broken[broken.length - 1];
  return {
    near: (line) => [line - 1, line, line + 1].some((l) => broken.includes(partOf(Math.min(Math.max(l, 0), lines.length - 1)))),
    regionFor: (line) => [bounds[Math.min(first, partOf(Math.max(line - 1, 0)))], bounds[Math.max(last, partOf(Math.min(line + 1, lines.length - 1))) + 1]],
  };
}

function evaluate(lines: string[], edit: Edit, [from, to]: [number, number], unit: number, judge: Judge): (Candidate & { meaning: string }) | undefined {
  const edited = lines.slice();
  edited[edit.line] = edit.text;
  if ((from > 0 || to < lines.length) && !parsesCleanly(edited.slice(from, to).join('\n'))) return undefined;
  const text = edited.join('\n');
  const parsed = parseYaml(text);
  if (parsed.errors.length) return undefined;
  const data = toData(parsed);
  if ('problem' in data) return undefined;
  const cost = edit.prior + structureCost(parsed, text, unit) + judge(parsed, data.data);
  return { edit, text, cost, parsed, data: data.data, meaning: JSON.stringify(data.data) };
}
