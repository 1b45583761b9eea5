import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import type { Cell, ReportError, Rows } from '@sales-pipeline/analytics-zone';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { messageOf, type QueryEngine } from './query-engine';

export interface AthenaSettings {
  readonly workgroup: string;
  readonly database: string;
  /** Between two looks at a running query. */
  readonly pollMilliseconds: number;
  /** Give up waiting (the query keeps its workgroup's own limits) after this long. */
  readonly timeoutMilliseconds: number;
}

type AthenaPort = Pick<AthenaClient, 'send'>;

export interface AthenaEngine extends QueryEngine {
  readonly name: 'athena';
}

/** Athena execution parameters are SQL literals: a text value goes quoted, its quotes doubled. */
export const executionParameter = (value: string): string => `'${value.replace(/'/g, "''")}'`;

const numericTypes = new Set(['tinyint', 'smallint', 'integer', 'bigint', 'double', 'float', 'real', 'decimal']);

/** Athena returns every value as text: typed back from the result's column types, as DuckDB gives them. */
const cellOfAthena = (type: string | undefined, value: string | undefined): Cell => {
  if (value === undefined) return null;
  if (type === 'boolean') return value === 'true';
  if (type !== undefined && numericTypes.has(type)) {
    const number = Number(value);
    return Number.isFinite(number) && (type !== 'bigint' || Number.isSafeInteger(number)) ? number : value;
  }
  return value;
};

const failed = (message: string): ReportError => ({ _tag: 'QueryFailed', message });
const sdkFailed = (error: unknown): ReportError => failed(`Athena: ${messageOf(error)}`);

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

const waitFor = async (client: AthenaPort, settings: AthenaSettings, queryExecutionId: string): Promise<ReportError | undefined> => {
  const deadline = Date.now() + settings.timeoutMilliseconds;
  for (;;) {
    const { QueryExecution } = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: queryExecutionId }));
    const state = QueryExecution?.Status?.State;
    if (state === 'SUCCEEDED') return undefined;
    if (state === 'FAILED' || state === 'CANCELLED')
      return failed(`Athena query ${queryExecutionId} ${state}: ${QueryExecution?.Status?.StateChangeReason ?? 'no reason given'}`);
    if (Date.now() > deadline) return failed(`Athena query ${queryExecutionId} still ${state ?? 'unknown'} after ${settings.timeoutMilliseconds} ms`);
    await sleep(settings.pollMilliseconds);
  }
};

/** Every page of the results; the first row of the first page is the header. */
const readResults = async (client: AthenaPort, queryExecutionId: string): Promise<Rows> => {
  const pages: GetQueryResultsCommandOutput[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new GetQueryResultsCommand({ QueryExecutionId: queryExecutionId, NextToken: nextToken }));
    pages.push(page);
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  const columns = pages[0]?.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
  const rows = pages.flatMap((page) => page.ResultSet?.Rows ?? []).slice(1);
  return {
    columns: columns.map((column) => column.Name ?? ''),
    rows: rows.map((row) => columns.map((column, index) => cellOfAthena(column.Type, row.Data?.[index]?.VarCharValue))),
  };
};

/**
 * Athena in the analytics workgroup (engine v3: Trino): StartQueryExecution with the SQL and its execution parameters,
 * wait until it ends, then read every page of its results.
 */
export const athenaEngine = (client: AthenaPort, settings: AthenaSettings): AthenaEngine => ({
  name: 'athena',
  query: (sql, parameters) =>
    pipe(
      TE.tryCatch(
        () =>
          client.send(
            new StartQueryExecutionCommand({
              QueryString: sql,
              WorkGroup: settings.workgroup,
              QueryExecutionContext: { Database: settings.database },
              ...(parameters.length > 0 ? { ExecutionParameters: parameters.map(executionParameter) } : {}),
            }),
          ),
        sdkFailed,
      ),
      TE.flatMap(({ QueryExecutionId }) =>
        QueryExecutionId === undefined ? TE.left(failed('Athena started no query (no QueryExecutionId)')) : TE.right(QueryExecutionId),
      ),
      TE.tap((id) =>
        pipe(
          TE.tryCatch(() => waitFor(client, settings, id), sdkFailed),
          TE.flatMap((error) => (error === undefined ? TE.right(undefined) : TE.left(error))),
        ),
      ),
      TE.flatMap((id) => TE.tryCatch(() => readResults(client, id), sdkFailed)),
    ),
});
