import { tableFigures, withEngine, zoneFigures, type SaleDateRange } from '@sales-pipeline/analytics-engines';
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

/**
 * The analytics zone against the orders table over the range: per sale day, the count and the revenue on each side,
 * then the order ids either side lacks and those the zone holds twice. Exit 1 on any difference.
 */
export const reconcileZone = (target: Target, options: ReconcileOptions): TE.TaskEither<OpsError, Output> =>
  pipe(
    TE.Do,
    TE.apS('zone', withEngine({ ...options, aws: !target.local }, (engine) => zoneFigures(engine, options.range))),
    TE.apS('table', tableFigures(dynamoDBClientFromEnvironment(), target.ordersTable, options.range)),
    TE.mapError(reportFailed),
    TE.map(({ zone, table }) => {
      const result = reconcile(zone, table);
      return { json: result, exitCode: result.matches ? ExitCode.ok : ExitCode.attention, lines: describeReconciliation(result) };
    }),
  );
