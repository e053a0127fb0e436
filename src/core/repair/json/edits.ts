// Repairs as small edits to the user's text (never a re-serialisation), so the diff is the repair and nothing else.

/** Replace `remove` characters at `at` with `insert`; `what` says why, for the fix list. */
export interface Edit {
  at: number;
  remove: number;
  insert: string;
  what: string;
}

/** Applies non-overlapping edits (in any order) to a text. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.at - b.at);
  let out = '';
  let from = 0;
  for (const e of sorted) {
    out += text.slice(from, e.at) + e.insert;
    from = e.at + e.remove;
  }
  return out + text.slice(from);
}

/** Where an offset of the edited text was in the text before the edits (inside an insertion: its start). */
export function originalOffset(edits: readonly Edit[], offset: number): number {
  let shift = 0;
  for (const e of [...edits].sort((a, b) => a.at - b.at)) {
    const editedAt = e.at + shift;
    if (offset < editedAt) break;
    if (offset < editedAt + e.insert.length) return e.at;
    shift += e.insert.length - e.remove;
  }
  return offset - shift;
}

/** Edits made against an edited text, moved to the coordinates of the text before the first edits. */
export function rebase(first: readonly Edit[], second: readonly Edit[]): Edit[] {
  return second.map((e) => ({ ...e, at: originalOffset(first, e.at) }));
}

/** A short readable form of a snippet for messages: `'}'`, `'\n'`. */
export function shown(s: string): string {
  return `'${s.replace(/\n/g, '\\n').replace(/\t/g, '\\t')}'`;
}
