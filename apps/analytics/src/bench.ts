import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { type CompactedDay, CompactedPrefix, compactedDirectoryOf, compactZone, openDuckDbEngine, runReport, writeCompactedDay } from '@sales-pipeline/analytics-engines';
import { jsonLines, OrdersTable, type ReportParams, Reports, RejectionsTable, type ZoneRow, zoneObjectPath } from '@sales-pipeline/analytics-zone';
import * as E from 'fp-ts/Either';

/**
 * Query time and peak memory of every report over a synthetic history built in the zone's format, as written (one
 * JSON Lines object per batch) and compacted by the compactor users run (`npm run analytics -- --compact`), the
 * compaction's time and bytes, and Athena's bytes scanned and cost per report for a day, a month and a year.
 *
 *   node dist/apps/analytics/bench.js [--sizes 1000000,13000000] [--json-lines-up-to 1000000] [--keep <dir>]
 *
 * The generator writes 1,440 files a day of 25 orders: 36,000 orders a day, ~13.1 million a year. The history starts
 * 2025-01-01 at that rate, so 1,000,000 orders are ~28 days and 13,000,000 ~361 days.
 */

const repoRoot = process.env['SALES_PIPELINE_ROOT'] ?? resolve(__dirname, '..', '..', '..');
const OrdersPerDay = 36_000;
const RejectedShare = 0.2;
const SecondsPerOrder = 86_400 / OrdersPerDay;
const AthenaUsdPerTb = 5;
const AthenaMinimumBytes = 10 * 1024 * 1024;
/** As written, a day holds one object per order file (prod batches hold up to 160 orders, a generated file 25). */
const ObjectsPerDay = 1_440;
const S3UsdPerThousandGets = 0.0004;

const argument = (name: string): string | undefined => {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
};

/** The synthetic orders as the zone's columns, made by DuckDB (fast and deterministic). */
const syntheticOrders = (from: number, to: number) => `
  WITH base AS (
    SELECT i, TIMESTAMP '2025-01-01' + to_milliseconds(CAST(i * ${SecondsPerOrder * 1000} AS BIGINT)) AS ts,
           round(50 + ((i * 7919) % 45001) / 100.0, 2) AS price
    FROM range(${from}, ${to}) t(i))
  SELECT
    'o-' || i AS order_id,
    strftime(ts, '%Y-%m-%dT%H:%M:%S') || 'Z' AS created_at,
    ['Laptop', 'Monitor', 'Camera', 'Phone', 'Tablet', 'Headphones', 'Keyboard', 'Mouse', 'Printer', 'Speaker'][(i % 10) + 1] AS product,
    CAST((i % 5) + 1 AS BIGINT) AS quantity,
    price,
    ['delivered', 'cancelled', 'pending', 'shipped'][(i % 4) + 1] AS status,
    CAST(hour(ts) AS INTEGER) AS sale_hour,
    'sales-pipeline-prod-data-lake-123456789012-us-east-1' AS source_bucket,
    'incoming/generated/' || strftime(ts, '%Y/%m/%d/%Y-%m-%dT%H:%M') || ':00Z.json' AS source_key,
    'Xg5Dq9f8S1y0T2KpL4mN6bV8cR0eW2zA' AS source_version_id,
    CAST(i % 25 AS BIGINT) AS source_index,
    strftime(ts + INTERVAL 5 SECOND + CASE WHEN i % 100 = 0 THEN INTERVAL 1 DAY ELSE INTERVAL 0 DAY END, '%Y-%m-%dT%H:%M:%S') || '.000Z' AS ingested_at,
    price > 400 AS high_value,
    price > 400 AS alerted,
    strftime(ts, '%Y-%m-%d') AS sale_date
  FROM base`;

