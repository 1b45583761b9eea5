import { join, resolve } from 'node:path';
import { DuckDBConnection, DuckDBInstance, DuckDBResultReader, StatementType } from '@duckdb/node-api';
import { type Cell, OrdersTable, type ReportError, type Rows, type ZoneTable, ZoneTables } from '@sales-pipeline/analytics-zone';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { messageOf, type QueryEngine } from './query-engine';
import { duckDbTypes, jsonLinesObjects, JsonLinesExtension, jsonLinesReader, sqlText, zoneDays } from './zone-days';

/**
 * Trino functions the reports use that DuckDB names otherwise, as macros: the report SQL stays the one text that
 * Athena runs.
 */
const trinoCompatibility = ['CREATE MACRO approx_percentile(x, p) AS approx_quantile(x, p)'];

const sqlList = (paths: readonly string[]): string => `[${paths.map(sqlText).join(', ')}]`;

/**
 * A table's view: per day, either its compacted copy (while current) or its objects as the pipeline wrote them, never
 * both; the zone's columns in order and types, the date partition read from the path; an empty table when it has no
 * object yet.
 */
const tableView = async (zoneDir: string, table: ZoneTable): Promise<string> => {
  const columns = [...table.columns, table.partition];
  const hive = `hive_partitioning = true, hive_types = {${sqlText(table.partition.name)}: 'VARCHAR'}`;
  const selectList = columns.map((column) => `CAST(${column.name} AS ${duckDbTypes[column.type]}) AS ${column.name}`).join(', ');
  const days = await zoneDays(zoneDir, table);
  const compacted = days.flatMap((day) => (day.compacted === undefined ? [] : [day.compacted]));
  const asWritten: string[] = [];
  for (const day of days)
    if (day.compacted === undefined && (await jsonLinesObjects(day.directory)).length > 0) asWritten.push(join(day.directory, `*${JsonLinesExtension}`));
  const sources = [
    ...(asWritten.length === 0 ? [] : [`SELECT ${selectList} FROM ${jsonLinesReader(sqlList(asWritten), table, `, ${hive}`)}`]),
    ...(compacted.length === 0 ? [] : [`SELECT ${selectList} FROM read_parquet(${sqlList(compacted)}, ${hive})`]),
  ];
  if (sources.length === 0)
    return `CREATE VIEW ${table.name} AS SELECT ${columns.map((column) => `CAST(NULL AS ${duckDbTypes[column.type]}) AS ${column.name}`).join(', ')} WHERE false`;
  return `CREATE VIEW ${table.name} AS ${sources.join(' UNION ALL ')}`;
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

/** A free query that reaches for a file outside the zone is refused, not failed: the lock did its job. */
const outsideTheZone = (error: unknown): ReportError =>
  /Permission Error/.test(messageOf(error))
    ? { _tag: 'QueryRefused', message: `--sql reads only the tables orders and rejections of the zone: ${messageOf(error)}` }
    : queryFailed(error);

export interface DuckDbEngine extends QueryEngine {
  readonly name: 'duckdb';
  /** A free query: one SELECT statement, reading nothing outside the zone. */
  readonly select: (sql: string) => TE.TaskEither<ReportError, Rows>;
  readonly close: () => void;
}

/**
 * The first word of a statement, past comments and opening parentheses (`(SELECT …) UNION …`): what it says it does,
 * before DuckDB binds it (which may fail first).
 */
const leadingKeyword = (sql: string): string =>
  sql
    .replace(/^(\s+|\(|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)*/, '')
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
          ? TE.tryCatch(() => statements.prepare(0), outsideTheZone)
          : TE.left<ReportError>({ _tag: 'QueryRefused', message: `--sql takes exactly one SELECT statement (got ${statements.count})` }),
      ),
      TE.filterOrElse(
        (prepared) => prepared.statementType === StatementType.SELECT,
        (prepared) => refused(StatementType[prepared.statementType] ?? 'other'),
      ),
      TE.flatMap((prepared) =>
        TE.tryCatch(async () => rowsOf(await prepared.runAndReadAll()), outsideTheZone),
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
    TE.tryCatch(async () => {
      for (const day of await zoneDays(zoneDir, OrdersTable)) if (day.compacted !== undefined || (await jsonLinesObjects(day.directory)).length > 0) return true;
      return false;
    }, queryFailed),
    TE.filterOrElse(
      (has) => has,
      (): ReportError => ({
        _tag: 'EmptyHistory',
        message:
          `no orders in the analytics zone at ${zoneDir} yet: run the pipeline first (\`npm start -- --ticks 2\` writes it into ` +
          'tmp/local-state/zone), or pass --zone <dir> of another zone (a `npm start -- --state <dir>` run keeps its zone in <dir>/zone)',
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
