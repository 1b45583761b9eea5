import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { type ZoneTable, ZoneTables } from '@sales-pipeline/analytics-zone';
import * as TE from 'fp-ts/TaskEither';
import { lock } from 'proper-lockfile';
import { messageOf } from './query-engine';
import { type CompactionManifest, jsonLinesObjects, jsonLinesReader, ManifestName, sqlText, type ZoneDay, zoneDays } from './zone-days';

export interface CompactionError {
  readonly _tag: 'CompactionFailed';
  readonly message: string;
}

export interface CompactedDay {
  readonly table: string;
  readonly day: string;
  readonly objects: number;
  readonly rows: number;
  readonly sourceBytes: number;
  readonly bytes: number;
  readonly milliseconds: number;
}

export interface CompactionOptions {
  /** Checked between days and while waiting for another compaction: a stop request ends the compaction after the day in hand (each day is small). */
  readonly shouldStop?: () => boolean;
}

/**
 * A day written to in the last second is left as written: the clock of a file system may be coarse, and a write in the
 * same tick as the one compaction saw would not change the directory's mtime. Past this, any later write does.
 */
const SettledMs = 1_000n;

const isSettled = (day: ZoneDay): boolean => BigInt(Date.now()) * 1_000_000n - day.mtimeNs > SettledMs * 1_000_000n;

const removeAllBut = async (directory: string, keep: readonly string[]) => {
  for (const name of await readdir(directory)) if (!keep.includes(name)) await rm(join(directory, name), { force: true });
};

/** Writes a file under a temporary name, then renames it into place: a reader sees the old file or the new one. */
const replaceFile = async (directory: string, name: string, write: (temporary: string) => Promise<void>) => {
  const temporary = join(directory, `.${randomUUID()}.tmp`);
  try {
    await write(temporary);
    await rename(temporary, join(directory, name));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
};

/**
 * Writes a day's rows (`source`, a SELECT with the table's columns) as the day's compacted copy, made from the day
 * directory as it was at `sourceMtimeNs`: the Parquet object, then its manifest, each renamed into place (a crash leaves
 * at most a temporary file, which no reader lists); then the older copies go.
 */
export const writeCompactedDay = async (
  connection: DuckDBConnection,
  directory: string,
  table: ZoneTable,
  source: string,
  from: Pick<CompactionManifest, 'sourceMtimeNs' | 'objects' | 'sourceBytes'>,
): Promise<CompactionManifest> => {
  await mkdir(directory, { recursive: true });
  const object = `${from.sourceMtimeNs}.parquet`;
  let rows = 0;
  await replaceFile(directory, object, async (temporary) => {
    const columns = table.columns.map((column) => column.name).join(', ');
    const copied = await connection.runAndReadAll(`COPY (SELECT ${columns} FROM (${source})) TO ${sqlText(temporary)} (FORMAT parquet, COMPRESSION zstd)`);
    rows = Number(copied.getRows()[0]?.[0] ?? 0);
  });
  const manifest: CompactionManifest = { ...from, object, rows, bytes: (await stat(join(directory, object))).size };
  await replaceFile(directory, ManifestName, (temporary) => writeFile(temporary, `${JSON.stringify(manifest)}\n`));
  await removeAllBut(directory, [object, ManifestName]);
  return manifest;
};

/** One day as written, compacted: the objects listed after the directory's mtime was read, so any later write makes it stale. */
const compactDay = async (connection: DuckDBConnection, table: ZoneTable, day: ZoneDay): Promise<CompactedDay | undefined> => {
  const started = performance.now();
  const objects = await jsonLinesObjects(day.directory);
  if (objects.length === 0) return undefined;
  let sourceBytes = 0;
  for (const object of objects) sourceBytes += (await stat(object).catch(() => ({ size: 0 }))).size;
  const source = `SELECT * FROM ${jsonLinesReader(`[${objects.map(sqlText).join(', ')}]`, table)}`;
  const manifest = await writeCompactedDay(connection, day.compactedDirectory, table, source, {
    sourceMtimeNs: day.mtimeNs.toString(),
    objects: objects.length,
    sourceBytes,
  });
  return { table: table.name, day: day.day, objects: objects.length, rows: manifest.rows, sourceBytes, bytes: manifest.bytes, milliseconds: performance.now() - started };
};

/** Waits until the newest write of the zone is a second old (at the end of a run, the last batch has just landed). */
const waitUntilSettled = async (zoneDir: string) => {
  let newestNs = 0n;
  for (const table of ZoneTables) for (const day of await zoneDays(zoneDir, table)) if (day.mtimeNs > newestNs) newestNs = day.mtimeNs;
  const waitMs = Number(newestNs / 1_000_000n + SettledMs) - Date.now();
  if (waitMs > 0) await new Promise((settled) => setTimeout(settled, waitMs + 1));
};

const compactTables = async (connection: DuckDBConnection, zoneDir: string, options: CompactionOptions): Promise<readonly CompactedDay[]> => {
  await waitUntilSettled(zoneDir);
  const done: CompactedDay[] = [];
  for (const table of ZoneTables)
    for (const day of await zoneDays(zoneDir, table)) {
      if (options.shouldStop?.() === true) return done;
      if (day.compacted !== undefined || !isSettled(day)) continue;
      const compacted = await compactDay(connection, table, day);
      if (compacted !== undefined) done.push(compacted);
    }
  return done;
};

const LOCK_WAIT_MS = 10 * 60_000;

type ReleaseLock = () => Promise<void>;

/**
 * The zone's compaction lock, waited for while another compaction holds it (proper-lockfile's own retries would also
 * retry any other error); undefined when a stop is requested during the wait.
 */
const acquireCompactionLock = async (zoneDir: string, options: CompactionOptions, onCompromised: (error: Error) => void): Promise<ReleaseLock | undefined> => {
  const waitUntil = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      return await lock(zoneDir, { lockfilePath: join(zoneDir, '.compaction.lock'), realpath: false, stale: 10_000, onCompromised });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() > waitUntil) throw error;
      if (options.shouldStop?.() === true) return undefined;
      await delay(500);
    }
  }
};

