// YAML repairer (first cut: validation with positions; the repair search lands with the repair engine).
import { parseDocument } from 'yaml';
import type { Repairer, RepairOutcome } from './types.js';

/** Handles *.yml and *.yaml files. */
export const yamlRepairer: Repairer = {
  language: 'yaml',
  matches: (f) => /\.ya?ml$/i.test(f),
  repair(text): RepairOutcome {
    const doc = parseDocument(text, { merge: true, prettyErrors: false });
    const e = doc.errors[0];
    if (!e) return { status: 'ok' };
    const [line, column] = e.linePos?.[0] ? [e.linePos[0].line, e.linePos[0].col] : [1, 1];
    return { status: 'unrepairable', error: { line, column, message: e.message.split('\n')[0] } };
  },
};
