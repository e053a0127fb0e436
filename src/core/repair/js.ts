// JavaScript / TypeScript repairer: parse with Babel; on a syntax error search small token edits near it,
// apply the clear best one, and decline (with a suggestion) when the choice is not clear.
import { checkImports, type ParsedFile } from './js/imports.js';
import { lex } from './js/lexer.js';
import { lineOf, lineStartsOf } from './lines.js';
import { chooseDialect, type ParseFailure } from './js/parse.js';
import type { Fix, Problem, RepairContext, Repairer, RepairOutcome } from './types.js';

async function repairScript(text: string, ctx: RepairContext): Promise<RepairOutcome> {
  const { dialect, result } = chooseDialect(ctx.path, text);
  if (result.ok) return withImportChecks(text, result.ast, ctx, []);
  const failure = result.error;
  // Nesting deeper than the parser's stack: it cannot tell valid from broken, so it says so instead of blocking.
  if (failure.message.includes('Maximum call stack')) return { status: 'skipped', reason: 'nested too deeply for the parser to check (not checked, not changed)' };
  if (ctx.validateOnly) return { status: 'unrepairable', error: { ...problemOf(failure), suggestion: handFix(text, failure) } };
  if (Date.now() > ctx.deadline) return gaveUp(text, failure);

  // The search is loaded only when a file is broken: a clean commit never pays for it.
  const { searchRepair } = await import('./js/search.js');
  const outcome = searchRepair(text, dialect, failure, ctx.deadline);
  if (outcome.kind === 'gave-up') return gaveUp(text, failure);
  const lineStarts = lineStartsOf(text);
  const where = (offset: number) => {
    const line = lineOf(lineStarts, offset);
    return { line: line + 1, column: offset - lineStarts[line] + 1 };
  };
  if (outcome.kind === 'declined') {
    const options = outcome.suggestions.map((s) => {
      const p = where(s.offset);
      return `${s.action} at ${p.line}:${p.column}`;
    });
    const suggestion = options.length ? `${options.join(' or ')}?` : handFix(text, failure);
    return { status: 'unrepairable', error: { ...problemOf(failure), suggestion } };
  }
  const fix = { ...where(outcome.offset), description: pastTense(outcome.action) };
  return withImportChecks(outcome.text, outcome.file, ctx, [fix]);
}

/** Adds the relative-import check to a text that parses: warnings, and the specifier fixes it is sure of. */
function withImportChecks(text: string, file: ParsedFile, ctx: RepairContext, fixes: Fix[]): RepairOutcome {
  const { warnings, edits } = checkImports(file, ctx, text);
  const extra = warnings.length ? { warnings } : {};
  if (!edits.length) return fixes.length ? { status: 'repaired', text, fixes, ...extra } : { status: 'ok', ...extra };
  const lineStarts = lineStartsOf(text);
  let fixed = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) fixed = fixed.slice(0, e.offset) + e.insert + fixed.slice(e.offset + e.remove);
  const importFixes = edits.map((e) => {
    const line = lineOf(lineStarts, e.offset);
    return { line: line + 1, column: e.offset - lineStarts[line] + 1, description: e.description };
  });
  return { status: 'repaired', text: fixed, fixes: [...fixes, ...importFixes], ...extra };
}

function problemOf(f: ParseFailure): Problem {
  return { line: f.line, column: f.column, message: f.message };
}

function gaveUp(text: string, f: ParseFailure): RepairOutcome {
  return { status: 'unrepairable', error: { ...problemOf(f), message: `${f.message} (gave up searching for a repair: out of time)`, suggestion: handFix(text, f) } };
}

/** What to fix by hand when no small edit was clear: the two tokens around the error, where the fix nearly always is. */
function handFix(text: string, f: ParseFailure): string {
  const { tokens } = lex(text);
  const i = tokens.findIndex((t) => t.end > f.pos);
  const show = (t: { start: number; end: number; value: string }) => {
    const s = (t.value || text.slice(t.start, t.end)).replace(/\s+/g, ' ');
    return s.length > 24 ? `${s.slice(0, 21)}...` : s;
  };
  if (i < 0) return 'the file ends too early: close what is still open or finish the last statement';
  if (i === 0) return `look at '${show(tokens[0])}' at the start of the file`;
  return `look between '${show(tokens[i - 1])}' and '${show(tokens[i])}': a missing or extra token (operand, bracket, comma, quote) is the usual cause`;
}

function pastTense(action: string): string {
  return action.replace(/^insert/, 'inserted').replace(/^delete/, 'deleted');
}

/** Handles .js, .mjs, .cjs and .jsx files. */
export const jsRepairer: Repairer = { language: 'js', matches: (f) => /\.(c|m)?jsx?$/i.test(f), repair: safely(repairScript) };

/** Handles .ts, .mts, .cts and .tsx files. */
export const tsRepairer: Repairer = { language: 'ts', matches: (f) => /\.(c|m)?tsx?$/i.test(f), repair: safely(repairScript) };

/** Repairers never throw: an internal failure becomes an unrepairable result at the start of the file. */
function safely(fn: (text: string, ctx: RepairContext) => Promise<RepairOutcome>): Repairer['repair'] {
  return async (text, ctx) => {
    try {
      return await fn(text, ctx);
    } catch (err) {
      return { status: 'unrepairable', error: { line: 1, column: 1, message: `could not check the file: ${(err as Error)?.message ?? err}` } };
    }
  };
}
