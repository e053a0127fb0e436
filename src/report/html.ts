// The report as one self-contained HTML page: inline CSS and SVG charts, no script, and a content security
// policy that forbids loading anything, so it opens the same offline, in CI artifacts and in mail.
import type { Count, Report } from './build.js';
import { barChart, columnChart, esc, type BarRow } from './svg.js';

const COLORS = { repairs: '#27ae60', errors: '#eb5757', pushes: '#2f80ed', failed: '#f2994a', median: '#56ccf2', p95: '#2f80ed' };

/** Renders the report page. */
export function renderHtml(r: Report, opts: { project: string; generated?: Date }): string {
  const period = `${fmtTime(r.since)} → ${fmtTime(r.until)} UTC`;
  const trend = { up: '▲ rising', down: '▼ falling', flat: '● steady' }[r.errors.trend.direction];
  const cards = [
    card('Files repaired', r.repairs.files, `${r.repairs.fixes} fixes`),
    card('Unrepairable', r.repairs.unrepairable, 'files left as they were', r.repairs.unrepairable ? 'bad' : ''),
    card('Pushes', r.pushes.total, `${r.pushes.landed} landed · ${r.pushes.failed} failed · ${r.pushes.retries} retries`, r.pushes.failed ? 'warn' : ''),
    card('Hook runs', r.hooks.reduce((n, h) => n + h.count, 0), r.hooks.map((h) => `${h.hook} ${ms(h.median)}`).join(' · ') || 'none'),
    card('Errors', r.errors.total, `${trend}: ${r.errors.trend.firstHalf} → ${r.errors.trend.secondHalf}`, r.errors.total ? 'bad' : ''),
  ];
  const days = r.days.map((d) => d.day);
  const activity = columnChart(
    days,
    [
      { name: 'repairs', color: COLORS.repairs, values: r.days.map((d) => d.repairs) },
      { name: 'errors', color: COLORS.errors, values: r.days.map((d) => d.errors) },
      { name: 'pushes', color: COLORS.pushes, values: r.days.map((d) => d.pushes) },
    ],
    { title: 'Activity per day' },
  );
  const hookRows: BarRow[] = r.hooks.flatMap((h) => [
    { label: `${h.hook} median`, segments: [{ value: h.median ?? 0, color: COLORS.median, name: 'median ms' }], note: ms(h.median) },
    { label: `${h.hook} 95th percentile`, segments: [{ value: h.p95 ?? 0, color: COLORS.p95, name: '95th percentile ms' }], note: ms(h.p95) },
  ]);
  const pushRows: BarRow[] = r.pushes.byRemote.map((p) => ({
    label: p.remote,
    segments: [
      { value: p.landed, color: COLORS.pushes, name: 'landed' },
      { value: p.failed, color: COLORS.failed, name: 'failed' },
    ],
    note: `${p.landed} landed, ${p.failed} failed`,
  }));

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>qmoi-hooks report · ${esc(opts.project)}</title>
<style>
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1f2933; background: #f5f7fa; margin: 0; }
  header { background: #1f2933; color: #fff; padding: 18px 28px; }
  header h1 { font-size: 20px; margin: 0 0 4px; }
  header p { margin: 0; color: #cbd2d9; }
  main { padding: 20px 28px; max-width: 1180px; }
  .cards { display: grid; grid-template-columns: repeat(5, 1fr); gap: 12px; margin-bottom: 18px; }
  .card { background: #fff; border-radius: 8px; padding: 12px 14px; box-shadow: 0 1px 2px rgba(0,0,0,.08); border-top: 4px solid #27ae60; }
  .card.bad { border-top-color: #eb5757; } .card.warn { border-top-color: #f2994a; }
  .card .n { font-size: 26px; font-weight: 650; } .card .t { color: #52606d; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
  .card .s { color: #52606d; font-size: 12px; }
  section { background: #fff; border-radius: 8px; padding: 14px 18px; margin-bottom: 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  section h2 { font-size: 15px; margin: 0 0 10px; }
  .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; } .grid section { margin: 0; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; }
  th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e4e7eb; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
  .empty { color: #7b8794; font-style: italic; }
  svg text.axis, svg text.note { font-size: 11px; fill: #52606d; } svg text.label, svg text.legend { font-size: 12px; fill: #1f2933; }
</style>
</head>
<body>
<header><h1>qmoi-hooks report · ${esc(opts.project)}</h1><p>${esc(period)} · ${r.entries} log entries · generated ${esc(fmtTime((opts.generated ?? new Date()).toISOString()))} UTC</p></header>
<main>
<div class="cards">${cards.join('')}</div>
<section><h2>Activity per day (UTC)</h2>${activity}</section>
<div class="grid">
<section><h2>Repairs by kind</h2>${r.repairs.byKind.length ? barChart(countRows(r.repairs.byKind.slice(0, 12), COLORS.repairs), { width: 560, title: 'Repairs by kind' }) : empty()}</section>
<section><h2>Files repaired most</h2>${countTable(['file', 'repairs'], r.repairs.byFile.slice(0, 12))}${r.repairs.unrepairableFiles.length ? `<h2 style="margin-top:12px">Unrepairable files</h2>${countTable(['file', 'times'], r.repairs.unrepairableFiles.slice(0, 12))}` : ''}</section>
<section><h2>Time in hooks</h2>${hookRows.length ? barChart(hookRows, { width: 560, title: 'Time in hooks (ms)' }) : empty()}${
    r.hooks.length
      ? `<table><tr><th>hook</th><th class="n">runs</th><th class="n">blocked</th><th class="n">median</th><th class="n">95th pct</th><th class="n">max</th></tr>${r.hooks
          .map((h) => `<tr><td>${esc(h.hook)}</td><td class="n">${h.count}</td><td class="n">${h.blocked}</td><td class="n">${ms(h.median)}</td><td class="n">${ms(h.p95)}</td><td class="n">${ms(h.max)}</td></tr>`)
          .join('')}</table>`
      : ''
  }</section>
<section><h2>Pushes</h2>${pushRows.length ? barChart(pushRows, { width: 560, title: 'Push outcomes by remote' }) : empty()}${
    r.pushes.total ? `<p>${r.pushes.retries} retries · median ${ms(r.pushes.timing.median)} · 95th percentile ${ms(r.pushes.timing.p95)}</p>${countTable(['outcome', 'pushes'], r.pushes.byClassification)}` : ''
  }</section>
<section><h2>Errors by event</h2>${r.errors.byEvent.length ? barChart(countRows(r.errors.byEvent.slice(0, 12), COLORS.errors), { width: 560, title: 'Errors by event' }) : empty()}</section>
<section><h2>Notifications and monitor</h2>${
    r.notifications.length
      ? `<table><tr><th>channel</th><th class="n">delivered</th><th class="n">failed</th><th class="n">skipped</th></tr>${r.notifications
          .map((n) => `<tr><td>${esc(n.channel)}</td><td class="n">${n.delivered}</td><td class="n">${n.failed}</td><td class="n">${n.skipped}</td></tr>`)
          .join('')}</table>`
      : empty()
  }<p>${r.health.runs} monitor runs, ${r.health.unhealthy} unhealthy.</p></section>
</div>
</main>
</body>
</html>
`;
}

function card(title: string, n: number, sub: string, tone = ''): string {
  return `<div class="card ${tone}"><div class="t">${esc(title)}</div><div class="n">${n}</div><div class="s">${esc(sub)}</div></div>`;
}

function countRows(counts: Count[], color: string): BarRow[] {
  return counts.map((c) => ({ label: c.name, segments: [{ value: c.count, color, name: c.name }] }));
}

function countTable(header: [string, string], counts: Count[]): string {
  if (!counts.length) return empty();
  return `<table><tr><th>${esc(header[0])}</th><th class="n">${esc(header[1])}</th></tr>${counts.map((c) => `<tr><td>${esc(c.name)}</td><td class="n">${c.count}</td></tr>`).join('')}</table>`;
}

function empty(): string {
  return '<p class="empty">Nothing in this period.</p>';
}

function ms(v: number | undefined): string {
  return v === undefined ? '–' : `${v} ms`;
}

function fmtTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}
