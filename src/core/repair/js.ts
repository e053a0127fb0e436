// JavaScript / TypeScript repairer (first cut: validation with positions; the repair search lands with the engine).
import { parse, type ParserOptions } from '@babel/parser';
import type { Repairer, RepairOutcome } from './types.js';

function options(file: string, ts: boolean): ParserOptions {
  const jsx = /\.(jsx|tsx)$/i.test(file) || (!ts && /\.js$/i.test(file));
  const plugins: ParserOptions['plugins'] = ts ? ['typescript', ...(jsx ? (['jsx'] as const) : [])] : ['jsx'];
  return { sourceType: 'unambiguous', allowReturnOutsideFunction: true, errorRecovery: false, plugins };
}

function check(text: string, file: string, ts: boolean): RepairOutcome {
  try {
    parse(text, options(file, ts));
    return { status: 'ok' };
  } catch (err) {
    const e = err as { loc?: { line: number; column: number }; message: string };
    return { status: 'unrepairable', error: { line: e.loc?.line ?? 1, column: (e.loc?.column ?? 0) + 1, message: e.message.replace(/ \(\d+:\d+\)$/, '') } };
  }
}

/** Handles .js, .mjs, .cjs and .jsx files. */
export const jsRepairer: Repairer = { language: 'js', matches: (f) => /\.(c|m)?jsx?$/i.test(f), repair: (t, c) => check(t, c.path, false) };

/** Handles .ts, .mts, .cts and .tsx files. */
export const tsRepairer: Repairer = { language: 'ts', matches: (f) => /\.(c|m)?tsx?$/i.test(f), repair: (t, c) => check(t, c.path, true) };
