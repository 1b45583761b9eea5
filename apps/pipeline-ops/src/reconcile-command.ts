import { AthenaClient } from '@aws-sdk/client-athena';
import { athenaEngine, openDuckDbEngine, type QueryEngine, tableFigures, zoneFigures, type SaleDateRange } from '@sales-pipeline/analytics-engines';
import { describeReconciliation, reconcile, type ReportError } from '@sales-pipeline/analytics-zone';
import { dynamoDBClientFromEnvironment } from '@sales-pipeline/aws-adapters';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import type { Output } from './commands';
import { ExitCode, type OpsError } from './ops-error';
import type { Target } from './target';

export interface ReconcileOptions {
  readonly range: SaleDateRange;
  /** Locally: the zone's directory. */
  readonly zone: string;
  /** On AWS: where Athena reads the zone. */
  readonly workgroup?: string;
  readonly database?: string;
}

const reportFailed = (error: ReportError): OpsError => ({ _tag: 'ReportFailed', error });

/** The zone's engine: DuckDB over the local zone, or Athena in the workgroup; released once the figures are read. */
const withZoneEngine = <A>(target: Target, options: ReconcileOptions, use: (engine: QueryEngine) => TE.TaskEither<ReportError, A>) => {
  if (!target.local) {
    if (options.workgroup === undefined || options.database === undefined)
      return TE.left<ReportError, A>({ _tag: 'BadParameter', parameter: 'from', message: 'reconcile on AWS needs --workgroup and --database (terraform output analytics_workgroup / analytics_database)' });
    return use(athenaEngine(new AthenaClient({}), { workgroup: options.workgroup, database: options.database, pollMilliseconds: 1000, timeoutMilliseconds: 300_000 }));
  }
  return pipe(
    openDuckDbEngine(options.zone),
    TE.flatMap((engine) =>
      pipe(
        use(engine),
        TE.tapError(() => TE.fromIO(() => engine.close())),
        TE.tap(() => TE.fromIO(() => engine.close())),
      ),
    ),
  );
};

/**
 * The analytics zone against the orders table over the range: per sale day, the count and the revenue on each side,
 * then the order ids either side lacks and those the zone holds twice. Exit 1 on any difference.
 */
export const reconcileZone = (target: Target, options: ReconcileOptions): TE.TaskEither<OpsError, Output> =>
  pipe(
    TE.Do,
    TE.apS('zone', withZoneEngine(target, options, (engine) => zoneFigures(engine, options.range))),
    TE.apS('table', tableFigures(dynamoDBClientFromEnvironment(), target.ordersTable, options.range)),
    TE.mapError(reportFailed),
    TE.map(({ zone, table }) => {
      const result = reconcile(zone, table);
      return { json: result, exitCode: result.matches ? ExitCode.ok : ExitCode.attention, lines: describeReconciliation(result) };
    }),
  );
