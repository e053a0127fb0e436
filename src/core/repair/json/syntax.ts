// Strict JSON (or JSONC) syntax checking. JSON.parse decides whether a text is valid (fast, native, the same
// parser Node and npm use); this module only finds where and why it is not, since V8's messages often carry
// no position. It is iterative, so 50,000 levels of nesting cost a stack of numbers, not the call stack.
import { scan, type Token } from './scan.js';

/** The first syntax error in a text: its offset and a message written for the user. */
export interface SyntaxProblem {
  offset: number;
  message: string;
  /** Offsets of the containers still open at the error, outermost first. */
  open: number[];
}

/** Whether a text is valid, decided by JSON.parse (after blanking comments and trailing commas for JSONC). */
export function parses(text: string, jsonc: boolean): boolean {
  try {
    JSON.parse(jsonc ? blankJsonc(text) : text);
    return true;
  } catch {
    return false;
  }
}

/** The parsed value of a valid text, as a canonical string: two texts with the same meaning give the same string. */
export function meaning(text: string, jsonc: boolean): string {
  return JSON.stringify(JSON.parse(jsonc ? blankJsonc(text) : text));
}

/** JSONC to JSON of the same length: comments and trailing commas become spaces, so offsets still match. */
export function blankJsonc(text: string, tokens: Token[] = scan(text)): string {
  const blank: Array<[number, number]> = [];
  let pendingComma = -1;
  for (const t of tokens) {
    if (t.kind === 'comment') {
      blank.push([t.start, t.end]);
      continue;
    }
    if ((t.kind === '}' || t.kind === ']') && pendingComma >= 0) blank.push([pendingComma, pendingComma + 1]);
    pendingComma = t.kind === ',' ? t.start : -1;
  }
  if (!blank.length) return text;
  blank.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [s, e] of blank) {
    out += text.slice(at, s) + text.slice(s, e).replace(/[^\n]/g, ' ');
    at = e;
  }
  return out + text.slice(at);
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

type Expect = 'value' | 'key' | 'colon' | 'after';

/** Finds the first syntax error, or undefined when the text is valid JSON (JSONC when `jsonc`). */
export function findSyntaxError(text: string, jsonc: boolean): SyntaxProblem | undefined {
  const open: number[] = [];
  const n = text.length;
  let i = 0;
  let expect: Expect = 'value';
  let justOpened = false;
  let afterComma = false;
  const fail = (offset: number, message: string): SyntaxProblem => ({ offset, message, open: [...open] });

  for (;;) {
    const skipped = skipSpace(text, i, jsonc);
    if (typeof skipped !== 'number') return fail(skipped.offset, skipped.message);
    i = skipped;
    if (i >= n) {
      if (expect === 'after' && open.length === 0) return undefined;
      return fail(n, endMessage(text, open, expect));
    }
    const c = text[i];
    const top = open.length ? text[open[open.length - 1]] : '';
    const closes = top === '{' ? '}' : ']';
    const mayClose = justOpened || (jsonc && afterComma);
    if (expect === 'value' || expect === 'key') {
      if (c === closes && mayClose && (expect === 'key' || top === '[')) {
        open.pop();
        expect = 'after';
      } else if (expect === 'key') {
        if (c !== '"') return fail(i, keyMessage(c, afterComma, closes));
        const end = stringEnd(text, i);
        if (typeof end !== 'number') return fail(end.offset, end.message);
        i = end;
        expect = 'colon';
        justOpened = afterComma = false;
        continue;
      } else if (c === '{' || c === '[') {
        open.push(i);
        expect = c === '{' ? 'key' : 'value';
        justOpened = true;
        afterComma = false;
        i++;
        continue;
      } else {
        const end = valueEnd(text, i, afterComma, c === closes);
        if (typeof end !== 'number') return fail(end.offset, end.message);
        i = end;
        expect = 'after';
        justOpened = afterComma = false;
        continue;
      }
      i++;
      justOpened = afterComma = false;
    } else if (expect === 'colon') {
      if (c !== ':') return fail(i, "expected ':' after the property name");
      expect = 'value';
      i++;
    } else if (!open.length) {
      return fail(i, `unexpected ${describe(c)} after the end of the JSON value`);
    } else if (c === ',') {
      expect = top === '{' ? 'key' : 'value';
      afterComma = true;
      i++;
    } else if (c === closes) {
      open.pop();
      i++;
    } else if (c === '}' || c === ']') {
      return fail(i, `'${c}' does not match the '${top}' that is still open`);
    } else {
      return fail(i, `expected ',' or '${closes}' after ${top === '{' ? 'a property value' : 'an array element'}, found ${describe(c)}`);
    }
  }
}

