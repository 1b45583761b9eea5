import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { environmentVariable, LogLevelVariable, matching, numberWithin, serviceNameVariable, type LogLevel } from '@sales-pipeline/aws-adapters';
import { formatReason, reasonsOf, type Reason } from '@sales-pipeline/orders-domain';

export const MaxOrdersPerFile = 10_000;

/** S3's bucket naming rules (3–63 lowercase letters, digits, dots and hyphens, starting and ending alphanumeric). */
const bucketName = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export const GeneratorEnvironment = t.type({
  DATA_LAKE_BUCKET: environmentVariable(t.string, 'must be an S3 bucket name', matching(bucketName)),
  ORDERS_PER_FILE: environmentVariable(
    t.number,
    `must be an integer from 1 to ${MaxOrdersPerFile}`,
    numberWithin(1, MaxOrdersPerFile, { integer: true }),
    100,
  ),
  INVALID_SHARE: environmentVariable(t.number, 'must be a number from 0 to 1', numberWithin(0, 1), 0.1),
  HIGH_VALUE_THRESHOLD: environmentVariable(t.number, 'must be a number of at least 0', numberWithin(0, Number.MAX_VALUE), 400),
  LOG_LEVEL: LogLevelVariable,
  POWERTOOLS_SERVICE_NAME: serviceNameVariable('sales-generator'),
});

export type GeneratorConfig = {
  readonly bucket: string;
  readonly ordersPerFile: number;
  readonly invalidShare: number;
  readonly highValueThreshold: number;
  readonly logLevel: LogLevel;
  readonly serviceName: string;
};

export type InvalidConfiguration = { readonly _tag: 'InvalidConfiguration'; readonly reasons: readonly Reason[] };

export const decodeGeneratorConfig = (
  environment: Readonly<Record<string, string | undefined>>,
): E.Either<InvalidConfiguration, GeneratorConfig> =>
  pipe(
    GeneratorEnvironment.decode(environment),
    E.map(
      (env): GeneratorConfig => ({
        bucket: env.DATA_LAKE_BUCKET,
        ordersPerFile: env.ORDERS_PER_FILE,
        invalidShare: env.INVALID_SHARE,
        highValueThreshold: env.HIGH_VALUE_THRESHOLD,
        logLevel: env.LOG_LEVEL,
        serviceName: env.POWERTOOLS_SERVICE_NAME,
      }),
    ),
    E.mapLeft((errors): InvalidConfiguration => ({ _tag: 'InvalidConfiguration', reasons: reasonsOf(errors, '(environment)') })),
  );

/** Thrown at cold start: the function cannot run with this environment. */
export class ConfigurationError extends Error {
  constructor(readonly error: InvalidConfiguration) {
    super(`invalid configuration: ${error.reasons.map(formatReason).join('; ')}`);
    this.name = 'ConfigurationError';
  }
}
