import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describeReportError, RejectionsTable, type ReportParams, Reports } from '@sales-pipeline/analytics-zone';
import * as E from 'fp-ts/Either';
import { knownZone, rejectionRow, writeObject } from './testing';
import { type DuckDbEngine, openDuckDbEngine } from './duckdb-engine';
import { ReportsDirectory, runReport } from './run-report';

const workspaceRoot = join(__dirname, '..', '..', '..', '..');
const reportsDir = join(workspaceRoot, ReportsDirectory);

// Workspace build tooling, not a project: loaded by path. dt-sql-parser's ESM build has directory imports plain Node
// refuses: it is bundled to CommonJS for the test.
const { loadBundled }: typeof import('../../../../tools/load-bundled.cjs') = require(join(workspaceRoot, 'tools', 'load-bundled.cjs'));
type TrinoSql = new () => { validate: (sql: string) => { message: string }[] };
const trinoParser = () => new (loadBundled('export { TrinoSQL } from "dt-sql-parser";')['TrinoSQL'] as TrinoSql)();

describe('report SQL', () => {
  it('is one file per report, and nothing else', () => {
    expect(readdirSync(reportsDir).sort()).toEqual(Reports.map((report) => `${report.name}.sql`).sort());
  });

  it('parses with a Trino grammar (Athena engine v3), and a broken text does not', () => {
    const parser = trinoParser();
    for (const report of Reports) {
      expect([report.name, parser.validate(readFileSync(join(reportsDir, `${report.name}.sql`), 'utf8'))]).toEqual([report.name, []]);
    }
    expect(parser.validate('SELECT sale_date FROM orders WHERE GROUP BY 1').length).toBeGreaterThan(0);
  });

  it('has exactly one ? per declared placeholder', () => {
    for (const report of Reports) {
      const sql = readFileSync(join(reportsDir, `${report.name}.sql`), 'utf8').replace(/--.*$/gm, '');
      expect([report.name, sql.split('?').length - 1]).toEqual([report.name, report.placeholders.length]);
    }
  });
});

