import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { knownZone, settleZone } from '@sales-pipeline/analytics-engines/testing';

const main = join(__dirname, '..', '..', '..', 'dist', 'apps', 'analytics', 'main.js');

/** The built CLI (the test target depends on build), as a user runs it. */
const analytics = (...args: string[]) => {
  const result = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

describe('npm run analytics', () => {
  let zone: string;
  beforeAll(async () => {
    zone = await knownZone();
  });
  afterAll(() => rm(zone, { recursive: true, force: true }));

  it('prints a report as a table, CSV or JSON', () => {
    const table = analytics('revenue-per-day', '--zone', zone, '--from', '2024-05-01', '--to', '2024-05-31');
    expect(table).toEqual({
      code: 0,
      stderr: '',
      stdout: ['sale_date   orders  units  revenue', '----------  ------  -----  -------', '2024-05-01       3      4   705.25', '2024-05-02       2      4  1849.99', '(2 rows)', ''].join('\n'),
    });
    expect(analytics('top-products', '--zone', zone, '--format', 'csv').stdout.split('\r\n').slice(0, 2)).toEqual([
      'product,orders,units,revenue',
      'Camera,2,4,1805',
    ]);
    expect(JSON.parse(analytics('revenue-per-hour', '--zone', zone, '--day', '2024-05-01', '--format', 'json').stdout)).toEqual([
      { sale_hour: 9, orders: 1, revenue: 200 },
      { sale_hour: 10, orders: 2, revenue: 505.25 },
    ]);
  });

  it('runs a free SELECT and refuses a write, exit 2', () => {
    expect(analytics('--zone', zone, '--sql', 'SELECT count(*) AS n FROM rejections', '--format', 'csv').stdout).toBe('n\r\n4\r\n');
    expect(analytics('--zone', zone, '--sql', '(SELECT 1 AS n) UNION ALL (SELECT 2) ORDER BY n', '--format', 'csv').stdout).toBe('n\r\n1\r\n2\r\n');
    expect(analytics('--zone', zone, '--sql', 'DELETE FROM orders')).toEqual(
      expect.objectContaining({ code: 2, stderr: expect.stringContaining('read-only: only a SELECT runs here, this is a DELETE statement') }),
    );
    expect(analytics('--zone', zone, '--sql', "SELECT * FROM read_text('/etc/hostname')")).toEqual(
      expect.objectContaining({ code: 2, stdout: '', stderr: expect.stringContaining('--sql reads only the tables orders and rejections of the zone') }),
    );
  });

  it('says what to do about bad input, exit 2; shows the engine message for a failing query, exit 1', () => {
    expect(analytics('revenue', '--zone', zone)).toEqual(expect.objectContaining({ code: 2, stderr: expect.stringContaining('no report named "revenue"; the reports are: revenue-per-day') }));
    expect(analytics('top-products', '--zone', zone, '--from', '2024-13-01')).toEqual(
      expect.objectContaining({ code: 2, stderr: 'analytics: --from must be a date YYYY-MM-DD, got "2024-13-01"\n' }),
    );
    expect(analytics('top-products', '--zone', join(zone, 'empty'))).toEqual(expect.objectContaining({ code: 2, stderr: expect.stringContaining('yet: run the pipeline first (`npm start -- --ticks 2`') }));
    expect(analytics('top-products', '--zone', zone, '--format', 'xml')).toEqual(expect.objectContaining({ code: 2, stderr: expect.stringContaining('must be one of table, csv, json') }));
    expect(analytics('--zone', zone, '--sql', 'SELECT nope FROM orders')).toEqual(expect.objectContaining({ code: 1, stderr: expect.stringContaining('Referenced column "nope" not found') }));
  });

  it('lists the reports with their parameters', () => {
    const list = analytics('--list');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('revenue-per-hour');
    expect(list.stdout).toContain('--day');
  });

  it('--compact compacts the days not yet compacted, says what it did, and the reports answer the same', async () => {
    const compactZone = await knownZone();
    try {
      const before = analytics('revenue-per-day', '--zone', compactZone).stdout;
      await settleZone(compactZone);
      expect(analytics('--compact', '--zone', compactZone)).toEqual(
        expect.objectContaining({ code: 0, stdout: expect.stringMatching(/^compaction: \d days? \(5 partitions of orders, rejections\), 10 rows from 6 objects, \d+\.\d kB → \d+\.\d kB of Parquet, in \d+\.\d s\n$/) }),
      );
      expect(analytics('--compact', '--zone', compactZone).stdout).toContain('every day of the zone is compacted and current');
      expect(analytics('revenue-per-day', '--zone', compactZone).stdout).toBe(before);
      expect(analytics('--compact', '--zone', join(compactZone, 'nothing-here'))).toEqual(expect.objectContaining({ code: 2, stderr: expect.stringContaining('no analytics zone at') }));
      expect(analytics('--compact', 'top-products', '--zone', compactZone)).toEqual(expect.objectContaining({ code: 2, stderr: expect.stringContaining('--compact takes no report') }));
    } finally {
      await rm(compactZone, { recursive: true, force: true });
    }
    // Six runs of the command, each starting Node and DuckDB: a few seconds on a quiet machine.
  }, 60_000);
});
