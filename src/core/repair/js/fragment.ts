// Trying a candidate costs a parse, and a failing parse costs as much as the text before its failure. The
// statements before the repair do not change, so candidates are first parsed from the last top-level
// statement that starts before every candidate edit; only survivors are parsed whole.
import type { Token } from './lexer.js';

const STATEMENT_ENDS = new Set([';', '}']);
/** Words that continue the statement before them rather than start one. */
const CONTINUING_WORDS = new Set(['else', 'catch', 'finally', 'while', 'in', 'of', 'instanceof', 'as', 'satisfies', 'extends', 'implements']);

/**
 * Offset of the last top-level statement that starts on its own line before `limit`, after a `;` or `}`;
 * 0 when there is none. The brackets before the first candidate edit are intact, so depth counts hold there.
 */
export function statementStartBefore(tokens: Token[], limit: number): number {
  let depth = 0;
  let start = 0;
  for (let i = 0; i < tokens.length && tokens[i].start < limit; i++) {
    const t = tokens[i];
    const prev = tokens[i - 1];
    if (depth === 0 && prev && prev.line !== t.line && t.kind === 'name' && STATEMENT_ENDS.has(prev.value) && !CONTINUING_WORDS.has(t.value)) {
      start = t.start;
    }
    if (t.kind !== 'punct') continue;
    if (t.value === '(' || t.value === '[' || t.value === '{' || t.value === '${') depth++;
    else if (t.value === ')' || t.value === ']' || t.value === '}') depth = Math.max(0, depth - 1);
  }
  return start;
}

/** Whether a JavaScript file is an ES module (it has a top-level import or export statement). */
export function isModuleText(text: string): boolean {
  return /^\s*(?:import\s*[\w{*'"]|export\s)/m.test(text);
}
