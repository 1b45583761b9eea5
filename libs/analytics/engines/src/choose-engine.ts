import { AthenaClient } from '@aws-sdk/client-athena';
import type { ReportError } from '@sales-pipeline/analytics-zone';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { type AthenaEngine, athenaEngine } from './athena-engine';
import { type DuckDbEngine, openDuckDbEngine } from './duckdb-engine';

/** Where the commands query the zone: Athena in the analytics workgroup, or DuckDB over the local zone. */
export interface EngineChoice {
  readonly aws?: boolean | undefined;
  /** The local zone's directory (DuckDB). */
  readonly zone: string;
  /** On AWS: where Athena reads the zone (terraform output analytics_workgroup / analytics_database). */
  readonly workgroup?: string | undefined;
  readonly database?: string | undefined;
}

/** DuckDB over the zone, closed once `use` is done, whether it failed or not. */
export const withDuckDbEngine = <E, A>(zone: string, use: (engine: DuckDbEngine) => TE.TaskEither<E, A>): TE.TaskEither<E | ReportError, A> =>
  pipe(
    openDuckDbEngine(zone),
    TE.flatMap((engine) =>
      pipe(
        use(engine),
        TE.tapError(() => TE.fromIO(() => engine.close())),
        TE.tap(() => TE.fromIO(() => engine.close())),
      ),
    ),
  );

/**
 * The engine the choice names, lent to `use`: Athena (the AWS SDK's credential chain and region; a query waits up to
 * 5 minutes), or DuckDB over the local zone, closed afterwards. Athena without its workgroup or database is a
 * `BadParameter`.
 */
export const withEngine = <E, A>(choice: EngineChoice, use: (engine: AthenaEngine | DuckDbEngine) => TE.TaskEither<E, A>): TE.TaskEither<E | ReportError, A> => {
  if (choice.aws !== true) return withDuckDbEngine(choice.zone, use);
  if (choice.workgroup === undefined || choice.database === undefined)
    return TE.left({
      _tag: 'BadParameter',
      parameter: 'from',
      message: 'Athena needs --workgroup and --database (terraform output analytics_workgroup / analytics_database, or ANALYTICS_WORKGROUP / ANALYTICS_DATABASE)',
    });
  return use(
    athenaEngine(new AthenaClient({}), { workgroup: choice.workgroup, database: choice.database, pollMilliseconds: 1000, timeoutMilliseconds: 5 * 60 * 1000 }),
  );
};
