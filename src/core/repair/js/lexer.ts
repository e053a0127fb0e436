// A tolerant JavaScript tokenizer: it never fails, so the repair search can see brackets, strings and line
// layout in a file that Babel refuses. Good enough for layout cues; Babel remains the judge of validity.
import { lineOf, lineStartsOf } from '../lines.js';

/** What a token is, as far as the repair search cares. */
type TokenKind = 'name' | 'num' | 'str' | 'tpl' | 'regex' | 'punct' | 'private';

/** One token of the source; `line` is 0-based. */
export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** The token's text for names and punctuators (strings, templates and numbers keep '' to save memory). */
  value: string;
  line: number;
  /** Set on a string or template that runs to the end of its line or file without a closing quote. */
  unterminated?: boolean;
}

/** The tokens of a text plus the start offset of each line, for layout questions. */
export interface Lexed {
  tokens: Token[];
  lineStarts: number[];
}

const PUNCTUATORS = [
  '>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=',
  '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=',
  '^=', '**', '<<', '>>',
];

const REGEX_AFTER_WORDS = new Set([
  'return', 'typeof', 'case', 'do', 'else', 'in', 'instanceof', 'new', 'delete', 'void', 'throw', 'yield', 'await', 'of',
]);

/** Splits a text into tokens, tolerating any error: an unclosed string ends at its line end. */
export function lex(text: string): Lexed {
  return new Lexer(text).run();
}


const isIdentStart = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 36 || c === 95 || c === 92 || c > 127;
const isIdentPart = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number) => c >= 48 && c <= 57;

class Lexer {
  private pos = 0;
  private readonly tokens: Token[] = [];
  private readonly lineStarts: number[];
  /** One entry per open `{` (false) or template `${` (true), to know where a `}` resumes a template. */
  private readonly braces: boolean[] = [];

  constructor(private readonly text: string) {
    this.lineStarts = lineStartsOf(text);
  }

  run(): Lexed {
    const t = this.text;
    if (t.startsWith('#!')) this.pos = this.lineEnd(0);
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 10 || c === 32 || c === 9 || c === 13 || c === 0xfeff || c === 0xa0 || c === 0x2028 || c === 0x2029) {
        this.pos++;
      } else if (c === 47 && t.charCodeAt(this.pos + 1) === 47) {
        this.pos = this.lineEnd(this.pos);
      } else if (c === 47 && t.charCodeAt(this.pos + 1) === 42) {
        this.skipBlockComment();
      } else {
        this.readToken(c);
      }
    }
    return { tokens: this.tokens, lineStarts: this.lineStarts };
  }

  private lineEnd(from: number): number {
    const i = this.text.indexOf('\n', from);
    return i < 0 ? this.text.length : i;
  }

  private skipBlockComment(): void {
    const close = this.text.indexOf('*/', this.pos + 2);
    this.pos = close < 0 ? this.text.length : close + 2;
  }

  private push(kind: TokenKind, start: number, end: number, value = '', unterminated = false): void {
    const token: Token = { kind, start, end, value, line: lineOf(this.lineStarts, start) };
    if (unterminated) token.unterminated = true;
    this.tokens.push(token);
    this.pos = end;
  }

  private readToken(c: number): void {
    const t = this.text;
    const start = this.pos;
    if (isIdentStart(c)) return this.readName(start, 'name');
    if (c === 35 && start + 1 < t.length && isIdentStart(t.charCodeAt(start + 1))) return this.readName(start, 'private');
    if (isDigit(c) || (c === 46 && isDigit(t.charCodeAt(start + 1)))) return this.readNumber(start);
    if (c === 39 || c === 34) return this.readString(start, c);
    if (c === 96) return this.readTemplate(start, start + 1);
    if (c === 47 && this.regexAllowed()) {
      const end = this.regexEnd(start);
      if (end > 0) return this.push('regex', start, end);
    }
    if (c === 123) this.braces.push(false);
    if (c === 125) {
      if (this.braces.pop()) {
        this.push('punct', start, start + 1, '}');
        return this.readTemplate(start + 1, start + 1);
      }
    }
    for (const p of PUNCTUATORS) {
      if (t.startsWith(p, start) && !(p === '?.' && isDigit(t.charCodeAt(start + 2)))) return this.push('punct', start, start + p.length, p);
    }
    this.push('punct', start, start + 1, t[start]);
  }

  private readName(start: number, kind: TokenKind): void {
    let i = start + 1;
    while (i < this.text.length && isIdentPart(this.text.charCodeAt(i))) i++;
    this.push(kind, start, i, this.text.slice(start, i));
  }

  private readNumber(start: number): void {
    const m = /^(?:0[xXoObB][\da-fA-F_]+n?|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?n?)/.exec(this.text.slice(start, start + 400));
    let length = m ? m[0].length : 1;
    // `elems[0.call(x)` is `elems[0].call(x)` that lost its `]`: a dot followed by a name is a member access.
    if (length > 1 && this.text[start + length - 1] === '.' && isIdentStart(this.text.charCodeAt(start + length))) length--;
    this.push('num', start, start + length);
  }

  private readString(start: number, quote: number): void {
    const t = this.text;
    for (let i = start + 1; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === quote) return this.push('str', start, i + 1);
      if (c === 92) {
        if (t.charCodeAt(i + 1) === 13 && t.charCodeAt(i + 2) === 10) i++;
        i++;
      } else if (c === 10) {
        return this.push('str', start, i, '', true);
      }
    }
    this.push('str', start, t.length, '', true);
  }

  /** Reads template text from `from` up to its closing backtick or the next `${`. */
  private readTemplate(start: number, from: number): void {
    const t = this.text;
    for (let i = from; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 92) i++;
      else if (c === 96) return this.push('tpl', start, i + 1);
      else if (c === 36 && t.charCodeAt(i + 1) === 123) {
        if (i > start) this.push('tpl', start, i);
        this.braces.push(true);
        return this.push('punct', i, i + 2, '${');
      }
    }
    this.push('tpl', start, t.length, '', true);
  }

  private regexAllowed(): boolean {
    const prev = this.tokens[this.tokens.length - 1];
    if (!prev) return true;
    if (prev.kind === 'name') return REGEX_AFTER_WORDS.has(prev.value);
    if (prev.kind === 'punct') return !(prev.value === ')' || prev.value === ']' || prev.value === '}' || prev.value === '++' || prev.value === '--');
    return false;
  }

  /** End of a regex literal starting at `start`, or -1 when the slash cannot start one on this line. */
  private regexEnd(start: number): number {
    const t = this.text;
    let inClass = false;
    for (let i = start + 1; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 10) return -1;
      if (c === 92) i++;
      else if (c === 91) inClass = true;
      else if (c === 93) inClass = false;
      else if (c === 47 && !inClass) {
        let j = i + 1;
        while (j < t.length && isIdentPart(t.charCodeAt(j))) j++;
        return j;
      }
    }
    return -1;
  }
}

/** Index of the first token starting at or after `offset` (tokens.length when none): where an edit there lands. */
export function firstTokenAtOrAfter(tokens: Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
