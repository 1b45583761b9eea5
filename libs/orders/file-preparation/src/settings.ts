import { formatReason, reasonsOf, type Reason } from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { describePreparationError, type OrderFileVersion, type PreparationError } from './prepare-order-file';

/** What the PrepareOrderFile Task sends: the file version the event names (`versionId` null for an unversioned bucket). */
export const PreparerInput = t.type({ bucket: t.string, key: t.string, versionId: t.union([t.string, t.null, t.undefined]) });
export type PreparerInput = t.TypeOf<typeof PreparerInput>;

export interface InvalidPreparerInput {
  readonly _tag: 'InvalidPreparerInput';
  readonly reasons: readonly Reason[];
}

/** Why the preparer failed an invocation: Lambda reports the `_tag` as the errorType. */
export type PreparerFailure = InvalidPreparerInput | PreparationError;

export const describePreparerFailure = (failure: PreparerFailure): string =>
  failure._tag === 'InvalidPreparerInput'
    ? `invalid preparer input (expected { bucket, key, versionId }): ${failure.reasons.map(formatReason).join('; ')}`
    : describePreparationError(failure);

export const decodePreparerInput = (event: unknown): E.Either<InvalidPreparerInput, OrderFileVersion> =>
  pipe(
    PreparerInput.decode(event),
    E.map((input) => ({ bucket: input.bucket, key: input.key, versionId: input.versionId ?? null })),
    E.mapLeft((errors): InvalidPreparerInput => ({ _tag: 'InvalidPreparerInput', reasons: reasonsOf(errors).slice(0, 10) })),
  );
