import { formatReason, reasonsOf, ValidatorInput, type Reason } from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';

/** The batch envelope is not `{ Items, BatchInput }`: Lambda reports this `_tag` as the errorType. */
export interface InvalidValidatorInput {
  readonly _tag: 'InvalidValidatorInput';
  readonly reasons: readonly Reason[];
}

export const describeInvalidInput = (error: InvalidValidatorInput): string =>
  `invalid validator input (expected { Items: [{ index, order }], BatchInput: { bucket, key, versionId } }): ${error.reasons.map(formatReason).join('; ')}`;

/** The batch envelope; its orders are judged one by one later, so only the envelope can make this fail. */
export const decodeValidatorInput = (event: unknown): E.Either<InvalidValidatorInput, ValidatorInput> =>
  pipe(
    ValidatorInput.decode(event),
    E.mapLeft((errors): InvalidValidatorInput => ({ _tag: 'InvalidValidatorInput', reasons: reasonsOf(errors).slice(0, 10) })),
  );
