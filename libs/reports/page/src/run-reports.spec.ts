import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDbEngine, type DuckDbEngine } from '@sales-pipeline/analytics-engines';
import * as E from 'fp-ts/Either';
import { formatCount, formatDollars } from './format';
import { renderReportDocument } from './render';
import { runPageReports } from './run-reports';
import { generatedFile, writeSalesZone } from './testing';

const workspaceRoot = join(__dirname, '..', '..', '..', '..');
const files = ['2026-12-01T10:00:00Z', '2026-12-01T10:01:00Z', '2026-12-02T23:59:00Z'].map((time) => generatedFile(time));
const stored = files.flatMap((file) => file.stored);
const request = { today: '2026-12-07', generatedAt: '2026-12-07T02:00:00Z', source: 'test zone' };

describe('the page from the reports over a zone of the generator mock sales', () => {
  let zone: string;
  let engine: DuckDbEngine;

  beforeAll(async () => {
    zone = await mkdtemp(join(tmpdir(), 'report-zone-'));
    await writeSalesZone(zone, files);
    const opened = await openDuckDbEngine(zone)();
    if (E.isLeft(opened)) throw new Error(JSON.stringify(opened.left));
    engine = opened.right;
  });
  afterAll(async () => {
    engine.close();
    await rm(zone, { recursive: true, force: true });
  });

  it('shows in its header the counts of the orders written, not of anything else', async () => {
    const page = await runPageReports(engine, workspaceRoot, request)();
    if (E.isLeft(page)) throw new Error(JSON.stringify(page.left));
    const html = renderReportDocument(page.right, { chartJs: '' });
    const shown = (id: string) => new RegExp(`data-total="${id}">([^<]*)<`).exec(html)?.[1];
    const revenue = stored.reduce((sum, sale) => sum + Math.round(sale.price * sale.quantity * 100), 0) / 100;
    expect(page.right.range).toEqual({ from: '2026-12-01', to: '2026-12-02' });
    expect(shown('orders')).toBe(formatCount(stored.length));
    expect(shown('revenue')).toBe(formatDollars(revenue));
    expect(shown('high-value')).toBe(formatCount(stored.filter((sale) => sale.price > 400).length));
    expect(shown('rejections')).toBe(formatCount(files.flatMap((file) => file.rejected).length));
    expect(page.right.topProducts.reduce((n, product) => n + product.orders, 0)).toBe(stored.length);
  });

  it('keeps a range it was given, and an empty range is a page of no sales', async () => {
    const page = await runPageReports(engine, workspaceRoot, { ...request, from: '2027-01-01', to: '2027-01-31' })();
    if (E.isLeft(page)) throw new Error(JSON.stringify(page.left));
    expect(page.right).toMatchObject({ range: { from: '2027-01-01', to: '2027-01-31' }, sales: [], orderValue: null, topProducts: [] });
    expect(renderReportDocument(page.right, { chartJs: '' })).toContain('No sales yet between 2027-01-01 and 2027-01-31.');
  });
});
