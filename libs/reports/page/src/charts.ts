import type { ChartConfiguration } from 'chart.js';
import { formatCount, formatDollars, formatShare, plural } from './format';
import { totalsOf, type DailyRejections, type ReportPage } from './page-model';

/** How the browser formats an axis's ticks and a dataset's tooltips (functions cannot travel in JSON). */
export type ValueFormat = 'dollars' | 'count';

export interface DataTable {
  readonly caption: string;
  readonly head: readonly string[];
  /** Formatted cells; the first cell of a row is its header. */
  readonly rows: readonly (readonly string[])[];
}

/** One chart: its title, a sentence that says what it shows, the Chart.js configuration, and the table behind it. */
export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  /** Shown instead of axes when the report returned nothing for this chart. */
  readonly empty: string | null;
  /** JSON only: colours as `var(--series-n)`, resolved from the page's CSS in the browser (light or dark). */
  readonly config: ChartConfiguration<'bar' | 'line', number[], string>;
  readonly axisFormats: Readonly<Record<string, ValueFormat>>;
  readonly datasetFormats: readonly ValueFormat[];
  readonly table: DataTable;
}

const series = (n: number) => `var(--series-${(n % 6) + 1})`;

const DAY_MS = 86_400_000;

/** Every day from the first to the last one given: a day without rows is a day without sales, not a gap to skip. */
export const daySpan = (days: readonly string[]): readonly string[] => {
  if (days.length === 0) return [];
  const sorted = [...days].sort();
  const first = Date.parse(`${sorted[0]}T00:00:00Z`);
  const last = Date.parse(`${sorted[sorted.length - 1]}T00:00:00Z`);
  return Array.from({ length: Math.round((last - first) / DAY_MS) + 1 }, (_, i) => new Date(first + i * DAY_MS).toISOString().slice(0, 10));
};

const byDay = <A extends { readonly day: string }>(rows: readonly A[]): ReadonlyMap<string, A> => new Map(rows.map((row) => [row.day, row]));

const largest = <A>(rows: readonly A[], value: (row: A) => number): A | undefined =>
  rows.reduce<A | undefined>((best, row) => (best === undefined || value(row) > value(best) ? row : best), undefined);

const axis = (id: string, position: 'left' | 'right', title: string) => ({
  [id]: { type: 'linear' as const, position, beginAtZero: true, title: { display: true, text: title }, ...(position === 'right' ? { grid: { drawOnChartArea: false } } : {}) },
});

const salesChart = (page: ReportPage): ChartSpec => {
  const totals = totalsOf(page);
  const days = daySpan(page.sales.map((row) => row.day));
  const rows = byDay(page.sales);
  const best = largest(page.sales, (row) => row.revenue);
  return {
    id: 'sales',
    title: 'Revenue and orders per day',
    summary:
      best === undefined
        ? 'No sales yet.'
        : `${formatDollars(totals.revenue)} from ${plural(totals.orders, 'order')} over ${plural(days.length, 'day')}; the best day was ${best.day} with ${formatDollars(best.revenue)} from ${plural(best.orders, 'order')}.`,
    empty: best === undefined ? 'No sales yet.' : null,
    config: {
      type: 'bar',
      data: {
        labels: [...days],
        datasets: [
          { type: 'bar', label: 'Revenue', data: days.map((day) => rows.get(day)?.revenue ?? 0), backgroundColor: series(0), yAxisID: 'revenue', order: 2 },
          { type: 'line', label: 'Orders', data: days.map((day) => rows.get(day)?.orders ?? 0), borderColor: series(1), backgroundColor: series(1), yAxisID: 'orders', pointRadius: days.length > 31 ? 0 : 3, order: 1 },
        ],
      },
      options: { scales: { ...axis('revenue', 'left', 'Revenue'), ...axis('orders', 'right', 'Orders') } },
    },
    axisFormats: { revenue: 'dollars', orders: 'count' },
    datasetFormats: ['dollars', 'count'],
    table: {
      caption: 'Orders and revenue per sale day',
      head: ['Day', 'Orders', 'Revenue'],
      rows: days.map((day) => [day, formatCount(rows.get(day)?.orders ?? 0), formatDollars(rows.get(day)?.revenue ?? 0)]),
    },
  };
};

