import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OrdersTable, Reports, type Rows, ZoneTables } from '@sales-pipeline/analytics-zone';
import * as fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { lock } from 'proper-lockfile';
import { type CompactedDay, compactZone, describeCompaction, describeStoppedCompaction } from './compact-zone';
import { openDuckDbEngine } from './duckdb-engine';
import { runReport } from './run-report';
import { knownZone, orderRow, settleZone, writeObject } from './testing';
import { zoneDays } from './zone-days';

const workspaceRoot = join(__dirname, '..', '..', '..', '..');

const withEngine = async <A>(zone: string, use: (run: (name: string) => Promise<Rows>, select: (sql: string) => Promise<Rows>) => Promise<A>): Promise<A> => {
  const opened = await openDuckDbEngine(zone)();
  if (E.isLeft(opened)) throw new Error(JSON.stringify(opened.left));
  const engine = opened.right;
  const unwrap = (result: E.Either<unknown, Rows>) => {
    if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
    return result.right;
  };
  try {
    return await use(
      async (name) => unwrap(await runReport(engine, workspaceRoot, name, name === 'revenue-per-hour' ? { day: '2024-05-01' } : {})()),
      async (sql) => unwrap(await engine.select(sql)()),
    );
  } finally {
    engine.close();
  }
};

const everyReport = (zone: string) =>
  withEngine(zone, async (run) => {
    const answers: Record<string, Rows> = {};
    for (const report of Reports) answers[report.name] = await run(report.name);
    return answers;
  });

