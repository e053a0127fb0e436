// Candidates for a string or template literal with a missing quote. A string cannot span lines, so the
// missing quote is on the line where the lexer found a string running to its end; a good fix leaves every
// string on that line looking like text, not like swallowed code.
import { lex, type Token } from './lexer.js';
import type { Candidate } from './candidates.js';

const MAX_TEMPLATE_LINES = 30;

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
  const rest = bracketBalance(tokens.filter((t) => t.line !== broken.line));
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
    const cost = stringsOddity(fixed, fixedTokens, p);
    const candidate = { key, offset: lineStart + p, remove: 0, insert: quote, cost, action: `insert ${quote}` };
    const total = bracketBalance(fixedTokens).map((d, i) => d + rest[i]);
    (total.every((d) => d === 0) ? balanced : unbalanced).push(candidate);
  }
  // A file whose other brackets balance must balance after the fix; if none does, the lexer misread
  // something else on the way, so fall back to every fix, a little more doubtful.
  return balanced.length ? balanced : unbalanced.map((c) => ({ ...c, cost: c.cost + 1 }));
}

/** Positions where a quote could have been: not inside a word, not after a backslash. */
function isBoundary(line: string, p: number): boolean {
  const before = line[p - 1] ?? ' ';
  const after = line[p] ?? ' ';
  if (before === '\\') return false;
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
function stringsOddity(line: string, tokens: Token[], inserted: number): number {
  let cost = 0;
  for (const t of tokens) {
    if (t.kind !== 'str') continue;
    const content = line.slice(t.start + 1, t.end - 1);
    cost += codeLikeness(content);
    const touches = t.start === inserted || t.end - 1 === inserted;
    if (touches && (t.start === inserted ? /^\s/.test(content) : /\s$/.test(content))) cost += 1;
  }
  return cost;
}

function codeLikeness(content: string): number {
  let cost = 0;
  cost += 2 * (content.match(/['"`]\s*[,;:)\]}+]|[,;:(\[{+]\s*['"`]/g)?.length ?? 0);
  cost += 1.5 * (content.match(/;\s*$/g)?.length ?? 0);
  cost += 0.8 * (content.match(/,\s/g)?.length ?? 0);
  cost += 1 * (content.match(/[)\]}]/g)?.length ?? 0);
  cost += 0.5 * (content.match(/[(\[{]/g)?.length ?? 0);
  return cost;
}

function templateCandidates(text: string, broken: Token, lineStarts: number[]): Candidate[] {
  const out: Candidate[] = [];
  for (let l = broken.line; l < Math.min(lineStarts.length, broken.line + MAX_TEMPLATE_LINES); l++) {
    const start = l === broken.line ? broken.start + 1 : lineStarts[l];
    const end = l + 1 < lineStarts.length ? lineStarts[l + 1] - 1 : text.length;
    const line = text.slice(start, end);
    const spots = new Set<number>([line.trimEnd().length]);
    for (const m of line.matchAll(/[;,)]/g)) spots.add(m.index);
    for (const p of spots) {
      const offset = start + p;
      out.push({ key: `t${offset}`, offset, remove: 0, insert: '`', cost: 0.3 * (l - broken.line) + codeLikeness(text.slice(broken.start + 1, offset)) * 0.2, action: 'insert `' });
    }
  }
  return out;
}