const highValueChart = (page: ReportPage): ChartSpec => {
  const totals = totalsOf(page);
  const days = daySpan(page.highValue.map((row) => row.day));
  const rows = byDay(page.highValue);
  const sales = byDay(page.sales);
  const unalerted = totals.highValue - totals.alerted;
  return {
    id: 'high-value',
    title: 'High-value sales and alerts sent per day',
    summary:
      totals.highValue === 0
        ? 'No high-value sales yet.'
        : `${plural(totals.highValue, 'high-value sale')} (${formatShare(totals.highValue, totals.orders)} of orders), ${plural(totals.alerted, 'alert')} sent` +
          `${unalerted === 0 ? ': every one alerted.' : `: ${plural(unalerted, 'sale')} not alerted.`}`,
    empty: totals.highValue === 0 ? 'No high-value sales yet.' : null,
    config: {
      type: 'bar',
      data: {
        labels: [...days],
        datasets: [
          { type: 'bar', label: 'High-value sales', data: days.map((day) => rows.get(day)?.highValue ?? 0), backgroundColor: series(2), order: 2 },
          { type: 'line', label: 'Alerts sent', data: days.map((day) => rows.get(day)?.alerted ?? 0), borderColor: series(3), backgroundColor: series(3), pointRadius: days.length > 31 ? 0 : 3 },
        ],
      },
      options: { scales: { ...axis('y', 'left', 'Sales') } },
    },
    axisFormats: { y: 'count' },
    datasetFormats: ['count', 'count'],
    table: {
      caption: 'High-value sales per day and the alerts sent for them',
      head: ['Day', 'High-value sales', 'Share of orders', 'Revenue', 'Alerts sent'],
      rows: days.map((day) => {
        const row = rows.get(day);
        return [day, formatCount(row?.highValue ?? 0), formatShare(row?.highValue ?? 0, sales.get(day)?.orders ?? 0), formatDollars(row?.revenue ?? 0), formatCount(row?.alerted ?? 0)];
      }),
    },
  };
};

const topProductsChart = (page: ReportPage): ChartSpec => {
  const totals = totalsOf(page);
  const top = page.topProducts[0];
  return {
    id: 'top-products',
    title: 'Top products by revenue',
    summary:
      top === undefined
        ? 'No sales yet.'
        : `${top.product} leads with ${formatDollars(top.revenue)} (${formatShare(top.revenue, totals.revenue)} of revenue) from ${plural(top.orders, 'order')}.`,
    empty: top === undefined ? 'No sales yet.' : null,
    config: {
      type: 'bar',
      data: {
        labels: page.topProducts.map((row) => row.product),
        datasets: [{ label: 'Revenue', data: page.topProducts.map((row) => row.revenue), backgroundColor: series(0) }],
      },
      options: { indexAxis: 'y', scales: { x: { type: 'linear', beginAtZero: true } } },
    },
    axisFormats: { x: 'dollars' },
    datasetFormats: ['dollars'],
    table: {
      caption: 'Products with the most revenue',
      head: ['Product', 'Orders', 'Revenue', 'Share of revenue'],
      rows: page.topProducts.map((row) => [row.product, formatCount(row.orders), formatDollars(row.revenue), formatShare(row.revenue, totals.revenue)]),
    },
  };
};

const orderValueChart = (page: ReportPage): ChartSpec => {
  const value = page.orderValue;
  const measures: readonly (readonly [string, number])[] =
    value === null || value.orders === 0
      ? []
      : [
          ['Average order', value.average],
          ['Median price', value.p50],
          ['90th percentile price', value.p90],
          ['99th percentile price', value.p99],
        ];
  return {
    id: 'order-value',
    title: 'Order value and price distribution',
    summary:
      value === null || value.orders === 0
        ? 'No sales yet.'
        : `The average order is ${formatDollars(value.average)}; half the prices are at most ${formatDollars(value.p50)}, one in ten is above ${formatDollars(value.p90)} and one in a hundred above ${formatDollars(value.p99)}.`,
    empty: measures.length === 0 ? 'No sales yet.' : null,
    config: {
      type: 'bar',
      data: {
        labels: measures.map(([name]) => name),
        datasets: [{ label: 'Dollars', data: measures.map(([, dollars]) => dollars), backgroundColor: measures.map((_, i) => series(i)) }],
      },
      options: { scales: { y: { type: 'linear', beginAtZero: true } }, plugins: { legend: { display: false } } },
    },
    axisFormats: { y: 'dollars' },
    datasetFormats: ['dollars'],
    table: {
      caption: `Order value over ${plural(value?.orders ?? 0, 'order')}`,
      head: ['Measure', 'Dollars'],
      rows: measures.map(([name, dollars]) => [name, formatDollars(dollars)]),
    },
  };
};

const reasonsOf = (rows: readonly DailyRejections[]): readonly string[] => {
  const totals = new Map<string, number>();
  rows.forEach((row) => totals.set(row.reason, (totals.get(row.reason) ?? 0) + row.rejections));
  return [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([reason]) => reason);
};

