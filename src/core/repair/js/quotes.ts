// Candidates for a string or template literal with a missing quote. A string cannot span lines, so the
// missing quote is on the line where the lexer found a string running to its end; a good fix leaves every
// string on that line looking like text, not like swallowed code.
import { lex, type Token } from './lexer.js';
import type { Candidate } from './candidates.js';

const MAX_TEMPLATE_LINES = 30;
const MAX_LINE = 2000;
const TEMPLATE_LINE_COST = 0.5;
const SNUG_BONUS = 0.5;
const SPLIT_OPERATOR = 2;
/** Two spaces between a quote and the code next to it: the space belonged inside the string. */
const DOUBLE_SPACE = 1;
/** `'' ;`: code has no space before `;` `,` `)` `]`, so it was inside the string. */
const SPACE_BEFORE_CLOSER = 1;

/** Quote insertions for the first unterminated string or template in the tokens. */
export function quoteCandidates(text: string, tokens: Token[], lineStarts: number[]): Candidate[] {
  const broken = tokens.find((t) => t.unterminated);
  if (!broken) return [];
  return broken.kind === 'tpl' ? templateCandidates(text, broken, lineStarts) : stringCandidates(text, tokens, broken, lineStarts);
}

function stringCandidates(text: string, tokens: Token[], broken: Token, lineStarts: number[]): Candidate[] {
  const quote = text[broken.start];
  const lineStart = lineStarts[broken.line];
  const lineEnd = broken.line + 1 < lineStarts.length ? lineStarts[broken.line + 1] - 1 : text.length;
  const line = text.slice(lineStart, lineEnd);
  // Each position is tried by relexing the line: minified lines are left to the bracket search.
  if (line.length > MAX_LINE) return [];
  const rest = bracketBalance(tokens.filter((t) => t.line !== broken.line));
  const snug = snugPositions(line, broken.start - lineStart);
  // A file that spaces tokens out elsewhere (aligned tables) says nothing by one more double space.
  const doubleSpace = (text.match(/\S {2,}\S/g)?.length ?? 0) > 1 ? 0 : DOUBLE_SPACE;
  const balanced: Candidate[] = [];
  const unbalanced: Candidate[] = [];
  const seen = new Set<string>();
  for (let p = 0; p <= line.length; p++) {
    if (!isBoundary(line, p)) continue;
    const fixed = line.slice(0, p) + quote + line.slice(p);
    const fixedTokens = lex(fixed).tokens;
    const key = `q${broken.line}:${fixed}`;
    if (fixedTokens.some((t) => t.unterminated) || seen.has(key)) continue;
    seen.add(key);
    const cost = stringsOddity(fixed, fixedTokens, p, doubleSpace) - (snug.includes(p) ? SNUG_BONUS : 0) + (splitsOperator(line, p) ? SPLIT_OPERATOR : 0);
    const candidate = { key, offset: lineStart + p, remove: 0, insert: quote, cost, action: `insert ${quote}` };
    const total = bracketBalance(fixedTokens).map((d, i) => d + rest[i]);
    (total.every((d) => d === 0) ? balanced : unbalanced).push(candidate);
  }
  // A file whose other brackets balance must balance after the fix; if none does, the lexer misread
  // something else on the way, so fall back to every fix, a little more doubtful.
  return balanced.length ? balanced : unbalanced.map((c) => ({ ...c, cost: c.cost + 1 }));
}

/**
 * Where the shortest string ends or starts: an unclosed string most often ends right before the first
 * `,` `)` `]` `}` `;` after its quote, and a string missing its opening quote starts right after the last
 * space or punctuation before the quote that is left.
 */
