import { Reason, reasonsOf, ValidatorInput, formatReason } from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { environmentVariable, LogLevelVariable, numberWithin, serviceNameVariable } from '@sales-pipeline/aws-adapters';

/** The validator's environment: HIGH_VALUE_THRESHOLD is required; LOG_LEVEL and the service name have defaults. */
export const ValidatorEnvironment = t.type({
  HIGH_VALUE_THRESHOLD: environmentVariable(t.number, 'must be a number greater than 0', numberWithin(0, Number.MAX_VALUE, { exclusiveMin: true })),
  LOG_LEVEL: LogLevelVariable,
  POWERTOOLS_SERVICE_NAME: serviceNameVariable('order-validator'),
});
export type ValidatorEnvironment = t.TypeOf<typeof ValidatorEnvironment>;

export interface ConfigurationError {
  readonly _tag: 'ConfigurationError';
  readonly reasons: readonly Reason[];
}

export interface InvalidBatch {
  readonly _tag: 'InvalidBatch';
  readonly reasons: readonly Reason[];
}

export const describeError = (error: ConfigurationError | InvalidBatch): string =>
  error._tag === 'ConfigurationError'
    ? `invalid environment: ${error.reasons.map(formatReason).join('; ')}`
    : `invalid validator input (expected { Items: [{ index, order }], BatchInput: { bucket, key, versionId } }): ${error.reasons.map(formatReason).join('; ')}`;

export const decodeEnvironment = (environment: Readonly<Record<string, string | undefined>>) =>
  pipe(
    ValidatorEnvironment.decode(environment),
    E.mapLeft((errors): ConfigurationError => ({ _tag: 'ConfigurationError', reasons: reasonsOf(errors) })),
  );

/** The batch envelope; its orders are judged one by one later, so only the envelope can make this fail. */
export const decodeValidatorInput = (event: unknown): E.Either<InvalidBatch, ValidatorInput> =>
  pipe(
    ValidatorInput.decode(event),
    E.mapLeft((errors): InvalidBatch => ({ _tag: 'InvalidBatch', reasons: reasonsOf(errors).slice(0, 10) })),
  );
