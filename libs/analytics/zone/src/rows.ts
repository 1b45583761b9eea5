import * as t from 'io-ts';
import type { Column, ZoneTable } from './columns';

/** One row of a zone table: a value per column, nothing else. */
export type ZoneRow = Readonly<Record<string, string | number | boolean | null>>;

const codecOf = (column: Column): t.Mixed => {
  const base = column.type === 'string' ? t.string : column.type === 'boolean' ? t.boolean : t.number;
  return column.nullable ? t.union([base, t.null]) : base;
};

/** The codec of a table's rows, derived from its columns (the partition lives in the object's path, not the row). */
export const rowCodec = (table: ZoneTable): t.Type<ZoneRow, ZoneRow, unknown> =>
  t.exact(t.type(Object.fromEntries(table.columns.map((column) => [column.name, codecOf(column)])))) as unknown as t.Type<
    ZoneRow,
    ZoneRow,
    unknown
  >;

/** A zone object's body: one JSON object per line, each with the table's columns in their order. */
export const jsonLines = (table: ZoneTable, rows: readonly ZoneRow[]): string =>
  rows
    .map((row) => JSON.stringify(Object.fromEntries(table.columns.map((column) => [column.name, row[column.name] ?? null]))) + '\n')
    .join('');
