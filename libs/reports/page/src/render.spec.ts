import { createHash } from 'node:crypto';
import { chartSpecs, daySpan, pointsOf } from './charts';
import { emptyPage, totalsOf, type ReportPage } from './page-model';
import { renderReportDocument } from './render';
import { generatorHistoryPage } from './testing';

const assets = { chartJs: 'window.Chart = function () {};' };
const generatedAt = '2026-12-07T02:00:00Z';
const week = generatorHistoryPage({ from: '2026-12-01', days: 7, ordersPerDay: 1_000, generatedAt });

const totalShown = (html: string, id: string): string | undefined => new RegExp(`data-total="${id}">([^<]*)<`).exec(html)?.[1];

describe('the report page', () => {
  it('shows header totals that are the sums of the reports rows, formatted for people', () => {
    const page: ReportPage = {
      ...emptyPage('2026-12-01', '2026-12-02', generatedAt, 'test'),
      sales: [
        { day: '2026-12-01', orders: 1_200, revenue: 123_456.78 },
        { day: '2026-12-02', orders: 34, revenue: 0.1 },
      ],
      highValue: [{ day: '2026-12-01', highValue: 5, alerted: 4, revenue: 2_000 }],
      rejections: [{ day: '2026-12-02', reason: 'contact-info', rejections: 1_001 }],
      orderValue: { orders: 1_234, average: 100.04, p50: 90, p90: 400, p99: 499 },
    };
    const html = renderReportDocument(page, assets);
    expect(totalShown(html, 'revenue')).toBe('$123,456.88');
    expect(totalShown(html, 'orders')).toBe('1,234');
    expect(totalShown(html, 'high-value')).toBe('5');
    expect(totalShown(html, 'alerted')).toBe('4');
    expect(totalShown(html, 'rejections')).toBe('1,001');
    expect(totalShown(html, 'average-order')).toBe('$100.04');
    expect(html).toContain('5 high-value sales (0.4% of orders), 4 alerts sent: 1 sale not alerted.');
  });

  it('counts rejections per failing field and says so: an order failing on two fields is two rejections, not two orders', () => {
    const page: ReportPage = {
      ...emptyPage('2026-12-01', '2026-12-01', generatedAt, 'test'),
      sales: [{ day: '2026-12-01', orders: 1, revenue: 5 }],
      rejections: [
        { day: '2026-12-01', reason: 'contact-info', rejections: 1 },
        { day: '2026-12-01', reason: 'price', rejections: 1 },
      ],
    };
    const html = renderReportDocument(page, assets);
    expect(totalShown(html, 'rejections')).toBe('2');
    expect(html).toContain('2 rejections by failing field (an order failing on several fields counts once for each)');
    expect(html).not.toMatch(/2 rejected orders/);
  });

  it('says "no sales yet" and draws no chart when the history is empty', () => {
    const html = renderReportDocument(emptyPage('2026-12-01', '2026-12-07', generatedAt, 'test'), assets);
    expect(html).toContain('No sales yet between 2026-12-01 and 2026-12-07.');
    expect(html).not.toContain('<canvas');
    expect(chartSpecs(emptyPage('2026-12-01', '2026-12-07', generatedAt, 'test')).every((spec) => spec.empty !== null)).toBe(true);
  });

  it('gives every day of the span a point, a day without rows counting zero', () => {
    expect(daySpan(['2026-12-03', '2026-11-30'])).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03']);
    const page: ReportPage = { ...emptyPage('2026-12-01', '2026-12-05', generatedAt, 'test'), sales: [{ day: '2026-12-01', orders: 1, revenue: 5 }, { day: '2026-12-05', orders: 2, revenue: 7 }] };
    const [sales] = chartSpecs(page);
    expect(sales?.config.data.datasets[0]?.data).toEqual([5, 0, 0, 0, 7]);
    expect(sales?.table.rows.map((row) => row[0])).toEqual(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05']);
  });

  it('keeps text from order files as text: a product name cannot add markup or close the data script', () => {
    const product = '</script><img src=x onerror=alert(1)>';
    const page: ReportPage = { ...week, topProducts: [{ product, orders: 1, revenue: 10 }] };
    const html = renderReportDocument(page, assets);
    expect(html).not.toContain('<img');
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('allows exactly its inline blocks by hash and no network at all when it is a file', () => {
    const html = renderReportDocument(week, assets);
    const policy = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? '');
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(scripts).toHaveLength(2);
    expect(policy).toBe(`default-src 'none'; script-src ${scripts.map(hash).join(' ')}; style-src ${hash(/<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '')}`);
  });

  it('charts a week of generator history with a point per day and series', () => {
    const specs = chartSpecs(week);
    expect(specs.map((spec) => [spec.id, pointsOf(spec)])).toEqual([
      ['sales', 14],
      ['high-value', 14],
      ['top-products', 10],
      ['order-value', 4],
      ['rejections', 7],
      ['late-files', 0],
    ]);
    expect(totalsOf(week).orders).toBe(week.sales.reduce((n, row) => n + row.orders, 0));
  });
});
