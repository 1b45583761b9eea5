import { environmentVariable, LogLevelVariable, matching, serviceNameVariable } from '@sales-pipeline/aws-adapters';
import { formatReason, reasonsOf, type Reason } from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import type { OrderFileVersion } from './prepare-order-file';

/** The preparer's environment: PREPARED_PREFIX is required (Terraform passes the data lake's prepared prefix). */
export const PreparerEnvironment = t.type({
  PREPARED_PREFIX: environmentVariable(t.string, 'must be a key prefix ending with /', matching(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*\/$/)),
  LOG_LEVEL: LogLevelVariable,
  POWERTOOLS_SERVICE_NAME: serviceNameVariable('order-file-preparer'),
});
export type PreparerEnvironment = t.TypeOf<typeof PreparerEnvironment>;

/** What the PrepareOrderFile Task sends: the file version the event names (`versionId` null for an unversioned bucket). */
export const PreparerInput = t.type({ bucket: t.string, key: t.string, versionId: t.union([t.string, t.null, t.undefined]) });
export type PreparerInput = t.TypeOf<typeof PreparerInput>;

export interface InvalidPreparerSetting {
  readonly _tag: 'ConfigurationError' | 'InvalidPreparerInput';
  readonly reasons: readonly Reason[];
}

export const describeSettingError = (error: InvalidPreparerSetting): string =>
  `${error._tag === 'ConfigurationError' ? 'invalid environment' : 'invalid preparer input (expected { bucket, key, versionId })'}: ${error.reasons.map(formatReason).join('; ')}`;

export const decodePreparerEnvironment = (environment: Readonly<Record<string, string | undefined>>): E.Either<InvalidPreparerSetting, PreparerEnvironment> =>
  pipe(
    PreparerEnvironment.decode(environment),
    E.mapLeft((errors): InvalidPreparerSetting => ({ _tag: 'ConfigurationError', reasons: reasonsOf(errors) })),
  );

export const decodePreparerInput = (event: unknown): E.Either<InvalidPreparerSetting, OrderFileVersion> =>
  pipe(
    PreparerInput.decode(event),
    E.map((input) => ({ bucket: input.bucket, key: input.key, versionId: input.versionId ?? null })),
    E.mapLeft((errors): InvalidPreparerSetting => ({ _tag: 'InvalidPreparerInput', reasons: reasonsOf(errors).slice(0, 10) })),
  );