const syntheticRejections = (from: number, to: number) => `
  SELECT
    sha256('r-' || i) AS rejection_id,
    ['contact-info', 'price', 'quantity', 'created_at'][(i % 4) + 1] AS reason_path,
    'must be something else' AS reason_message,
    'sales-pipeline-prod-data-lake-123456789012-us-east-1' AS source_bucket,
    'incoming/generated/2025/01/01/2025-01-01T00:00:00Z.json' AS source_key,
    'Xg5Dq9f8S1y0T2KpL4mN6bV8cR0eW2zA' AS source_version_id,
    CAST(i % 25 AS BIGINT) AS source_index,
    strftime(TIMESTAMP '2025-01-01' + to_milliseconds(CAST(i * ${(SecondsPerOrder / RejectedShare) * 1000} AS BIGINT)), '%Y-%m-%dT%H:%M:%S') || '.000Z' AS rejected_at,
    strftime(TIMESTAMP '2025-01-01' + to_milliseconds(CAST(i * ${(SecondsPerOrder / RejectedShare) * 1000} AS BIGINT)), '%Y-%m-%d') AS rejected_date
  FROM range(${from}, ${to}) t(i)`;


/** The synthetic tables: their rows per day (orders every 2.4 s, a rejection every 12 s) and the SQL of a range of them. */
const Synthetic = [
  { table: OrdersTable, perDay: OrdersPerDay, share: 1, sql: syntheticOrders },
  { table: RejectionsTable, perDay: OrdersPerDay * RejectedShare, share: RejectedShare, sql: syntheticRejections },
] as const;

const dayOf = (index: number) => new Date(Date.UTC(2025, 0, 1 + index)).toISOString().slice(0, 10);

/** As the pipeline writes it: one JSON Lines object per 25 rows (a generated file's batch) and day. */
const writeJsonLinesZone = async (connection: DuckDBConnection, zone: string, orders: number) => {
  for (const { table, share, sql } of Synthetic) {
    const rows = (await connection.runAndReadAll(sql(0, Math.round(orders * share)))).getRowObjectsJS();
    const byObject = new Map<string, ZoneRow[]>();
    rows.forEach((row, index) => {
      const { [table.partition.name]: date, ...columns } = row as Record<string, unknown>;
      const key = zoneObjectPath(table, String(date), `batch-${Math.floor(index / 25)}.jsonl`);
      const cells = Object.fromEntries(Object.entries(columns).map(([name, value]) => [name, typeof value === 'bigint' ? Number(value) : value])) as ZoneRow;
      byObject.set(key, [...(byObject.get(key) ?? []), cells]);
    });
    for (const [key, objectRows] of byObject) {
      const path = join(zone, key);
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, jsonLines(table, objectRows));
    }
  }
};

/**
 * A year as compaction leaves it, built day by day through the compactor's own writer (same paths and manifest): the
 * day directories exist (empty: 525,000 JSON objects would take long to write) and each day's compacted copy is current.
 */
const writeCompactedZone = async (connection: DuckDBConnection, zone: string, orders: number) => {
  for (const { table, perDay, share, sql } of Synthetic) {
    const total = Math.round(orders * share);
    for (let day = 0; day * perDay < total; day += 1) {
      const directory = join(zone, table.prefix, `${table.partition.name}=${dayOf(day)}`);
      await mkdir(directory, { recursive: true });
      const { mtimeNs } = await stat(directory, { bigint: true });
      const rows = sql(day * perDay, Math.min((day + 1) * perDay, total));
      await writeCompactedDay(connection, compactedDirectoryOf(zone, table, dayOf(day)), table, rows, { sourceMtimeNs: mtimeNs.toString(), objects: 0, sourceBytes: 0 });
    }
  }
};

/** Bytes per row of a table's rows as JSON Lines (the partition column is in the path, not the row). */
const jsonBytesPerRow = async (connection: DuckDBConnection, sql: string, partition: string): Promise<number> => {
  const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS().map((row) => {
    const { [partition]: _partition, ...columns } = row as Record<string, unknown>;
    return Object.fromEntries(Object.entries(columns).map(([name, value]) => [name, typeof value === 'bigint' ? Number(value) : value])) as ZoneRow;
  });
  return Buffer.byteLength(jsonLines(RejectionsTable, rows)) / rows.length;
};

