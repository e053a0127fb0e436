// Reads what can still be read from a JSON object that does not parse, so a broken config keeps its values when
// it is rebuilt: first a best-effort repair (jsonrepair, size-capped), then a tolerant key-by-key scan that
// recovers every `"key": value` pair it can place, whatever else is wrong around them.
import { jsonrepair } from 'jsonrepair';

/** jsonrepair's time grows with the square of the input on some errors: config files are far smaller than this. */
const JSONREPAIR_MAX_CHARS = 256 * 1024;

/** What could be read, and how. */
export interface Salvage {
  value: Record<string, unknown>;
  method: 'best-effort repair' | 'key-by-key';
}

/** The object a broken JSON text most likely meant; `{}` when nothing could be read. */
export function salvageJson(text: string): Salvage {
  if (text.length <= JSONREPAIR_MAX_CHARS) {
    try {
      const value: unknown = JSON.parse(jsonrepair(text));
      if (isPlainObject(value)) return { value, method: 'best-effort repair' };
    } catch {
      /* jsonrepair gives up on some errors (e.g. a doubled comma in an object): scan instead */
    }
  }
  return { value: scanPairs(text), method: 'key-by-key' };
}

type Token = { kind: 'punct'; ch: string } | { kind: 'string'; value: string } | { kind: 'scalar'; value: unknown };

/** Lenient tokens: strings (also unterminated at the line end), numbers, literals, braces, brackets, colons. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if ('{}[]:'.includes(ch)) {
      tokens.push({ kind: 'punct', ch });
      i++;
    } else if (ch === '"') {
      let j = i + 1;
      let raw = '';
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') {
        if (text[j] === '\\' && j + 1 < text.length) raw += text[j++];
        raw += text[j++];
      }
      tokens.push({ kind: 'string', value: decodeString(raw) });
      i = text[j] === '"' ? j + 1 : j;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      const m = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)(?![\w.])/.exec(text.slice(i, i + 64));
      if (m) {
        tokens.push({ kind: 'scalar', value: JSON.parse(m[1]) });
        i += m[1].length;
      } else {
        i++; // commas, whitespace and garbage carry no value
      }
    }
  }
  return tokens;
}

function decodeString(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

type Frame = { kind: 'object'; value: Record<string, unknown>; key?: string } | { kind: 'array'; value: unknown[] } | { kind: 'ignored'; closer: string };

/** Rebuilds nested objects from `"key": value` pairs; arrays keep their scalar items; unplaceable values are dropped. */
function scanPairs(text: string): Record<string, unknown> {
  const tokens = tokenize(text);
  const root: Record<string, unknown> = {};
  const stack: Frame[] = [];
  const top = (): Frame | undefined => stack[stack.length - 1];
  const place = (value: unknown): void => {
    const f = top();
    if (f?.kind === 'object' && f.key !== undefined) {
      f.value[f.key] = value;
      f.key = undefined;
    } else if (f?.kind === 'array' && !isPlainObject(value) && !Array.isArray(value)) {
      f.value.push(value);
    }
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const f = top();
    if (t.kind === 'punct') {
      if (t.ch === '{') {
        if (!stack.length) stack.push({ kind: 'object', value: root });
        else if (f?.kind === 'object' && f.key !== undefined) {
          const child: Record<string, unknown> = {};
          place(child);
          stack.push({ kind: 'object', value: child });
        } else stack.push({ kind: 'ignored', closer: '}' });
      } else if (t.ch === '[') {
        if (f?.kind === 'object' && f.key !== undefined) {
          const child: unknown[] = [];
          place(child);
          stack.push({ kind: 'array', value: child });
        } else stack.push({ kind: 'ignored', closer: ']' });
      } else {
        // Close up to the nearest frame this bracket closes: a lost `]` must not keep an array open to the end.
        const closes = (x: Frame) => (t.ch === '}' ? x.kind === 'object' || (x.kind === 'ignored' && x.closer === '}') : x.kind === 'array' || (x.kind === 'ignored' && x.closer === ']'));
        const at = stack.findLastIndex(closes);
        if (at > 0) stack.length = at;
      }
      continue;
    }
    const next = tokens[i + 1];
    if (t.kind === 'string' && next?.kind === 'punct' && next.ch === ':') {
      // A key before any `{` (the opening brace was lost) belongs to the top object.
      if (!stack.length) stack.push({ kind: 'object', value: root });
      // Keys live in objects only: an array still open here lost its `]` (keys of ignored objects stay there).
      while (stack.length > 1 && top()?.kind === 'array') stack.pop();
      const owner = top();
      if (owner?.kind === 'object') owner.key = t.value;
      i++;
      continue;
    }
    place(t.value);
  }
  return root;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