function snugPositions(line: string, quoteAt: number): number[] {
  const out: number[] = [];
  // A string may be just the delimiter (`","`): the first delimiter after its first character counts too.
  for (const from of [quoteAt + 1, quoteAt + 2]) {
    const delimiter = /[,;)\]}]/.exec(line.slice(from));
    if (delimiter) out.push(from + delimiter.index);
  }
  let start = quoteAt;
  while (start > 0 && !/[\s,;(\[{=:+?|&!]/.test(line[start - 1])) start--;
  if (start < quoteAt) out.push(start);
  return out;
}

/** A quote between two operator characters would have split an operator (`=='=`). */
function splitsOperator(line: string, p: number): boolean {
  return /[&|=+\-*<>!?%^]/.test(line[p - 1] ?? '') && /[&|=+\-*<>!?%^]/.test(line[p] ?? '');
}

/** Positions where a quote could have been: not inside a word, not after a backslash. */
function isBoundary(line: string, p: number): boolean {
  const before = line[p - 1] ?? ' ';
  const after = line[p] ?? ' ';
  if (before === '\\' || (before === '$' && after === '{')) return false;
  return !(/[\w$]/.test(before) && /[\w$]/.test(after));
}

function bracketBalance(tokens: Token[]): number[] {
  const d = [0, 0, 0];
  for (const t of tokens) {
    if (t.kind !== 'punct') continue;
    const o = '([{'.indexOf(t.value);
    const c = ')]}'.indexOf(t.value);
    if (o >= 0) d[o]++;
    else if (t.value === '${') d[2]++;
    else if (c >= 0) d[c]--;
  }
  return d;
}

/** How much the strings on a fixed line look like code that a quote swallowed. */
function stringsOddity(line: string, tokens: Token[], inserted: number, doubleSpace: number): number {
  let cost = 0;
  for (const t of tokens) {
    if (t.kind !== 'str') continue;
    const content = line.slice(t.start + 1, t.end - 1);
    cost += codeLikeness(content);
    if (/^[ \t]+[;,)\]]/.test(line.slice(t.end))) cost += SPACE_BEFORE_CLOSER;
    if (t.start === inserted) cost += (concatenated(line.slice(0, inserted), 'before') ? 0 : spacingOddity(content, content[0], line[inserted - 1])) + (/\S {2,}$/.test(line.slice(0, inserted)) ? doubleSpace : 0);
    if (t.end - 1 === inserted) cost += (concatenated(line.slice(inserted + 1), 'after') ? 0 : spacingOddity(content, content[content.length - 1], line[inserted + 1])) + (/^ {2,}\S/.test(line.slice(inserted + 1)) ? doubleSpace : 0);
  }
  return cost;
}

/**
 * A quote hugs its text: one put before a space inside the string is unlikely, and more so when it is glued
 * to the code outside (`from' ./a'`).
 */
function spacingOddity(content: string, inside: string | undefined, outside: string | undefined): number {
  if (inside === undefined || !/\s/.test(inside)) return 0;
  // `' ';` is a string of spaces on purpose; `=' '` and `' ':` still read as a misplaced quote.
  if (!content.trim() && /[;)\]}]/.test(outside ?? '')) return 0;
  return outside === undefined || /\s/.test(outside) ? 1.5 : 2.5;
}

/** Text joined to the string with `+` (`"see " + name`) keeps its separating space inside the string. */
function concatenated(outside: string, side: 'before' | 'after'): boolean {
  return side === 'after' ? /^\s+\+\s/.test(outside) : /\s\+\s+$/.test(outside);
}

/** Signs that a string's text is really code: quotes next to punctuation, operators, calls, a final `;`. */
const CODE_SIGNS: [RegExp, number][] = [
  [/['"`]\s*[,;:)\]}+]|[,;:(\[{+]\s*['"`]/g, 2],
  [/[;,]\s*$/g, 1.5],
  [/\s[&|=+\-*<>!?]+$|^[&|=+\-*<>!?]+\s/g, 1.5],
  [/\s(?:from|import|return|function|var|let|const|typeof|instanceof|new)\s/g, 1],
  [/:\s+(?:function|async|class|new|typeof)\b/g, 1.5],
  [/,\s/g, 1],
  [/[)\]}]/g, 1],
  [/[(\[{]/g, 0.5],
  [/\s(?:\?\??|:|\|\||&&|[!=]==?|[-+*/%]|[<>]=?)\s/g, 1],
  [/[\w$]\(/g, 0.8],
];

function codeLikeness(content: string): number {
  let cost = 0;
  for (const [sign, weight] of CODE_SIGNS) cost += weight * (content.match(sign)?.length ?? 0);
  return cost;
}

function templateCandidates(text: string, broken: Token, lineStarts: number[]): Candidate[] {
  const out: Candidate[] = [];
  // The unclosed part starts at the backtick, or right after the `}` of a substitution.
  const from = text[broken.start] === '`' ? broken.start + 1 : broken.start;
  for (let l = broken.line; l < Math.min(lineStarts.length, broken.line + MAX_TEMPLATE_LINES); l++) {
    const start = l === broken.line ? from : lineStarts[l];
    const end = l + 1 < lineStarts.length ? lineStarts[l + 1] - 1 : text.length;
    const line = text.slice(start, end);
    const spots = new Set<number>([line.trimEnd().length]);
    for (const m of line.matchAll(/[;,)]/g)) spots.add(m.index);
    const snug = l === broken.line ? Math.min(...spots) : -1;
    for (const p of spots) {
      const offset = start + p;
      const content = text.slice(from, offset).replace(/\$\{[^}]*\}/g, '');
      const cost = TEMPLATE_LINE_COST * (l - broken.line) + codeLikeness(content) - (p === snug ? SNUG_BONUS : 0);
      out.push({ key: `t${offset}`, offset, remove: 0, insert: '`', cost, action: 'insert `' });
    }
  }
  return out;
}
