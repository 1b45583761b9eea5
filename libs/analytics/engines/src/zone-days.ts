import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ColumnType, ZoneTable } from '@sales-pipeline/analytics-zone';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';

export const duckDbTypes: Readonly<Record<ColumnType, string>> = {
  string: 'VARCHAR',
  bigint: 'BIGINT',
  int: 'INTEGER',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
};

export const sqlText = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** The pipeline's objects (JSON Lines) read with the zone's columns and types; `files` is an SQL path, glob or list. */
export const jsonLinesReader = (files: string, table: ZoneTable, options = ''): string =>
  `read_json(${files}, format = 'newline_delimited'${options}, columns = {${table.columns
    .map((column) => `${sqlText(column.name)}: '${duckDbTypes[column.type]}'`)
    .join(', ')}})`;

/** Compacted days live beside the pipeline's objects, never among them: `<zone>/compacted/<prefix>/<partition>=<day>/`. */
export const CompactedPrefix = 'compacted';

export const JsonLinesExtension = '.jsonl';

/**
 * What a compacted copy was made from: the day directory's mtime (nanoseconds, as text) when compaction listed it, and
 * the Parquet object it wrote. A write, overwrite (the mirror renames over the key) or removal in the day directory
 * changes that mtime, which makes the copy stale.
 */
export const CompactionManifest = t.type({
  sourceMtimeNs: t.string,
  object: t.string,
  objects: t.number,
  rows: t.number,
  sourceBytes: t.number,
  bytes: t.number,
});
export type CompactionManifest = t.TypeOf<typeof CompactionManifest>;

export const ManifestName = 'manifest.json';

export interface ZoneDay {
  readonly day: string;
  /** The day directory as the pipeline writes it. */
  readonly directory: string;
  readonly mtimeNs: bigint;
  readonly compactedDirectory: string;
  /** The compacted Parquet object, only while it is current (its manifest names this very mtime). */
  readonly compacted: string | undefined;
}

export const compactedDirectoryOf = (zoneDir: string, table: ZoneTable, day: string): string =>
  join(zoneDir, CompactedPrefix, table.prefix, `${table.partition.name}=${day}`);

const readManifest = async (directory: string): Promise<CompactionManifest | undefined> => {
  const text = await readFile(join(directory, ManifestName), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  return pipe(
    E.parseJSON(text, () => undefined),
    E.chainW(CompactionManifest.decode),
    E.getOrElseW(() => undefined),
  );
};

/** The compacted object when its manifest was made from this very state of the day directory and the object exists. */
const currentCompaction = async (compactedDirectory: string, mtimeNs: bigint): Promise<string | undefined> => {
  const manifest = await readManifest(compactedDirectory);
  if (manifest?.sourceMtimeNs !== mtimeNs.toString()) return undefined;
  const object = join(compactedDirectory, manifest.object);
  return (await stat(object).catch(() => undefined))?.isFile() === true ? object : undefined;
};

/**
 * The table's day directories, each with its compacted copy if current: one stat and one small read per day (a year
 * is ~365 of each, whatever the number of objects in it).
 */
export const zoneDays = async (zoneDir: string, table: ZoneTable): Promise<readonly ZoneDay[]> => {
  const root = join(zoneDir, table.prefix);
  const marker = `${table.partition.name}=`;
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const days: ZoneDay[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !entry.name.startsWith(marker)) continue;
    const day = entry.name.slice(marker.length);
    const directory = join(root, entry.name);
    const status = await stat(directory, { bigint: true }).catch(() => undefined);
    if (status === undefined) continue;
    const compactedDirectory = compactedDirectoryOf(zoneDir, table, day);
    days.push({ day, directory, mtimeNs: status.mtimeNs, compactedDirectory, compacted: await currentCompaction(compactedDirectory, status.mtimeNs) });
  }
  return days.sort((a, b) => a.day.localeCompare(b.day));
};

/** The day's objects as the pipeline wrote them (the mirror's temporary files are not objects). */
export const jsonLinesObjects = async (directory: string): Promise<readonly string[]> =>
  (await readdir(directory, { withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isFile() && entry.name.endsWith(JsonLinesExtension) && !entry.name.startsWith('.'))
    .map((entry) => join(directory, entry.name));
