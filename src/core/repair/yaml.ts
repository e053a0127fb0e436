// YAML repairer: reports the parser's first error and repairs the one-line faults people make (tabs as
// indentation, a missing ':', a line one space off, an unclosed quote or bracket) when one repair clearly wins.
import { firstSyntaxProblem, parseYaml, toData, type ParsedYaml } from './yaml/parse.js';
import { searchRepair, type Candidate, type Judge } from './yaml/search.js';
import type { Problem, RepairContext, Repairer, RepairOutcome } from './types.js';

/** Errors that no one-line edit of the kinds we try repairs: searching would only find coincidences. */
const NOT_LINE_FAULTS = new Set(['DUPLICATE_KEY', 'MULTIPLE_ANCHORS', 'MULTIPLE_TAGS', 'BAD_DIRECTIVE', 'KEY_OVER_1024_CHARS']);

/** A text that parses, with its documents' data, or the outcome to return when it does not. */
export type YamlCheck = { status: 'parsed'; text: string; parsed: ParsedYaml; data: unknown[]; fix?: Candidate } | { status: 'failed'; outcome: RepairOutcome };

/** Parses a text and, when it does not parse, searches a one-line repair; shared by the YAML and GitLab CI repairers. */
export function parseOrRepair(text: string, ctx: RepairContext, judge?: Judge): YamlCheck {
  const started = Date.now();
  const parsed = parseYaml(text);
  const parseMs = Date.now() - started;
  const problem = firstSyntaxProblem(parsed);
  if (!problem) return withData(text, parsed);
  if (ctx.validateOnly || NOT_LINE_FAULTS.has(parsed.errors[0].code)) return failed({ ...problem, suggestion: hint(text, problem) });
  const result = searchRepair(text, { line: problem.line - 1, tab: parsed.errors[0].code === 'TAB_AS_INDENT' }, { deadline: ctx.deadline, parseMs }, judge);
  switch (result.status) {
    case 'found':
      return { status: 'parsed', text: result.best.text, parsed: result.best.parsed, data: result.best.data, fix: result.best };
    case 'ambiguous':
      return failed({ ...problem, suggestion: `more than one repair fits: ${describe(result.best)}, or ${describe(result.rival)}` });
    case 'timeout':
      return failed({ ...problem, message: `${problem.message} (gave up looking for a repair: time limit reached)`, suggestion: hint(text, problem) });
    case 'none':
      return failed({ ...problem, suggestion: hint(text, problem) });
  }
}

function withData(text: string, parsed: ParsedYaml): YamlCheck {
  const data = toData(parsed);
  if ('problem' in data) return failed(data.problem);
  return { status: 'parsed', text, parsed, data: data.data };
}

function failed(error: Problem): YamlCheck {
  return { status: 'failed', outcome: { status: 'unrepairable', error } };
}

/** The fix a user sees for a chosen candidate. */
export function fixOf(c: Candidate): { line: number; column: number; description: string } {
  return { line: c.edit.line + 1, column: c.edit.column, description: c.edit.description };
}

function describe(c: Candidate): string {
  return `line ${c.edit.line + 1}: ${c.edit.description}`;
}

function hint(text: string, problem: Problem): string {
  const line = text.split('\n')[problem.line - 1] ?? '';
  if (/^\s*\t/.test(line)) return 'indent with spaces, not tabs';
  if (/indent|column/i.test(problem.message)) return 'check the indentation of this line and the lines above it';
  if (/quote/i.test(problem.message)) return 'close the quote on the line where it opens';
  if (/flow|\]|\}/i.test(problem.message)) return "close the '[' or '{' on the line where it opens";
  if (/unique/i.test(problem.message)) return 'rename or remove one of the two keys';
  if (/nested mappings/i.test(problem.message)) return "put the inner mapping on its own indented line, or quote the value if it is text containing ': '";
  return "check this line and the one above it: a missing ':' or space after it, a stray character, or the indentation is the usual cause";
}

/** Runs a repair so that a bug of ours reaches the user as an unrepairable file, never as an exception. */
export function safely(repair: () => RepairOutcome): RepairOutcome {
  try {
    return repair();
  } catch (err) {
    return { status: 'unrepairable', error: { line: 1, column: 1, message: `the YAML checks failed on this file: ${(err as Error)?.message ?? err}` } };
  }
}

/** Handles *.yml and *.yaml files. */
export const yamlRepairer: Repairer = {
  language: 'yaml',
  matches: (f) => /\.ya?ml$/i.test(f),
  repair: (text, ctx) =>
    safely(() => {
      const checked = parseOrRepair(text, ctx);
      if (checked.status === 'failed') return checked.outcome;
      if (!checked.fix) return { status: 'ok' };
      return { status: 'repaired', text: checked.text, fixes: [fixOf(checked.fix)] };
    }),
};
