// Plain-text tables for the terminal, shared by `notify --test` and `report`.

/** Rows padded into aligned columns under a header; numbers (and `right` columns) align right. */
export function table(header: string[], rows: (string | number)[][], opts: { right?: number[] } = {}): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const right = new Set(opts.right ?? []);
  rows.forEach((r) => r.forEach((c, i) => typeof c === 'number' && right.add(i)));
  return cells
    .map((r) => r.map((c, i) => (right.has(i) ? (c ?? '').padStart(widths[i]) : (c ?? '').padEnd(widths[i]))).join('  ').trimEnd())
    .join('\n');
}
