// package.json repairer: the strict JSON repairer first (npm reads package.json with JSON.parse, so comments
// and trailing commas are repaired, never kept), then the checks npm would trip on (json/package-checks.ts).
import { checkJson } from './json.js';
import { checkPackageJson, type PackageFinding } from './json/package-checks.js';
import { LineIndex } from './json/positions.js';
import type { Problem, RepairContext, RepairOutcome, Repairer } from './types.js';

/** Handles package.json files: JSON syntax plus npm's own rules. */
export const packageJsonRepairer: Repairer = {
  language: 'json',
  matches: (f) => /(^|[\\/])package\.json$/i.test(f),
  repair: (text, ctx) => repairPackageJson(text, ctx),
};

function repairPackageJson(text: string, ctx: RepairContext): RepairOutcome {
  const { outcome, toOriginal } = checkJson(text, ctx, 'json');
  if (outcome.status !== 'ok' && outcome.status !== 'repaired') return outcome;
  const checked = outcome.status === 'repaired' ? outcome.text : text;
  const findings = checkPackageJson(checked);
  const blocking = findings.filter((f) => f.blocking);
  if (!blocking.length) {
    const at = new LineIndex(checked);
    const warnings = findings.map((f) => problem(f, at, (o) => o));
    return warnings.length ? { ...outcome, warnings } : outcome;
  }
  // The file stays as it was, so positions point into the original text, and a syntax repair is only told.
  const at = new LineIndex(text);
  const back = toOriginal ?? ((o: number) => o);
  const [first, ...rest] = blocking.map((f) => problem(f, at, back));
  const warnings = [
    ...rest,
    ...findings.filter((f) => !f.blocking).map((f) => problem(f, at, back)),
    ...(outcome.status === 'repaired' ? outcome.fixes.map((f) => ({ line: f.line, column: f.column, message: `also needs a syntax repair: ${f.description}` })) : []),
  ];
  return { status: 'unrepairable', error: first, ...(warnings.length ? { warnings } : {}) };
}

function problem(f: PackageFinding, index: LineIndex, toOriginal: (offset: number) => number): Problem {
  return { ...index.position(toOriginal(f.offset)), message: f.message, ...(f.suggestion ? { suggestion: f.suggestion } : {}) };
}
