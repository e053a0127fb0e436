// package.json repairer (first cut: JSON validation; package.json checks land with the repair engine).
import { jsonRepairer } from './json.js';
import type { Repairer } from './types.js';

/** Handles package.json files. */
export const packageJsonRepairer: Repairer = { ...jsonRepairer, matches: (f) => f.endsWith('package.json') };