describe('reports on DuckDB over a zone with known answers', () => {
  let zone: string;
  let engine: DuckDbEngine;

  beforeAll(async () => {
    zone = await knownZone();
    // incoming/x.json uploaded again two days later (a new version): its rejections again, same ids, another object.
    const reuploaded = (row: ReturnType<typeof rejectionRow>) => ({ ...row, source_version_id: 'v2' });
    await writeObject(zone, RejectionsTable, '2024-05-03', 'f1v2-0-9', [
      reuploaded(rejectionRow('r1', 'quantity', '2024-05-03T08:00:00.000Z')),
      reuploaded(rejectionRow('r1', 'contact-info', '2024-05-03T08:00:00.000Z')),
    ]);
    const opened = await openDuckDbEngine(zone)();
    if (E.isLeft(opened)) throw new Error(JSON.stringify(opened.left));
    engine = opened.right;
  });
  afterAll(async () => {
    engine.close();
    await rm(zone, { recursive: true, force: true });
  });

  const report = async (name: string, params: ReportParams = {}) => {
    const result = await runReport(engine, workspaceRoot, name, params)();
    if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
    return result.right.rows.map((row) => Object.fromEntries(result.right.columns.map((column, i) => [column, row[i]])));
  };

  it('revenue-per-day: per sale day, for a range, for one product', async () => {
    expect(await report('revenue-per-day')).toEqual([
      { sale_date: '2024-05-01', orders: 3, units: 4, revenue: 705.25 },
      { sale_date: '2024-05-02', orders: 2, units: 4, revenue: 1849.99 },
      { sale_date: '2024-06-01', orders: 1, units: 4, revenue: 40 },
    ]);
    expect(await report('revenue-per-day', { from: '2024-05-02', to: '2024-05-31' })).toEqual([
      { sale_date: '2024-05-02', orders: 2, units: 4, revenue: 1849.99 },
    ]);
    expect(await report('revenue-per-day', { product: 'Camera' })).toEqual([
      { sale_date: '2024-05-01', orders: 1, units: 1, revenue: 455 },
      { sale_date: '2024-05-02', orders: 1, units: 3, revenue: 1350 },
    ]);
    expect(await report('revenue-per-day', { product: "Phone, 'mini'" })).toEqual([expect.objectContaining({ orders: 1 })]);
  });

  it('revenue-per-hour: the hours (UTC) of one day', async () => {
    expect(await report('revenue-per-hour', { day: '2024-05-01' })).toEqual([
      { sale_hour: 9, orders: 1, revenue: 200 },
      { sale_hour: 10, orders: 2, revenue: 505.25 },
    ]);
  });

  it('high-value-per-day: count, share, revenue and alerted', async () => {
    expect(await report('high-value-per-day')).toEqual([
      { sale_date: '2024-05-01', orders: 3, high_value_orders: 1, high_value_share: 0.3333, high_value_revenue: 455, alerted: 1 },
      { sale_date: '2024-05-02', orders: 2, high_value_orders: 2, high_value_share: 1, high_value_revenue: 1849.99, alerted: 1 },
      { sale_date: '2024-06-01', orders: 1, high_value_orders: 0, high_value_share: 0, high_value_revenue: 0, alerted: 0 },
    ]);
  });

  it('top-products: by revenue over the range', async () => {
    expect((await report('top-products')).map((row) => [row['product'], row['revenue']])).toEqual([
      ['Camera', 1805],
      ['Laptop', 499.99],
      ['Monitor', 250.25],
      ["Phone, 'mini'", 40],
    ]);
    expect((await report('top-products', { from: '2024-06-01', to: '2024-06-01' })).map((row) => row['product'])).toEqual(["Phone, 'mini'"]);
  });

  it('order-value: the average order value and price percentiles', async () => {
    const [row] = await report('order-value');
    expect(row).toEqual(expect.objectContaining({ orders: 6, average_order_value: 432.54 }));
    expect(row?.['price_p50']).toBeGreaterThanOrEqual(50.25);
    expect(row?.['price_p50']).toBeLessThanOrEqual(455);
    expect(row?.['price_p99']).toBeGreaterThanOrEqual(455);
  });

  it('rejections-per-day: rejected orders per day and failing field, a re-uploaded rejection once', async () => {
    const rejections = async (params: ReportParams = {}) =>
      (await report('rejections-per-day', params)).map((row) => [row['rejected_date'], row['reason_path'], row['rejected_orders']]);
    // r1 was rejected again on 2024-05-03 (a re-upload): counted on its first rejection day within the range.
    expect(await rejections()).toEqual([
      ['2024-05-01', 'contact-info', 2],
      ['2024-05-01', 'quantity', 1],
      ['2024-05-02', 'order_id', 1],
    ]);
    expect(await rejections({ from: '2024-05-03' })).toEqual([
      ['2024-05-03', 'contact-info', 1],
      ['2024-05-03', 'quantity', 1],
    ]);
  });

  it('late-files: orders ingested after their sale day', async () => {
    expect(await report('late-files')).toEqual([
      { sale_date: '2024-05-01', ingested_date: '2024-05-03', orders: 1, files: 1 },
      { sale_date: '2024-06-01', ingested_date: '2024-06-02', orders: 1, files: 1 },
    ]);
  });

  it('--sql runs one SELECT over the zone tables and refuses writes and files outside the zone', async () => {
    const count = await engine.select('SELECT count(*) AS n FROM orders')();
    expect(count).toEqual(E.right({ columns: ['n'], rows: [[6]] }));
    const cases: readonly (readonly [string, RegExp])[] = [
      [`COPY orders TO '${zone}/out.csv'`, /read-only: only a SELECT runs here, this is a COPY statement/],
      ['CREATE TABLE t AS SELECT 1', /this is a CREATE statement/],
      ['WITH x AS (SELECT 1) DELETE FROM orders', /Can only delete from base table|this is a DELETE statement/],
      ['/* a comment */ INSERT INTO orders SELECT * FROM orders', /this is a INSERT statement/],
      ['SET enable_external_access = true', /this is a SET statement/],
      ['SELECT 1; SELECT 2', /exactly one SELECT statement \(got 2\)/],
      ["SELECT * FROM read_csv('/etc/passwd')", /Permission Error/],
      ["COPY orders TO '/tmp/out.csv'", /this is a COPY statement/],
    ];
    for (const [sql, message] of cases) {
      const result = await engine.select(sql)();
      expect(E.isLeft(result) ? describeReportError(result.left) : 'ran').toMatch(message);
    }
  });

  it('an empty zone is an empty history that says what to do', async () => {
    const result = await openDuckDbEngine(join(zone, 'nothing-here'))();
    expect(result).toEqual(E.left(expect.objectContaining({ _tag: 'EmptyHistory', message: expect.stringContaining('pass --zone <dir>') })));
  });
});