const rejectionsChart = (page: ReportPage): ChartSpec => {
  const days = daySpan(page.rejections.map((row) => row.day));
  const reasons = reasonsOf(page.rejections);
  const cell = new Map(page.rejections.map((row) => [`${row.day} ${row.reason}`, row.rejections]));
  const count = (day: string, reason: string) => cell.get(`${day} ${reason}`) ?? 0;
  const total = totalsOf(page).rejections;
  const first = reasons[0];
  return {
    id: 'rejections',
    title: 'Rejected orders per day, by reason',
    summary:
      first === undefined
        ? 'No rejected orders.'
        : `${plural(total, 'rejection')} by failing field (an order failing on several fields counts once for each); the most common reason is ${first} (${formatCount(page.rejections.filter((row) => row.reason === first).reduce((n, row) => n + row.rejections, 0))}).`,
    empty: first === undefined ? 'No rejected orders.' : null,
    config: {
      type: 'bar',
      data: {
        labels: [...days],
        datasets: reasons.map((reason, i) => ({ label: reason, data: days.map((day) => count(day, reason)), backgroundColor: series(i) })),
      },
      options: { scales: { x: { stacked: true }, y: { type: 'linear', stacked: true, beginAtZero: true } } },
    },
    axisFormats: { y: 'count' },
    datasetFormats: reasons.map(() => 'count'),
    table: {
      caption: 'Rejected orders per day and reason (the failing field)',
      head: ['Day', ...reasons, 'Total'],
      rows: days.map((day) => [day, ...reasons.map((reason) => formatCount(count(day, reason))), formatCount(reasons.reduce((n, reason) => n + count(day, reason), 0))]),
    },
  };
};

const lateOrdersChart = (page: ReportPage): ChartSpec => {
  const saleDays = daySpan(page.lateOrders.map((row) => row.saleDay));
  const perSaleDay = new Map<string, number>();
  page.lateOrders.forEach((row) => perSaleDay.set(row.saleDay, (perSaleDay.get(row.saleDay) ?? 0) + row.orders));
  const daysLate = (row: { readonly saleDay: string; readonly ingestionDay: string }) =>
    Math.round((Date.parse(`${row.ingestionDay}T00:00:00Z`) - Date.parse(`${row.saleDay}T00:00:00Z`)) / DAY_MS);
  const latest = largest(page.lateOrders, daysLate);
  const { lateOrders } = totalsOf(page);
  const files = page.lateOrders.reduce((n, row) => n + row.files, 0);
  return {
    id: 'late-files',
    title: 'Late files: orders ingested after their sale day',
    summary:
      latest === undefined
        ? 'No late files.'
        : `${plural(lateOrders, 'order')} arrived after their sale day, in ${plural(files, 'file')}; the latest ${plural(daysLate(latest), 'day')} late (sold ${latest.saleDay}, ingested ${latest.ingestionDay}).`,
    empty: latest === undefined ? 'No late files.' : null,
    config: {
      type: 'bar',
      data: {
        labels: [...saleDays],
        datasets: [{ label: 'Late orders', data: saleDays.map((day) => perSaleDay.get(day) ?? 0), backgroundColor: series(4) }],
      },
      options: { scales: { y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'Orders, by sale day' } } } },
    },
    axisFormats: { y: 'count' },
    datasetFormats: ['count'],
    table: {
      caption: 'Orders ingested after their sale day',
      head: ['Sale day', 'Ingested', 'Days late', 'Orders', 'Files'],
      rows: page.lateOrders.map((row) => [row.saleDay, row.ingestionDay, formatCount(daysLate(row)), formatCount(row.orders), formatCount(row.files)]),
    },
  };
};

/** The page's charts, in the order they are shown. */
export const chartSpecs = (page: ReportPage): readonly ChartSpec[] => [
  salesChart(page),
  highValueChart(page),
  topProductsChart(page),
  orderValueChart(page),
  rejectionsChart(page),
  lateOrdersChart(page),
];

/** How many values a chart draws: what the browser test expects to find rendered. */
export const pointsOf = (spec: ChartSpec): number => spec.config.data.datasets.reduce((n, dataset) => n + dataset.data.length, 0);

/** The header's figures, formatted; `id` names each for tests and for readers of the HTML. */
export const headerFigures = (page: ReportPage): readonly { readonly id: string; readonly label: string; readonly value: string }[] => {
  const totals = totalsOf(page);
  return [
    { id: 'revenue', label: 'Revenue', value: formatDollars(totals.revenue) },
    { id: 'orders', label: 'Orders', value: formatCount(totals.orders) },
    { id: 'average-order', label: 'Average order', value: totals.averageOrderValue === null ? '–' : formatDollars(totals.averageOrderValue) },
    { id: 'high-value', label: 'High-value sales', value: formatCount(totals.highValue) },
    { id: 'alerted', label: 'Alerts sent', value: formatCount(totals.alerted) },
    { id: 'rejections', label: 'Rejections (by failing field)', value: formatCount(totals.rejections) },
    { id: 'late-orders', label: 'Late orders', value: formatCount(totals.lateOrders) },
  ];
};