/**
 * One compaction of a zone at a time: two would write the same objects and each remove the other's temporary files.
 * A second one waits for the first (up to ten minutes, or until a stop is requested: then it compacts nothing), then
 * finds its days current. The lock of a compaction that was killed goes stale in 10 s and is taken over. A zone not
 * yet written has nothing to compact and nothing to lock.
 */
const oneCompactionAtATime = async (
  zoneDir: string,
  options: CompactionOptions,
  work: () => Promise<readonly CompactedDay[]>,
): Promise<readonly CompactedDay[]> => {
  if (!existsSync(zoneDir)) return work();
  let lost: Error | undefined;
  const release = await acquireCompactionLock(zoneDir, options, (error) => {
    lost = error;
  });
  if (release === undefined) return [];
  try {
    const result = await work();
    if (lost !== undefined) throw new Error(`the compaction lock was lost (${lost.message}): another compaction may have run at the same time`);
    return result;
  } finally {
    await release().catch(() => undefined);
  }
};

/**
 * Compacts every day of the zone whose compacted copy is missing or stale into one Parquet object (under
 * `<zone>/compacted/`), leaving the pipeline's objects as they are. It first waits for the newest write to be a
 * second old; a day written to meanwhile waits for the next compaction. The days done, in order.
 */
export const compactZone = (zoneDir: string, options: CompactionOptions = {}): TE.TaskEither<CompactionError, readonly CompactedDay[]> =>
  TE.tryCatch(
    () =>
      oneCompactionAtATime(zoneDir, options, async () => {
        // Rows need no order inside a day's object, and a bounded buffer spills instead of growing: a million orders
        // compact with a 270 MB peak instead of 564 MB (inside npm start, after the run, that peak adds to the runner's).
        const instance = await DuckDBInstance.create(':memory:', { preserve_insertion_order: 'false', memory_limit: '128MB' });
        const connection = await instance.connect();
        try {
          return await compactTables(connection, zoneDir, options);
        } finally {
          connection.closeSync();
          instance.closeSync();
        }
      }),
    (error): CompactionError => ({ _tag: 'CompactionFailed', message: `compacting the zone at ${zoneDir}: ${messageOf(error)}` }),
  );

const sizeOf = (bytes: number): string => (bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`);

/** One line on what a compaction did: days (each table's partition of a day), rows, bytes before and after. */
export const describeCompaction = (compacted: readonly CompactedDay[]): string => {
  if (compacted.length === 0) return 'compaction: every day of the zone is compacted and current';
  const total = (field: 'objects' | 'rows' | 'sourceBytes' | 'bytes' | 'milliseconds') => compacted.reduce((sum, day) => sum + day[field], 0);
  const days = new Set(compacted.map((day) => day.day)).size;
  const tables = [...new Set(compacted.map((day) => day.table))].join(', ');
  return (
    `compaction: ${days} day${days === 1 ? '' : 's'} (${compacted.length} partition${compacted.length === 1 ? '' : 's'} of ${tables}), ` +
    `${total('rows')} rows from ${total('objects')} objects, ${sizeOf(total('sourceBytes'))} → ${sizeOf(total('bytes'))} of Parquet, ` +
    `in ${(total('milliseconds') / 1000).toFixed(1)} s`
  );
};

/** The line of a compaction stopped between days: what it did, and that the other days wait for the next one. */
export const describeStoppedCompaction = (compacted: readonly CompactedDay[]): string =>
  `${compacted.length === 0 ? 'compaction: stopped before its first day' : `${describeCompaction(compacted)}; then stopped`}, the other days stay as written until the next compaction`;
