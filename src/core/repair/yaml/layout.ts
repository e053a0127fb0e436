// What a broken YAML file's layout says, read line by line without trusting the parser: indentation,
// comments, block scalar bodies and where top-level entries start.

/** The spaces before a line's content (tabs end the count). */
export function indentOf(line: string): number {
  return line.length - line.replace(/^ +/, '').length;
}

/** Whether a line has no content at all, or only a comment. */
export function isBlankOrComment(line: string): boolean {
  return /^\s*(#.*)?$/.test(line);
}

/**
 * The file's indentation step: the most common increase from one structural line to the next (2 when no
 * increase is seen twice).
 * Block scalar bodies (scripts) are left out: their indentation is the script's, not the YAML's.
 */
export function indentUnit(lines: string[], body: boolean[]): number {
  const counts = new Map<number, number>();
  let prev = -1;
  for (const [i, line] of lines.entries()) {
    if (body[i] || isBlankOrComment(line) || /^\s*\t/.test(line)) continue;
    const indent = indentOf(line);
    if (prev >= 0 && indent > prev && indent - prev <= 8) counts.set(indent - prev, (counts.get(indent - prev) ?? 0) + 1);
    prev = indent;
  }
  let best = 2;
  for (const [step, n] of counts) if (n > 1 && n > (counts.get(best) ?? 0)) best = step;
  return best;
}

const BLOCK_SCALAR_HEADER = /(?:^|\s)[|>][-+0-9]*$/;

/**
 * Marks the lines that are the body of a block scalar (`key: |` and the more-indented lines after it).
 * A best guess on a broken file: good enough to keep key and quote repairs out of shell scripts.
 */
export function blockScalarBodies(lines: string[]): boolean[] {
  const body = lines.map(() => false);
  for (let i = 0; i < lines.length; i++) {
    if (isBlankOrComment(lines[i]) || !BLOCK_SCALAR_HEADER.test(withoutComment(lines[i]).trimEnd())) continue;
    const owner = indentOf(lines[i]);
    let j = i + 1;
    while (j < lines.length && (lines[j].trim() === '' || indentOf(lines[j]) > owner || /^ *\t/.test(lines[j]))) body[j++] = true;
    for (let k = j - 1; k > i && lines[k].trim() === ''; k--) body[k] = false;
    i = j - 1;
  }
  return body;
}

/** A line without its trailing comment (a `#` after a space, outside quotes). */
export function withoutComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      return line.slice(0, i);
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:-]/.test(line[i - 1]))) {
      quote = c;
    }
  }
  return line;
}

/** Lines that start a top-level mapping entry (a key at column 0), where the file can be cut into parts. */
export function topLevelStarts(lines: string[], body: boolean[]): number[] {
  const starts: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!body[i] && /^[^\s#\-\]}%.]|^\.[^.]/.test(lines[i])) starts.push(i);
  }
  return starts;
}
