// Candidate one-line edits for the faults people make in YAML: tabs as indentation, a key without its ':',
// a line one space off, an unclosed quote, an unclosed '[' or '{'. Each carries a prior cost: how ordinary
// the edit is before we know whether it parses.
import { indentOf, isBlankOrComment, withoutComment } from './layout.js';

/** One changed line: its new text, where the change is (1-based column) and what it does. */
export interface Edit {
  /** 0-based line index. */
  line: number;
  text: string;
  column: number;
  description: string;
  prior: number;
}

/** What the generators need to know about the file. */
export interface EditContext {
  lines: string[];
  /** Lines inside block scalar bodies (scripts), where keys and quotes are text. */
  body: boolean[];
  unit: number;
}

/**
 * Tabs used as indentation: the same line with spaces. Whoever typed the tabs saw the line lined up in their
 * editor, so widths that line it up with the lines around it come first, then the file's own step per tab.
 */
export function tabEdits(ctx: EditContext, i: number): Edit[] {
  const line = ctx.lines[i];
  const lead = /^[ \t]*/.exec(line)![0];
  if (!lead.includes('\t') || isBlankOrComment(line)) return [];
  const tabs = lead.split('\t').length - 1;
  const spaces = lead.length - tabs;
  const used = indentsNear(ctx.lines, i);
  const beside = [neighbourIndent(ctx.lines, i, -1), neighbourIndent(ctx.lines, i, 1)];
  const edits = new Map<number, Edit>();
  const add = (width: number, prior: number) => {
    const alignment = beside.includes(width) ? 0 : used.has(width) ? 1 : 2;
    const known = edits.get(width);
    if (known && known.prior <= prior + alignment) return;
    edits.set(width, { line: i, text: ' '.repeat(width) + line.slice(lead.length), column: 1, description: `replaced tab indentation with ${width} spaces`, prior: prior + alignment });
  };
  for (const tabWidth of [ctx.unit, 2, 4, 8]) add(tabs * tabWidth + spaces, tabWidth === ctx.unit ? 0 : 0.5);
  add(tabs * ctx.unit + spaces + 1, 1);
  return [...edits.values()];
}

/** Indentation of the nearest content line above (-1) or below (1). */
function neighbourIndent(lines: string[], i: number, direction: -1 | 1): number | undefined {
  for (let j = i + direction; j >= 0 && j < lines.length; j += direction) {
    if (!isBlankOrComment(lines[j]) && !/^\s*\t/.test(lines[j])) return indentOf(lines[j]);
  }
  return undefined;
}

