import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DuckDBConnection, DuckDBInstance, DuckDBResultReader, StatementType } from '@duckdb/node-api';
import { type Cell, type ColumnType, OrdersTable, type ReportError, type Rows, type ZoneTable, ZoneTables } from '@sales-pipeline/analytics-zone';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { messageOf, type QueryEngine } from './query-engine';

const duckDbTypes: Readonly<Record<ColumnType, string>> = {
  string: 'VARCHAR',
  bigint: 'BIGINT',
  int: 'INTEGER',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
};

/**
 * Trino functions the reports use that DuckDB names otherwise, as macros: the report SQL stays the one text that
 * Athena runs.
 */
const trinoCompatibility = ['CREATE MACRO approx_percentile(x, p) AS approx_quantile(x, p)'];

const sqlText = (text: string): string => `'${text.replace(/'/g, "''")}'`;

const hasObjects = async (directory: string): Promise<boolean> => {
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isFile() && entry.name.endsWith('.jsonl')) return true;
    if (entry.isDirectory() && (await hasObjects(join(directory, entry.name)))) return true;
  }
  return false;
};

/** A table's view: its JSON Lines objects with the zone's column types, the date partition read from the path. */
const tableView = async (zoneDir: string, table: ZoneTable): Promise<string> => {
  const directory = join(zoneDir, table.prefix);
  const partition = `${sqlText(table.partition.name)}: 'VARCHAR'`;
  if (!(await hasObjects(directory))) {
    const nulls = [...table.columns, table.partition].map((column) => `CAST(NULL AS ${duckDbTypes[column.type]}) AS ${column.name}`);
    return `CREATE VIEW ${table.name} AS SELECT ${nulls.join(', ')} WHERE false`;
  }
  const columns = table.columns.map((column) => `${sqlText(column.name)}: '${duckDbTypes[column.type]}'`).join(', ');
  const files = sqlText(join(directory, '*', '*.jsonl'));
  return (
    `CREATE VIEW ${table.name} AS SELECT * FROM read_json(${files}, format = 'newline_delimited', ` +
    `hive_partitioning = true, hive_types = {${partition}}, columns = {${columns}})`
  );
};

const cellOf = (value: unknown): Cell => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
};

const rowsOf = (reader: DuckDBResultReader): Rows => ({
  columns: reader.columnNames(),
  rows: reader.getRowsJS().map((row) => row.map(cellOf)),
});

const queryFailed = (error: unknown): ReportError => ({ _tag: 'QueryFailed', message: messageOf(error) });

export interface DuckDbEngine extends QueryEngine {
  readonly name: 'duckdb';
  /** A free query: one SELECT statement, reading nothing outside the zone. */
  readonly select: (sql: string) => TE.TaskEither<ReportError, Rows>;
  readonly close: () => void;
}

/** The first word of a statement, past comments: what it says it does, before DuckDB binds it (which may fail first). */
const leadingKeyword = (sql: string): string =>
  sql
    .replace(/^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)*/, '')
    .match(/^[A-Za-z]+/)?.[0]
    ?.toUpperCase() ?? '';

const readingKeywords = new Set(['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE']);

const refused = (kind: string): ReportError => ({
  _tag: 'QueryRefused',
  message: `--sql is read-only: only a SELECT runs here, this is a ${kind} statement`,
});

/** Refuses anything but one SELECT (the connection itself cannot read or write files outside the zone). */
const selectOnly =
  (connection: DuckDBConnection) =>
  (sql: string): TE.TaskEither<ReportError, Rows> =>
    pipe(
      readingKeywords.has(leadingKeyword(sql)) ? TE.right<ReportError, string>(sql) : TE.left<ReportError, string>(refused(leadingKeyword(sql) || 'empty')),
      TE.flatMap(() => TE.tryCatch(() => connection.extractStatements(sql), queryFailed)),
      TE.flatMap((statements) =>
        statements.count === 1
          ? TE.tryCatch(() => statements.prepare(0), queryFailed)
          : TE.left<ReportError>({ _tag: 'QueryRefused', message: `--sql takes exactly one SELECT statement (got ${statements.count})` }),
      ),
      TE.filterOrElse(
        (prepared) => prepared.statementType === StatementType.SELECT,
        (prepared) => refused(StatementType[prepared.statementType] ?? 'other'),
      ),
      TE.flatMap((prepared) =>
        TE.tryCatch(async () => rowsOf(await prepared.runAndReadAll()), queryFailed),
      ),
    );

/**
 * DuckDB in this process over the zone's directory (the mirror of the data lake's `analytics/` prefix): a view per
 * zone table, then file access locked to that directory and the configuration locked, so neither a report nor a
 * free query can read or write anything else. An empty zone is an `EmptyHistory`.
 */
export const openDuckDbEngine = (zoneDirectory: string): TE.TaskEither<ReportError, DuckDbEngine> => {
  const zoneDir = resolve(zoneDirectory);
  return pipe(
    TE.tryCatch(() => hasObjects(join(zoneDir, OrdersTable.prefix)), queryFailed),
    TE.filterOrElse(
      (has) => has,
      (): ReportError => ({
        _tag: 'EmptyHistory',
        message: `no orders in the analytics zone at ${zoneDir}: run \`npm start -- --ticks 2\` first (or pass --zone <dir>)`,
      }),
    ),
    TE.flatMap(() =>
      TE.tryCatch(async () => {
        const instance = await DuckDBInstance.create(':memory:');
        const connection = await instance.connect();
        for (const statement of trinoCompatibility) await connection.run(statement);
        for (const table of ZoneTables) await connection.run(await tableView(zoneDir, table));
        await connection.run(`SET allowed_directories = [${sqlText(zoneDir + '/')}]`);
        await connection.run('SET enable_external_access = false');
        await connection.run('SET lock_configuration = true');
        const engine: DuckDbEngine = {
          name: 'duckdb',
          query: (sql, parameters) =>
            TE.tryCatch(async () => rowsOf(await connection.runAndReadAll(sql, [...parameters])), queryFailed),
          select: selectOnly(connection),
          close: () => {
            connection.closeSync();
            instance.closeSync();
          },
        };
        return engine;
      }, queryFailed),
    ),
  );
};
