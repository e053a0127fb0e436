// Fitting text into a service's limits: cut with a visible marker rather than have the service reject the
// message. Lengths are UTF-16 code units, never fewer than the characters the services count.

/** Appended where text was cut, so a reader knows something is missing. */
export const TRUNCATED = '… [truncated]';

/** `text` cut to at most `max` characters, ending with the marker when anything was cut. */
export function fit(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= TRUNCATED.length) return TRUNCATED.slice(0, Math.max(0, max));
  return text.slice(0, safeCut(text, max - TRUNCATED.length)) + TRUNCATED;
}

/** `text` in pieces of at most `max` characters, split after a newline where one is near the end. */
export function chunk(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const newline = rest.lastIndexOf('\n', max - 1);
    const at = newline >= max / 2 ? newline + 1 : Math.max(1, safeCut(rest, max));
    pieces.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  if (rest.length || !pieces.length) pieces.push(rest);
  return pieces;
}

/** A cut position at or before `at` that splits neither a surrogate pair nor an HTML entity like `&amp;`. */
function safeCut(text: string, at: number): number {
  let cut = at;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  const entity = /&[a-z]{0,4}$/.exec(text.slice(Math.max(0, cut - 5), cut));
  if (entity) cut -= entity[0].length;
  return Math.max(0, cut);
}
