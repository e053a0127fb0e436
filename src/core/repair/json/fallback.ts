// The last resort, when no single edit makes the text parse: jsonrepair (loaded only here, never for a valid
// file), trusted only when all it did was insert a few punctuation characters near the error (quotes around an
// unquoted key or value, a comma and a quote on neighbouring lines). It may not delete or reword anything, and
// its closers are not taken: it puts a lost inner '}' where it gives up, not where the indentation says.
import { shown, type Edit } from './edits.js';
import { parses } from './syntax.js';

/** Above this size jsonrepair is not tried: its time grows with the square of the size on trailing commas. */
const MAX_BYTES = 256 * 1024;
/** At most this many characters inserted. */
const MAX_INSERTED = 6;

/** jsonrepair's repair of `text` as insertions inside `window`, or undefined when it does not qualify. */
export async function fallbackRepair(text: string, jsonc: boolean, window: { from: number; to: number }): Promise<Edit[] | undefined> {
  if (text.length > MAX_BYTES) return undefined;
  const { jsonrepair } = await import('jsonrepair');
  let fixed: string;
  try {
    fixed = jsonrepair(text);
  } catch {
    return undefined;
  }
  if (fixed.length - text.length > MAX_INSERTED || !parses(fixed, jsonc)) return undefined;
  const edits = insertions(text, fixed);
  const ok = edits?.every((e) => e.at >= window.from && e.at <= window.to && /^[",:]+$/.test(e.insert));
  return ok ? edits : undefined;
}

/** When `after` is `before` with characters added, those additions as insertions; else undefined. */
function insertions(before: string, after: string): Edit[] | undefined {
  const edits: Edit[] = [];
  let i = 0;
  for (let j = 0; j < after.length; j++) {
    if (i < before.length && before[i] === after[j]) {
      i++;
      continue;
    }
    if (edits.length >= MAX_INSERTED) return undefined;
    const last = edits[edits.length - 1];
    if (last && last.at === i) last.insert += after[j];
    else edits.push({ at: i, remove: 0, insert: after[j], what: '' });
  }
  if (i < before.length) return undefined;
  return edits.map((e) => ({ ...e, what: `inserted ${shown(e.insert)}` }));
}
