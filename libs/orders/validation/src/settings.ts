import { Reason, reasonsOf, ValidatorInput, formatReason } from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';

const PositiveNumberFromString = new t.Type<number, string, unknown>(
  'PositiveNumberFromString',
  (u): u is number => typeof u === 'number' && Number.isFinite(u) && u > 0,
  (input, context) => {
    const value = typeof input === 'string' && input.trim() !== '' ? Number(input) : Number.NaN;
    return Number.isFinite(value) && value > 0
      ? t.success(value)
      : t.failure(input, context, input === undefined ? 'missing' : `must be a number greater than 0 (is "${String(input)}")`);
  },
  String,
);

const LogLevels = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT', 'CRITICAL'] as const;
type LogLevel = (typeof LogLevels)[number];

const knownLogLevel = (name: unknown): LogLevel | undefined =>
  typeof name === 'string' ? LogLevels.find((level) => level === name.toUpperCase()) : undefined;

const LogLevelName = new t.Type<LogLevel, string, unknown>(
  'LogLevel',
  (u): u is LogLevel => typeof u === 'string' && knownLogLevel(u) === u,
  (input, context) => {
    if (input === undefined) return t.success('INFO');
    const level = knownLogLevel(input);
    return level !== undefined
      ? t.success(level)
      : t.failure(input, context, `must be one of ${LogLevels.join(', ')} (is "${String(input)}")`);
  },
  String,
);

const ServiceName = new t.Type<string, string, unknown>(
  'ServiceName',
  (u): u is string => typeof u === 'string' && u !== '',
  (input, context) =>
    input === undefined
      ? t.success('order-validator')
      : typeof input === 'string' && input.trim() !== ''
        ? t.success(input)
        : t.failure(input, context, 'must be a non-empty string'),
  String,
);

/** The validator's environment: HIGH_VALUE_THRESHOLD is required; LOG_LEVEL and the service name have defaults. */
export const ValidatorEnvironment = t.type({
  HIGH_VALUE_THRESHOLD: PositiveNumberFromString,
  LOG_LEVEL: LogLevelName,
  POWERTOOLS_SERVICE_NAME: ServiceName,
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
