// JSON repairer (first cut: validation with positions; the repair search lands with the repair engine).
import type { Problem, Repairer, RepairOutcome } from './types.js';

/** Position of a JSON.parse error, from V8's message. */
export function jsonError(text: string): Problem | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const message = (err as Error).message;
    const m = /position (\d+)/.exec(message);
    const offset = m ? Number(m[1]) : text.length;
    const before = text.slice(0, offset).split('\n');
    return { line: before.length, column: before[before.length - 1].length + 1, message };
  }
}

/** Handles *.json files. */
export const jsonRepairer: Repairer = {
  language: 'json',
  matches: (f) => f.endsWith('.json'),
  repair(text): RepairOutcome {
    const error = jsonError(text);
    return error ? { status: 'unrepairable', error } : { status: 'ok' };
  },
};
