import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bindParameters, findReport, type ReportError, type ReportParams } from '@sales-pipeline/analytics-zone';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import type { Rows } from '@sales-pipeline/analytics-zone';
import { messageOf, type QueryEngine } from './query-engine';

/** Where the reports' SQL lives, relative to the workspace root: in the Terraform module that publishes them. */
export const ReportsDirectory = join('terraform', 'modules', 'analytics', 'reports');

/** The one SQL text of a report, as Terraform's `file()` reads it for the named query. */
const readReportSql = (workspaceRoot: string, name: string): TE.TaskEither<ReportError, string> =>
  TE.tryCatch(
    () => readFile(join(workspaceRoot, ReportsDirectory, `${name}.sql`), 'utf8'),
    (error): ReportError => ({ _tag: 'QueryFailed', message: `cannot read the SQL of the report ${name}: ${messageOf(error)}` }),
  );

/**
 * Runs a report by name on an engine: the report's parameters checked and bound to its `?` placeholders in order, its
 * SQL read from `<workspaceRoot>/terraform/modules/analytics/reports/<name>.sql`.
 */
export const runReport = (
  engine: QueryEngine,
  workspaceRoot: string,
  name: string,
  params: ReportParams,
): TE.TaskEither<ReportError, Rows> =>
  pipe(
    TE.fromEither(findReport(name)),
    TE.flatMap((report) => TE.fromEither(bindParameters(report, params))),
    TE.flatMap((values) =>
      pipe(
        readReportSql(workspaceRoot, name),
        TE.flatMap((sql) => engine.query(sql, values)),
      ),
    ),
  );