const compact = async (zone: string) => {
  await settleZone(zone);
  const result = await compactZone(zone)();
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

const compactedDays = async (zone: string) => {
  let count = 0;
  for (const table of ZoneTables) for (const day of await zoneDays(zone, table)) if (day.compacted !== undefined) count += 1;
  return count;
};

const sale = (id: string, day: string, price: number) =>
  orderRow({ id, at: `${day}T10:00:00Z`, product: 'Camera', quantity: 1, price, ingestedAt: `${day}T10:01:00.000Z` });

describe('compacting the zone', () => {
  let zone: string;
  beforeEach(async () => {
    zone = await knownZone();
  });
  afterEach(() => rm(zone, { recursive: true, force: true }));

  it('gives every report the same answers as the objects as written, each row once', async () => {
    const asWritten = await everyReport(zone);
    const done = await compact(zone);
    expect(done.map((day) => `${day.table} ${day.day} ${day.rows}`)).toEqual([
      'orders 2024-05-01 3',
      'orders 2024-05-02 2',
      'orders 2024-06-01 1',
      'rejections 2024-05-01 3',
      'rejections 2024-05-02 1',
    ]);
    expect(await compactedDays(zone)).toBe(5);
    expect(await everyReport(zone)).toEqual(asWritten);
    expect(await compact(zone)).toEqual([]);
  });

  it('runs two compactions of one zone one after the other: both succeed, each day compacted once, every report as before', async () => {
    const asWritten = await everyReport(zone);
    await settleZone(zone);
    const [first, second] = await Promise.all([compactZone(zone)(), compactZone(zone)()]);
    const done = [first, second].map((result) => (E.isLeft(result) ? result.left.message : result.right.length));
    expect([...done].sort()).toEqual([0, 5]);
    expect(await everyReport(zone)).toEqual(asWritten);
  });

  it('stops waiting for another compaction when a stop is requested, and compacts nothing', async () => {
    const release = await lock(zone, { lockfilePath: join(zone, '.compaction.lock'), realpath: false });
    try {
      let asked = 0;
      const stopped = await compactZone(zone, { shouldStop: () => ++asked > 2 })();
      expect(stopped).toEqual(E.right([]));
      expect(asked).toBe(3);
    } finally {
      await release();
    }
    expect(await compactedDays(zone)).toBe(0);
  });

  it('finds nothing to compact in a zone not written yet (a run whose files held no order), at once', async () => {
    expect(await compactZone(join(zone, 'not-written-yet'))()).toEqual(E.right([]));
  });

  it('reads a day written after its compaction as written until compacted again, each order once', async () => {
    await compact(zone);
    const before = await withEngine(zone, (_run, select) => select('SELECT count(*) AS n, sum(price * quantity) AS revenue FROM orders'));
    // a replay rewrites the same key with the same rows; a new batch adds an order to another compacted day
    await writeObject(zone, OrdersTable, '2024-05-01', 'f2-0-9', [
      orderRow({ id: 'c', at: '2024-05-01T10:59:59Z', product: 'Monitor', quantity: 1, price: 50.25, ingestedAt: '2024-05-03T00:00:01.000Z' }),
    ]);
    await writeObject(zone, OrdersTable, '2024-05-02', 'f9-0-0', [sale('g', '2024-05-02', 7)]);
    expect(await compactedDays(zone)).toBe(3);
    const counted = 'SELECT count(*) AS n, count(DISTINCT order_id) AS ids, sum(price * quantity) AS revenue FROM orders';
    const expected = [[7, 7, Number(before.rows[0]?.[1]) + 7]];
    expect((await withEngine(zone, (_run, select) => select(counted))).rows).toEqual(expected);
    expect((await compact(zone)).map((day) => day.day)).toEqual(['2024-05-01', '2024-05-02']);
    expect((await withEngine(zone, (_run, select) => select(counted))).rows).toEqual(expected);
  });

  it('ignores what a crash leaves: temporary files, a copy its manifest does not name', async () => {
    const asWritten = await everyReport(zone);
    await compact(zone);
    const day = join(zone, 'compacted', 'orders', 'sale_date=2024-05-01');
    const [parquet] = (await readdir(day)).filter((name) => name.endsWith('.parquet'));
    await writeFile(join(day, '.half-written.tmp'), 'PAR1');
    await writeFile(join(day, '1.parquet'), 'PAR1');
    await writeFile(join(zone, 'orders', 'sale_date=2024-05-01', '.mirror-copy.tmp'), '{"order_id": "x"');
    await settleZone(zone); // the leftover in the day directory made it stale: the day is read as written
    expect(await everyReport(zone)).toEqual(asWritten);
    await compact(zone);
    expect((await readdir(day)).sort()).toEqual([expect.stringMatching(/^\d+\.parquet$/), 'manifest.json']);
    expect(await readdir(day)).not.toContain(parquet);
    expect(await everyReport(zone)).toEqual(asWritten);
  });
});

describe('compaction interleaved with writes', () => {
  const Days = ['2025-03-01', '2025-03-02'];
  const write = fc.record({ kind: fc.constant('write' as const), day: fc.constantFrom(...Days), batch: fc.integer({ min: 0, max: 3 }), orders: fc.integer({ min: 1, max: 3 }) });
  const step = fc.oneof(write, fc.constant({ kind: 'compact' as const }));

  it('counts exactly the rows the objects hold now, whatever was compacted when', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const zone = await knownZone();
        // the objects as they stand: a rewrite of a batch (a replay, or a redrive with more orders) replaces its rows
        const objects = new Map<string, { count: number; revenue: number }>();
        try {
          for (const current of steps) {
            if (current.kind === 'compact') {
              await compact(zone);
              continue;
            }
            const rows = Array.from({ length: current.orders }, (_, i) => sale(`${current.day}-${current.batch}-${i}`, current.day, 10 + i));
            await writeObject(zone, OrdersTable, current.day, `b${current.batch}`, rows);
            objects.set(`${current.day}/${current.batch}`, { count: rows.length, revenue: rows.reduce((sum, row) => sum + Number(row['price']), 0) });
          }
          const known = { count: 6, revenue: 705.25 + 1849.99 + 40 };
          const written = [...objects.values()].reduce((sum, object) => ({ count: sum.count + object.count, revenue: sum.revenue + object.revenue }), known);
          const answer = await withEngine(zone, (_run, select) => select('SELECT count(*) AS n, round(sum(price * quantity), 2) AS revenue FROM orders'));
          expect(answer.rows).toEqual([[written.count, Math.round(written.revenue * 100) / 100]]);
        } finally {
          await rm(zone, { recursive: true, force: true });
        }
      }),
      { numRuns: 15 },
    );
    // Up to 60 compactions, each a DuckDB instance of its own: seconds on a quiet machine, many more under load.
  }, 120_000);
});

describe('the compaction line', () => {
  const day = (table: string, date: string): CompactedDay => ({ table, day: date, objects: 10, rows: 100, sourceBytes: 2_000_000, bytes: 40_000, milliseconds: 250 });
  const twoDays = [day('orders', '2026-12-06'), day('rejections', '2026-12-06'), day('orders', '2026-12-07')];

  it('counts days once, partitions per table, and bytes before and after', () => {
    expect(describeCompaction(twoDays)).toBe(
      'compaction: 2 days (3 partitions of orders, rejections), 300 rows from 30 objects, 6.0 MB → 120.0 kB of Parquet, in 0.8 s',
    );
    expect(describeCompaction([])).toBe('compaction: every day of the zone is compacted and current');
  });

  it('says a stopped compaction stopped, and never that the zone is current', () => {
    expect(describeStoppedCompaction([])).toBe('compaction: stopped before its first day, the other days stay as written until the next compaction');
    expect(describeStoppedCompaction(twoDays)).toMatch(/^compaction: 2 days .*; then stopped, the other days stay as written until the next compaction$/);
  });
});