const sizeOf = async (directory: string): Promise<{ bytes: number; objects: number }> => {
  let bytes = 0;
  let objects = 0;
  for (const entry of await readdir(directory, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
    objects += 1;
  }
  return { bytes, objects };
};

const paramsOf = (name: string): ReportParams => (name === 'revenue-per-hour' ? { day: '2025-01-02' } : {});

/**
 * This process's peak resident set (VmHWM): unlike getrusage's maxRSS, which Linux carries over from the parent at
 * fork and keeps across exec (it would report the bench's own memory), it counts only what this process touched.
 */
const peakRssKb = async (): Promise<number> => {
  const status = await readFile('/proc/self/status', 'utf8').catch(() => '');
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  return match?.[1] === undefined ? process.resourceUsage().maxRSS : Number(match[1]);
};

/** Child mode: open the engine, run one report, print its time and the process's peak memory. */
const runOne = async (zone: string, name: string) => {
  const opened = await openDuckDbEngine(zone)();
  if (E.isLeft(opened)) throw new Error(JSON.stringify(opened.left));
  const started = performance.now();
  const result = await runReport(opened.right, repoRoot, name, paramsOf(name))();
  const milliseconds = performance.now() - started;
  if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
  opened.right.close();
  process.stdout.write(JSON.stringify({ milliseconds, rows: result.right.rows.length, maxRssKb: await peakRssKb() }) + '\n');
};

interface Measured {
  readonly milliseconds: number;
  readonly rows: number;
  readonly maxRssKb: number;
}

const measure = (zone: string, name: string): Measured => {
  const child = spawnSync(process.execPath, [__filename, '--one', name, '--zone', zone], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${name}: ${child.stderr}`);
  return JSON.parse(child.stdout) as Measured;
};

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mb = (bytes: number) => `${fmt(bytes / 1e6, 1)} MB`;

const queryRows = (label: string, zone: string) => {
  const lines = [`${label}`, `  ${'report'.padEnd(20)} ${'time'.padStart(9)} ${'peak RSS'.padStart(10)} rows`];
  for (const report of Reports) {
    const measured = measure(zone, report.name);
    lines.push(`  ${report.name.padEnd(20)} ${`${fmt(measured.milliseconds)} ms`.padStart(9)} ${`${fmt(measured.maxRssKb / 1024)} MB`.padStart(10)} ${measured.rows}`);
  }
  return lines;
};

/** Athena scans whole JSON objects (no column pruning): a report scans the partitions its range names. */
const athenaRows = (orderBytesPerRow: number, rejectionBytesPerRow: number) => {
  const periods = [
    ['day', 1],
    ['month', 30],
    ['year', 365],
  ] as const;
  const lines = [
    `Athena (JSON Lines as written, partition projection; $${AthenaUsdPerTb}/TB scanned, 10 MB minimum per query, plus one S3 GET per object at $${S3UsdPerThousandGets}/1000, ${fmt(ObjectsPerDay)} objects a day): bytes scanned and cost per run`,
    `  ${'report'.padEnd(20)} ${periods.map(([label]) => label.padStart(24)).join('')}`,
  ];
  for (const report of Reports) {
    const perRow = report.name === 'rejections-per-day' ? rejectionBytesPerRow : orderBytesPerRow;
    const rowsPerDay = report.name === 'rejections-per-day' ? OrdersPerDay * RejectedShare : OrdersPerDay;
    const cells = periods.map(([, days]) => {
      const scannedDays = report.name === 'revenue-per-hour' ? 1 : days;
      const scanned = perRow * rowsPerDay * scannedDays;
      const usd = (Math.max(scanned, AthenaMinimumBytes) / 1e12) * AthenaUsdPerTb + ((ObjectsPerDay * scannedDays) / 1000) * S3UsdPerThousandGets;
      return `${mb(scanned)} $${usd.toFixed(5)}`.padStart(24);
    });
    lines.push(`  ${report.name.padEnd(20)} ${cells.join('')}`);
  }
  return lines;
};

interface Compaction {
  readonly days: readonly CompactedDay[];
  readonly milliseconds: number;
  readonly maxRssKb: number;
}

/** Child mode: compact the zone as `npm run analytics -- --compact` does, print what it did and the peak memory. */
const compactOne = async (zone: string) => {
  const started = performance.now();
  const compacted = await compactZone(zone)();
  if (E.isLeft(compacted)) throw new Error(compacted.left.message);
  const compaction: Compaction = { days: compacted.right, milliseconds: performance.now() - started, maxRssKb: await peakRssKb() };
  process.stdout.write(JSON.stringify(compaction) + '\n');
};

const compactionRows = (zone: string): string[] => {
  const child = spawnSync(process.execPath, [__filename, '--compact-zone', zone], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`compaction: ${child.stderr}`);
  const { days, milliseconds, maxRssKb } = JSON.parse(child.stdout) as Compaction;
  const perDay = days.map((day) => day.milliseconds);
  const sum = (field: 'sourceBytes' | 'bytes' | 'objects' | 'rows') => days.reduce((total, day) => total + day[field], 0);
  return [
    `  compaction (npm run analytics -- --compact): ${new Set(days.map((day) => day.day)).size} days (${days.length} partitions of orders and rejections), ${fmt(sum('objects'))} objects, ${fmt(sum('rows'))} rows, ` +
      `${mb(sum('sourceBytes'))} → ${mb(sum('bytes'))} of Parquet; ${fmt(milliseconds / 1000, 1)} s in all, per partition ${fmt(Math.min(...perDay))}–${fmt(Math.max(...perDay))} ms ` +
      `(mean ${fmt(perDay.reduce((a, b) => a + b, 0) / perDay.length)} ms), peak RSS ${fmt(maxRssKb / 1024)} MB`,
  ];
};

const benchSize = async (connection: DuckDBConnection, root: string, size: number, jsonLinesUpTo: number): Promise<string[]> => {
  const zone = join(root, `zone-${size}`);
  const started = performance.now();
  const days = `${fmt(size)} orders (${fmt(size / OrdersPerDay, 1)} days of the generator)`;
  if (size > jsonLinesUpTo) {
    await writeCompactedZone(connection, zone, size);
    const compacted = await sizeOf(join(zone, CompactedPrefix));
    return [
      `${days}, built compacted directly (through the compactor's writer): ${mb(compacted.bytes)} in ${fmt(compacted.objects)} files (built in ${fmt((performance.now() - started) / 1000, 1)} s)`,
      ...queryRows('  DuckDB, compacted (one Parquet object per day):', zone),
    ];
  }
  await writeJsonLinesZone(connection, zone, size);
  const json = await sizeOf(join(zone, OrdersTable.prefix));
  const rejectionBytes = await jsonBytesPerRow(connection, syntheticRejections(0, 1000), 'rejected_date');
  return [
    `${days} as the pipeline writes them, one JSON Lines object per batch of 25 and day: ${fmt(json.objects)} order objects, ${mb(json.bytes)} (${fmt(json.bytes / size)} bytes/order; built in ${fmt((performance.now() - started) / 1000, 1)} s)`,
    ...queryRows('  DuckDB, as written (JSON Lines per batch):', zone),
    ...compactionRows(zone),
    ...queryRows('  DuckDB, compacted (one Parquet object per day; the objects as written still there):', zone),
    ...athenaRows(json.bytes / size, rejectionBytes),
  ];
};

const main = async () => {
  const one = argument('--one');
  if (one !== undefined) return runOne(argument('--zone') ?? '', one);
  const compactChild = argument('--compact-zone');
  if (compactChild !== undefined) return compactOne(compactChild);
  const sizes = (argument('--sizes') ?? '1000000,13000000').split(',').map(Number);
  const jsonLinesUpTo = Number(argument('--json-lines-up-to') ?? 1_000_000);
  const root = argument('--keep') ?? (await mkdtemp(join(tmpdir(), 'analytics-bench-')));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const out: string[] = [];
  try {
    for (const size of sizes) {
      out.push(...(await benchSize(connection, root, size, jsonLinesUpTo)));
      if (argument('--keep') === undefined) await rm(join(root, `zone-${size}`), { recursive: true, force: true });
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
    if (argument('--keep') === undefined) await rm(root, { recursive: true, force: true });
  }
  const [load1, load5] = loadavg();
  out.push(`(load average at the end: ${load1?.toFixed(1)} over 1 min, ${load5?.toFixed(1)} over 5 min; times scale with it on a shared machine)`);
  process.stdout.write(out.join('\n') + '\n');
};

void main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