const BARE_KEY = /^(\s*)([A-Za-z_$][^\s:#'"[\]{},]*)(\s.*)?$/;

/** A key that lost its ':': the colon after the first word (or, less likely, at the end of the line). */
export function colonEdits(ctx: EditContext, i: number): Edit[] {
  const line = ctx.lines[i];
  if (ctx.body[i] || isBlankOrComment(line) || hasKeyColon(line)) return [];
  const m = BARE_KEY.exec(line);
  if (!m) return [];
  const at = m[1].length + m[2].length;
  const edits = [{ line: i, text: line.slice(0, at) + ':' + line.slice(at), column: at + 1, description: `added ':' after key '${m[2]}'`, prior: 0 }];
  const end = withoutComment(line).trimEnd().length;
  if (end > at) edits.push({ line: i, text: line.slice(0, end) + ':' + line.slice(end), column: end + 1, description: `added ':' after key '${line.slice(m[1].length, end)}'`, prior: 2 });
  return edits;
}

function hasKeyColon(line: string): boolean {
  return /:(\s|$)/.test(withoutComment(line));
}

/**
 * A line one space off: the same line one space further in or out, when that puts it at a column other lines
 * nearby use (a line is moved to line up with its siblings, not to a column of its own).
 */
export function indentEdits(ctx: EditContext, i: number): Edit[] {
  const line = ctx.lines[i];
  if (isBlankOrComment(line) || /^\s*\t/.test(line)) return [];
  const indent = indentOf(line);
  const used = indentsNear(ctx.lines, i);
  const edits: Edit[] = [];
  if (used.has(indent + 1)) edits.push({ line: i, text: ' ' + line, column: 1, description: 'indented the line one more space', prior: 1 });
  if (indent > 0 && used.has(indent - 1)) edits.push({ line: i, text: line.slice(1), column: 1, description: 'indented the line one space less', prior: 1 });
  return edits;
}

const NEAR_LINES = 40;

function indentsNear(lines: string[], i: number): Set<number> {
  const used = new Set<number>();
  for (let j = Math.max(0, i - NEAR_LINES); j < Math.min(lines.length, i + NEAR_LINES); j++) {
    if (j === i || isBlankOrComment(lines[j])) continue;
    // A '- ' opens a column of its own: the keys of a map inside a sequence item line up after it.
    const lead = /^[ ]*(?:-[ ]+)*/.exec(lines[j])![0];
    used.add(indentOf(lines[j]));
    for (let k = lead.indexOf('-'); k >= 0; k = lead.indexOf('-', k + 1)) used.add(lead.slice(k + 1).search(/[^ ]|$/) + k + 1);
  }
  return used;
}

/**
 * A quoted scalar that does not close where it should: the quote inserted where the text can end, most
 * likely at the end of the line or before a comment that the open quote swallowed.
 */
export function quoteEdits(ctx: EditContext, i: number): Edit[] {
  const line = ctx.lines[i];
  if (ctx.body[i] || isBlankOrComment(line)) return [];
  const bad = unbalancedQuote(line);
  if (!bad) return [];
  const end = line.trimEnd().length;
  const comment = line.slice(bad.open).search(/\s#/);
  const beforeComment = comment < 0 ? -1 : line.slice(0, bad.open + comment).trimEnd().length;
  const edits: Edit[] = [];
  for (let p = bad.open + 1; p <= Math.min(bad.until, end); p++) {
    const prior = p === beforeComment ? 0 : p === end ? (beforeComment < 0 ? 0 : 2) : /[,\]}]/.test(line[p]) ? 0.5 : /[\s:]/.test(line[p]) ? 1 : -1;
    if (prior < 0) continue;
    const trailingSpace = p > bad.open + 1 && /\s/.test(line[p - 1]) ? 1 : 0;
    edits.push({ line: i, text: line.slice(0, p) + bad.quote + line.slice(p), column: p + 1, description: `closed the ${bad.quote === '"' ? 'double' : 'single'} quote opened at column ${bad.open + 1}`, prior: prior + trailingSpace });
  }
  return edits;
}

/** The first quoted scalar on a line that is not closed, or is followed by text that cannot follow it. */
function unbalancedQuote(line: string): { open: number; quote: string; until: number } | undefined {
  let i = 0;
  let scalarStart = true;
  while (i < line.length) {
    const c = line[i];
    if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return undefined;
    if (scalarStart && (c === '"' || c === "'")) {
      const close = closingQuote(line, i);
      if (close < 0) return { open: i, quote: c, until: line.length };
      const next = line.slice(close + 1).trimStart();
      if (next !== '' && !/^[:,\]}#]/.test(next)) return { open: i, quote: c, until: close };
      i = close + 1;
      scalarStart = false;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    scalarStart = /[[{,]/.test(c) || ((c === '-' || c === ':' || c === '?') && (i + 1 === line.length || /\s/.test(line[i + 1])));
    i++;
  }
  return undefined;
}

function closingQuote(line: string, open: number): number {
  const q = line[open];
  for (let i = open + 1; i < line.length; i++) {
    if (q === '"' && line[i] === '\\') i++;
    else if (q === "'" && line[i] === "'" && line[i + 1] === "'") i++;
    else if (line[i] === q) return i;
  }
  return -1;
}

/** An unclosed '[' or '{' on a line: the closers inserted at the end of the line, or before a separator. */
export function flowEdits(ctx: EditContext, i: number): Edit[] {
  const line = ctx.lines[i];
  if (ctx.body[i] || isBlankOrComment(line)) return [];
  const open = unclosedFlow(line);
  if (!open.length) return [];
  const closers = open.map((p) => (line[p] === '[' ? ']' : '}')).reverse().join('');
  const end = withoutComment(line).trimEnd().length;
  const edits: Edit[] = [{ line: i, text: line.slice(0, end) + closers + line.slice(end), column: end + 1, description: `closed '${closers}'`, prior: 0 }];
  const last = open[open.length - 1];
  const closer = line[last] === '[' ? ']' : '}';
  for (let p = last + 1; p < end; p++) {
    if (!/[,\]}]/.test(line[p])) continue;
    edits.push({ line: i, text: line.slice(0, p) + closer + line.slice(p), column: p + 1, description: `closed '${line[last]}' opened at column ${last + 1}`, prior: 1 });
  }
  return edits;
}

/** Positions of '[' and '{' still open at the end of the line (outside quotes and comments). */
function unclosedFlow(line: string): number[] {
  const stack: number[] = [];
  const text = withoutComment(line);
  let inFlow = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ((c === '"' || c === "'") && (stack.length || /[\s:[{,-]/.test(text[i - 1] ?? ' '))) {
      const close = closingQuote(text, i);
      if (close < 0) return stack;
      i = close;
    } else if ((c === '[' || c === '{') && (inFlow || /^(\s*|.*[\s:-])$/.test(text.slice(0, i)))) {
      stack.push(i);
      inFlow = true;
    } else if ((c === ']' || c === '}') && stack.length) {
      stack.pop();
      inFlow = stack.length > 0;
    }
  }
  return stack;
}
