// A forgiving tokenizer for JSON that may be broken: it never fails, keeps every token's offsets, and stops an
// unterminated string at the end of its line (JSON strings never span lines), so one bad quote spoils one line.

export type TokenKind = '{' | '}' | '[' | ']' | ':' | ',' | 'string' | 'sstring' | 'number' | 'word' | 'comment' | 'junk';

/** One token: `closed` is false for a string that reaches the end of its line without its closing quote. */
export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  closed?: boolean;
}

const PUNCT = new Set(['{', '}', '[', ']', ':', ',']);

/** Splits text into tokens; whitespace is dropped, anything unrecognised becomes a one-character 'junk' token. */
export function scan(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (PUNCT.has(c)) {
      tokens.push({ kind: c as TokenKind, start: i, end: ++i });
    } else if (c === '"' || c === "'") {
      const end = quotedEnd(text, i);
      tokens.push({ kind: c === '"' ? 'string' : 'sstring', start: i, end: end.end, closed: end.closed });
      i = end.end;
    } else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      const end = commentEnd(text, i);
      tokens.push({ kind: 'comment', start: i, end });
      i = end;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const end = runEnd(text, i + 1, /[0-9A-Za-z.+-]/);
      tokens.push({ kind: 'number', start: i, end });
      i = end;
    } else if (/[A-Za-z_$]/.test(c)) {
      const end = runEnd(text, i + 1, /[\w$-]/);
      tokens.push({ kind: 'word', start: i, end });
      i = end;
    } else {
      tokens.push({ kind: 'junk', start: i, end: ++i });
    }
  }
  return tokens;
}

/** Where a quoted string starting at `start` ends: after its closing quote, or at the end of its line. */
function quotedEnd(text: string, start: number): { end: number; closed: boolean } {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && text[i + 1] !== '\n') i++;
    else if (c === quote) return { end: i + 1, closed: true };
    else if (c === '\n') return { end: i, closed: false };
  }
  return { end: text.length, closed: false };
}

function commentEnd(text: string, start: number): number {
  if (text[start + 1] === '/') {
    const nl = text.indexOf('\n', start);
    return nl < 0 ? text.length : nl;
  }
  const close = text.indexOf('*/', start + 2);
  return close < 0 ? text.length : close + 2;
}

function runEnd(text: string, from: number, re: RegExp): number {
  let i = from;
  while (i < text.length && re.test(text[i])) i++;
  return i;
}

/** Whether a token closes a container. */
export const isCloser = (t: Token): boolean => t.kind === '}' || t.kind === ']';

/** Comment tokens that cannot be part of a broken URL (`http://`): they follow whitespace or punctuation. */
export function isRealComment(text: string, t: Token): boolean {
  if (t.kind !== 'comment') return false;
  const before = t.start > 0 ? text[t.start - 1] : '\n';
  return /[\s,{}[\]]/.test(before);
}
