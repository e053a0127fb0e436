// JSON repairer: checks a file with JSON.parse alone (fast), and only when that fails searches for the clear
// best small repair (see json/search.ts). JSONC files keep their comments and trailing commas (json/dialect.ts).
import { dialectOf, mayNotBeJson, type Dialect } from './json/dialect.js';
import { LineIndex } from './json/positions.js';
import { problemAt, searchRepair } from './json/search.js';
import { findSyntaxError, parses } from './json/syntax.js';
import type { RepairContext, RepairOutcome, Repairer } from './types.js';

/** Handles *.json, *.jsonc and the JSON rc files the registry routes here. */
export const jsonRepairer: Repairer = {
  language: 'json',
  matches: (f) => /\.(json|jsonc|json5)$/i.test(f) || /(^|[\\/])\.(babelrc|eslintrc|prettierrc)$/i.test(f),
  repair: (text, ctx) => checkJson(text, ctx).outcome,
};

/** An outcome, and for a repair, where an offset of the repaired text was in the original (for later checks). */
export interface JsonCheck {
  outcome: RepairOutcome;
  toOriginal?: (offset: number) => number;
}

/** Checks and repairs JSON text in a given dialect; package.json reuses it before its own checks. */
export function checkJson(text: string, ctx: RepairContext, dialect: Dialect = dialectOf(ctx.path)): JsonCheck {
  if (dialect === 'json5') return { outcome: { status: 'skipped', reason: 'JSON5 is not checked (only JSON and JSONC are)' } };
  if (mayNotBeJson(ctx.path) && !/^\s*[[{/]/.test(text)) return { outcome: { status: 'skipped', reason: 'not JSON (this rc file may be YAML or JS)' } };
  const jsonc = dialect === 'jsonc';
  if (parses(text, jsonc)) return { outcome: { status: 'ok' } };

  const index = new LineIndex(text);
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const error = { ...index.position(nul), message: 'NUL byte in the file: it is binary or corrupted, not JSON', suggestion: 'restore the file from version control' };
    return { outcome: { status: 'unrepairable', error } };
  }
  const error = findSyntaxError(text, jsonc) ?? { offset: 0, message: 'invalid JSON', open: [] };
  if (ctx.validateOnly) return { outcome: { status: 'unrepairable', error: problemAt(index, error) } };
  const verdict = searchRepair(text, jsonc, ctx.deadline);
  if (verdict.status === 'declined') return { outcome: { status: 'unrepairable', error: verdict.error } };
  return { outcome: { status: 'repaired', text: verdict.text, fixes: verdict.fixes }, toOriginal: verdict.toOriginal };
}
