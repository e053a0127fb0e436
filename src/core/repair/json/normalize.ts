// The first step of a repair: habits from JavaScript that JSON does not allow and that have one obvious fix
// each, wherever they are: comments, trailing commas (both legal in JSONC, so kept there), single quotes.
import type { Edit } from './edits.js';
import type { LineIndex } from './positions.js';
import { isCloser, isRealComment, type Token } from './scan.js';

/** Edits that turn JS-isms into JSON; for JSONC only single quotes (comments and trailing commas are legal). */
export function normalizations(text: string, tokens: Token[], index: LineIndex, jsonc: boolean): Edit[] {
  const edits: Edit[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === 'sstring' && t.closed && singleQuotedInPlace(text, tokens, k)) edits.push(doubleQuoted(text, t));
    if (jsonc) continue;
    if (isRealComment(text, t)) edits.push(commentRemoval(text, t, index));
    else if (t.kind === ',' && closesNext(tokens, k)) edits.push({ at: t.start, remove: 1, insert: '', what: "removed trailing ','" });
  }
  return edits;
}

function closesNext(tokens: Token[], k: number): boolean {
  const next = nextSignificant(tokens, k);
  return next !== undefined && isCloser(next);
}

function nextSignificant(tokens: Token[], k: number): Token | undefined {
  for (let j = k + 1; j < tokens.length; j++) if (tokens[j].kind !== 'comment') return tokens[j];
  return undefined;
}

function prevSignificant(tokens: Token[], k: number): Token | undefined {
  for (let j = k - 1; j >= 0; j--) if (tokens[j].kind !== 'comment') return tokens[j];
  return undefined;
}

/**
 * A single-quoted string where a key or value belongs: after `{ [ , :` (or at the start), and followed by
 * punctuation or a new line. Inside a line broken by a lost double quote (`"run": echo 'x'",`) it is left alone.
 */
function singleQuotedInPlace(text: string, tokens: Token[], k: number): boolean {
  const before = prevSignificant(tokens, k);
  if (before && !['{', '[', ',', ':'].includes(before.kind)) return false;
  const after = nextSignificant(tokens, k);
  if (!after || [':', ',', '}', ']'].includes(after.kind)) return true;
  return text.lastIndexOf('\n', after.start) >= tokens[k].end;
}

function doubleQuoted(text: string, t: Token): Edit {
  const inner = text.slice(t.start + 1, t.end - 1).replace(/\\(.)|"/g, (m, escaped: string | undefined) => (escaped === undefined ? '\\"' : escaped === "'" ? "'" : m));
  return { at: t.start, remove: t.end - t.start, insert: `"${inner}"`, what: 'replaced single quotes with double quotes' };
}

/** A comment alone on its line goes with its line; one after a value goes with the spaces before it. */
function commentRemoval(text: string, t: Token, index: LineIndex): Edit {
  const first = index.lineOf(t.start);
  const last = index.lineOf(t.end);
  const lineStart = index.starts[first];
  const lineEnd = index.lineEnd(last);
  const what = 'removed comment (JSON has no comments)';
  if (!text.slice(lineStart, t.start).trim() && !text.slice(t.end, lineEnd).trim()) {
    if (lineEnd < text.length) return { at: lineStart, remove: lineEnd + 1 - lineStart, insert: '', what };
    if (lineStart > 0) return { at: lineStart - 1, remove: lineEnd - lineStart + 1, insert: '', what };
  }
  let from = t.start;
  while (from > lineStart && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
  return { at: from, remove: t.end - from, insert: '', what };
}
