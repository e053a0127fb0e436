// Charts as inline SVG text: no script, no library, nothing fetched, so the report page works offline.

/** Escapes text for HTML and SVG content and attribute values. */
export function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** One series of a column chart. */
export interface Series {
  name: string;
  color: string;
  values: number[];
}

/** Grouped columns over labelled slots (days), with a y axis, gridlines and a legend. */
export function columnChart(labels: string[], series: Series[], opts: { width?: number; height?: number; title: string }): string {
  const width = opts.width ?? 1000;
  const height = opts.height ?? 260;
  const left = 44;
  const bottom = 28;
  const top = 28;
  const plotW = width - left - 12;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(1, ...series.flatMap((s) => s.values)));
  const slot = plotW / Math.max(1, labels.length);
  const barW = Math.max(1, (slot * 0.8) / series.length);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const parts: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const v = (max / 4) * i;
    parts.push(`<line x1="${left}" x2="${width - 12}" y1="${y(v)}" y2="${y(v)}" stroke="#e3e6ea"/>`, `<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" class="axis">${esc(round(v))}</text>`);
  }
  const every = Math.ceil(labels.length / 12);
  labels.forEach((label, i) => {
    const x0 = left + i * slot + slot * 0.1;
    series.forEach((s, j) => {
      const v = s.values[i] ?? 0;
      if (v > 0) parts.push(`<rect x="${x0 + j * barW}" y="${y(v)}" width="${barW}" height="${top + plotH - y(v)}" fill="${s.color}"><title>${esc(`${label} ${s.name}: ${v}`)}</title></rect>`);
    });
    if (i % every === 0) parts.push(`<text x="${left + i * slot + slot / 2}" y="${top + plotH + 16}" text-anchor="middle" class="axis">${esc(label.slice(5))}</text>`);
  });
  parts.push(`<line x1="${left}" x2="${width - 12}" y1="${top + plotH}" y2="${top + plotH}" stroke="#8a929c"/>`);
  let lx = left;
  for (const s of series) {
    parts.push(`<rect x="${lx}" y="6" width="12" height="12" fill="${s.color}"/><text x="${lx + 16}" y="16" class="legend">${esc(s.name)}</text>`);
    lx += 24 + s.name.length * 7.5;
  }
  return svg(width, height, opts.title, parts);
}

/** One row of a bar chart: a label and one or more segments laid end to end. */
export interface BarRow {
  label: string;
  segments: { value: number; color: string; name: string }[];
  /** Text shown after the bar (defaults to the total). */
  note?: string;
}

/** Horizontal bars, one row per label, segments stacked. */
export function barChart(rows: BarRow[], opts: { width?: number; title: string }): string {
  const width = opts.width ?? 1000;
  const rowH = 26;
  const labelW = Math.min(360, 16 + Math.max(40, ...rows.map((r) => r.label.length * 7)));
  const noteW = 110;
  const plotW = width - labelW - noteW;
  const max = Math.max(1, ...rows.map((r) => total(r)));
  const parts: string[] = [];
  rows.forEach((r, i) => {
    const y = 8 + i * rowH;
    const label = r.label.length > 50 ? `${r.label.slice(0, 49)}…` : r.label;
    parts.push(`<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" class="label">${esc(label)}<title>${esc(r.label)}</title></text>`);
    let x = labelW;
    for (const s of r.segments) {
      const w = (s.value / max) * plotW;
      if (w > 0) parts.push(`<rect x="${x}" y="${y + 3}" width="${w}" height="${rowH - 8}" fill="${s.color}"><title>${esc(`${s.name}: ${s.value}`)}</title></rect>`);
      x += w;
    }
    parts.push(`<text x="${x + 6}" y="${y + 15}" class="note">${esc(r.note ?? String(total(r)))}</text>`);
  });
  return svg(width, 16 + rows.length * rowH, opts.title, parts);
}

function svg(width: number, height: number, title: string, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${parts.join('')}</svg>`;
}

function total(r: BarRow): number {
  return r.segments.reduce((n, s) => n + s.value, 0);
}

/** A round axis maximum at or above `v`: four ticks of 1, 2, 2.5 (from 25 up) or 5 times a power of ten. */
function niceMax(v: number): number {
  const step = Math.max(1, v / 4);
  const p = 10 ** Math.floor(Math.log10(step));
  const factors = p >= 10 ? [1, 2, 2.5, 5, 10] : [1, 2, 5, 10];
  return 4 * (factors.map((f) => f * p).find((c) => c >= step) as number);
}

function round(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