function skipSpace(text: string, from: number, jsonc: boolean): number | { offset: number; message: string } {
  let i = from;
  for (;;) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
    else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      if (!jsonc) return { offset: i, message: 'comments are not allowed in JSON' };
      if (text[i + 1] === '/') {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? text.length : nl;
      } else {
        const close = text.indexOf('*/', i + 2);
        if (close < 0) return { offset: i, message: 'unterminated comment' };
        i = close + 2;
      }
    } else return i;
  }
}

function stringEnd(text: string, start: number): number | { offset: number; message: string } {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c === 10) return { offset: i, message: 'unterminated string (a string must end on its line with \'"\')' };
    if (c < 32) return { offset: i, message: 'control character in string (escape it)' };
    if (c === 92) {
      const e = text[i + 1];
      if (e === 'u') {
        if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, message: 'bad \\u escape in string' };
        i += 5;
      } else if (e !== undefined && ESCAPES.has(e)) i++;
      else return { offset: i, message: `bad escape '\\${e ?? ''}' in string` };
    }
  }
  return { offset: text.length, message: 'unterminated string at the end of the file' };
}

function valueEnd(text: string, i: number, afterComma: boolean, isCloser: boolean): number | { offset: number; message: string } {
  const c = text[i];
  if (c === '"') return stringEnd(text, i);
  if (c === '-' || (c >= '0' && c <= '9')) {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m || /[0-9A-Za-z.]/.test(text[i + m[0].length] ?? '')) return { offset: i, message: 'invalid number' };
    return i + m[0].length;
  }
  for (const word of ['true', 'false', 'null']) {
    if (text.startsWith(word, i) && !/[\w$]/.test(text[i + word.length] ?? '')) return i + word.length;
  }
  if (isCloser && afterComma) return { offset: i, message: `trailing ',' before '${c}' is not allowed in JSON` };
  if (c === ',' && afterComma) return { offset: i, message: "doubled ','" };
  if (c === "'") return { offset: i, message: 'strings need double quotes, not single quotes' };
  if (/[A-Za-z_$]/.test(c)) return { offset: i, message: `unexpected word '${/^[\w$-]*/.exec(text.slice(i, i + 40))?.[0]}' (strings need double quotes)` };
  return { offset: i, message: `expected a value, found ${describe(c)}` };
}

function keyMessage(c: string, afterComma: boolean, closes: string): string {
  if (c === closes && afterComma) return `trailing ',' before '${c}' is not allowed in JSON`;
  if (c === ',' && afterComma) return "doubled ','";
  if (c === "'") return 'property names need double quotes, not single quotes';
  return `expected a property name in double quotes, found ${describe(c)}`;
}

function endMessage(text: string, open: number[], expect: Expect): string {
  if (!text.trim()) return 'the file is empty (no JSON value)';
  if (!open.length) return 'unexpected end of the file';
  const top = text[open[open.length - 1]];
  const what = open.length === 1 ? `'${top}'` : `${open.length} containers`;
  return `the file ends before ${what} ${open.length === 1 ? 'is' : 'are'} closed${expect === 'after' ? '' : ' (it ends in the middle of a value)'}`;
}

function describe(c: string): string {
  if (c === '\0') return 'a NUL byte';
  return c.charCodeAt(0) < 32 ? `control character U+${c.charCodeAt(0).toString(16).padStart(4, '0')}` : `'${c}'`;
}
