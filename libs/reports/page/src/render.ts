import { createHash } from 'node:crypto';
import { reportClient } from './browser/report-client';
import { chartSpecs, headerFigures, type ChartSpec, type DataTable } from './charts';
import { escapeHtml, formatCount, plural, scriptJson } from './format';
import { totalsOf, type LiveStatus, type ReportPage } from './page-model';

/** What the page inlines besides its own code: the chart library's browser build. */
export interface PageAssets {
  readonly chartJs: string;
}

/** The served page: where its updates come from and what the pipeline is doing now. */
export interface LiveOptions {
  readonly eventsPath: string;
  readonly status: LiveStatus;
}

const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1a1a1a;--muted:#555;--grid:#0000001f;--card:#f4f5f7;--accent:#0b57d0;
--series-1:#0b57d0;--series-2:#c2410c;--series-3:#7c3aed;--series-4:#0f766e;--series-5:#b91c1c;--series-6:#a16207}
@media (prefers-color-scheme:dark){:root{--bg:#111418;--fg:#e8eaed;--muted:#a8adb4;--grid:#ffffff24;--card:#1c2127;--accent:#8ab4f8;
--series-1:#8ab4f8;--series-2:#fdba74;--series-3:#c4b5fd;--series-4:#5eead4;--series-5:#fca5a5;--series-6:#fde68a}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header,main,#live,footer{max-width:1200px;margin:0 auto;padding:0 16px}
h1{font-size:1.6rem;margin:20px 0 4px}h2{font-size:1.1rem;margin:0 0 4px}
.meta,.summary,footer{color:var(--muted)}.summary{margin:0 0 8px}
.totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,170px),1fr));gap:8px;margin:12px 0;padding:0}
.totals div{background:var(--card);border-radius:8px;padding:8px 12px}.totals dt{color:var(--muted);font-size:.85rem}
.totals dd{margin:0;font-size:1.2rem;font-weight:600;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,520px),1fr));gap:16px;margin:16px 0}
figure{margin:0;background:var(--card);border-radius:8px;padding:12px;min-width:0}
.plot{position:relative;height:280px}
.empty{display:flex;align-items:center;justify-content:center;height:120px;color:var(--muted);font-size:1.1rem;border:1px dashed var(--grid);border-radius:8px}
details{margin-top:8px}summary{cursor:pointer;color:var(--accent)}
.table-scroll{overflow-x:auto;max-height:360px;overflow-y:auto}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums;font-size:.9rem}
caption{text-align:left;color:var(--muted);padding:4px 0}
th,td{padding:3px 8px;border-bottom:1px solid var(--grid);text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left}thead th{position:sticky;top:0;background:var(--card)}
#live{margin-top:12px}#live dl{display:flex;flex-wrap:wrap;gap:8px 20px;margin:0;padding:8px 12px;border:1px solid var(--grid);border-radius:8px}
#live dt{color:var(--muted);font-size:.85rem}#live dd{margin:0;font-weight:600}
footer{padding-bottom:24px;font-size:.85rem}
`;

const table = ({ caption, head, rows }: DataTable): string =>
  `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head.map((cell) => `<th scope="col">${escapeHtml(cell)}</th>`).join('')}</tr></thead><tbody>` +
  rows.map(([first, ...rest]) => `<tr><th scope="row">${escapeHtml(first ?? '')}</th>${rest.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('') +
  `</tbody></table>`;

const figure = (spec: ChartSpec): string => {
  const plot =
    spec.empty === null
      ? `<div class="plot"><canvas id="chart-${spec.id}" role="img" aria-label="${escapeHtml(spec.title)}" aria-describedby="summary-${spec.id}"></canvas></div>` +
        `<details><summary>Table of the numbers</summary><div class="table-scroll">${table(spec.table)}</div></details>`
      : `<p class="empty">${escapeHtml(spec.empty)}</p>`;
  return (
    `<figure id="figure-${spec.id}" data-chart="${spec.id}" aria-labelledby="title-${spec.id}">` +
    `<h2 id="title-${spec.id}">${escapeHtml(spec.title)}</h2>${spec.empty === null ? `<p class="summary" id="summary-${spec.id}">${escapeHtml(spec.summary)}</p>` : ''}${plot}</figure>`
  );
};

const madeAt = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** The report itself (header, totals, charts and their data): the part the served page replaces as files are processed. */
export const renderReportBody = (page: ReportPage): string => {
  const specs = chartSpecs(page);
  const totals = totalsOf(page);
  const noSales = totals.orders === 0 ? `<p class="empty" id="no-sales">No sales yet between ${page.range.from} and ${page.range.to}.</p>` : '';
  const drawable = specs.map(({ id, empty, config, axisFormats, datasetFormats }) => ({ id, empty, config, axisFormats, datasetFormats }));
  return (
    `<header><h1>Sales report</h1>` +
    `<p class="meta">${page.range.from} to ${page.range.to} · ${plural(totals.days, 'day')} with sales · made ${madeAt(page.generatedAt)} from ${escapeHtml(page.source)}</p>` +
    `<dl class="totals">${headerFigures(page)
      .map((figure) => `<div><dt>${escapeHtml(figure.label)}</dt><dd data-total="${figure.id}">${escapeHtml(figure.value)}</dd></div>`)
      .join('')}</dl>${noSales}</header>` +
    `<section class="charts" aria-label="Charts">${specs.map(figure).join('')}</section>` +
    `<script type="application/json" data-report-charts>${scriptJson(drawable)}</script>`
  );
};

/** The served page's live part. */
export const renderLiveStatus = (status: LiveStatus): string =>
  `<h2>Now</h2><dl>` +
  [
    ['Files in flight', formatCount(status.filesInFlight)],
    ['Executions in flight', formatCount(status.executionsInFlight)],
    ['Files done', formatCount(status.filesDone)],
    ['Alerts sent', formatCount(status.alertsSent)],
    ['Dead letters waiting', formatCount(status.deadLettersWaiting)],
    ['Updated', madeAt(status.updatedAt).slice(11)],
  ]
    .map(([label, value]) => `<div><dt>${label}</dt><dd>${value}</dd></div>`)
    .join('') +
  `</dl>`;

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const clientScript = `(${reportClient.toString()})();`;

/**
 * One self-contained HTML document: styles, Chart.js and the page's script inlined. Its Content-Security-Policy
 * allows exactly those inline blocks (by hash) and no network at all, so opened from disk or as an e-mail attachment
 * it fetches nothing; the served page may also connect back to its own server for updates.
 */
export const renderReportDocument = (page: ReportPage, assets: PageAssets, live?: LiveOptions): string => {
  const policy = [
    `default-src 'none'`,
    `script-src ${sha256(assets.chartJs)} ${sha256(clientScript)}`,
    `style-src ${sha256(STYLE)}`,
    ...(live === undefined ? [] : [`connect-src 'self'`]),
  ].join('; ');
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${policy}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark">` +
    `<title>Sales report ${page.range.from} to ${page.range.to}</title><style>${STYLE}</style></head>` +
    `<body${live === undefined ? '' : ` data-events="${escapeHtml(live.eventsPath)}"`}>` +
    (live === undefined ? '' : `<section id="live" aria-live="polite" aria-label="The pipeline now">${renderLiveStatus(live.status)}</section>`) +
    `<main id="report">${renderReportBody(page)}</main>` +
    `<footer>sales-pipeline report · charts drawn with Chart.js · every number is in the table under its chart</footer>` +
    `<script>${assets.chartJs}</script><script>${clientScript}</script></body></html>\n`
  );
};
