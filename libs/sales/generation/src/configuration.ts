import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { formatProblems, problemsOf, type Problem } from './problems';

export const LogLevels = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
export type LogLevel = (typeof LogLevels)[number];

export const MaxOrdersPerFile = 10_000;

/**
 * An environment variable: absent or empty gives `fallback` (or "missing" when there is none); otherwise `parse`
 * decides, and a refusal says what the value must be and what it was.
 */
const variable = <A>(base: t.Type<A>, rule: string, parse: (raw: string) => A | undefined, fallback?: A) =>
  new t.Type<A, unknown, unknown>(
    base.name,
    base.is,
    (input, context) => {
      if (input === undefined || input === '') {
        return fallback === undefined ? t.failure(input, context, `missing; ${rule}`) : t.success(fallback);
      }
      const value = typeof input === 'string' ? parse(input.trim()) : undefined;
      return value === undefined ? t.failure(input, context, `${rule} (got ${JSON.stringify(input)})`) : t.success(value);
    },
    t.identity,
  );

const number = (raw: string): number | undefined => (raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : undefined);
const within =
  (min: number, max: number, integer: boolean) =>
  (raw: string): number | undefined => {
    const value = number(raw);
    return value !== undefined && value >= min && value <= max && (!integer || Number.isInteger(value)) ? value : undefined;
  };
const matching =
  (pattern: RegExp) =>
  (raw: string): string | undefined =>
    pattern.test(raw) ? raw : undefined;

/** S3's bucket naming rules (3–63 lowercase letters, digits, dots and hyphens, starting and ending alphanumeric). */
const bucketName = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export const GeneratorEnvironment = t.type({
  DATA_LAKE_BUCKET: variable(t.string, 'must be an S3 bucket name', matching(bucketName)),
  ORDERS_PER_FILE: variable(t.number, `must be an integer from 1 to ${MaxOrdersPerFile}`, within(1, MaxOrdersPerFile, true), 100),
  INVALID_SHARE: variable(t.number, 'must be a number from 0 to 1', within(0, 1, false), 0.1),
  HIGH_VALUE_THRESHOLD: variable(t.number, 'must be a number of at least 0', within(0, Number.MAX_VALUE, false), 400),
  LOG_LEVEL: variable(
    t.keyof(Object.fromEntries(LogLevels.map((level) => [level, null])) as Record<LogLevel, null>),
    `must be one of ${LogLevels.join(', ')}`,
    (raw) => LogLevels.find((level) => level === raw.toUpperCase()),
    'INFO',
  ),
  POWERTOOLS_SERVICE_NAME: variable(t.string, 'must be a service name', matching(/^\S+$/), 'sales-generator'),
});

export type GeneratorConfig = {
  readonly bucket: string;
  readonly ordersPerFile: number;
  readonly invalidShare: number;
  readonly highValueThreshold: number;
  readonly logLevel: LogLevel;
  readonly serviceName: string;
};

export type InvalidConfiguration = { readonly _tag: 'InvalidConfiguration'; readonly problems: readonly Problem[] };

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
    E.mapLeft((errors): InvalidConfiguration => ({ _tag: 'InvalidConfiguration', problems: problemsOf(errors, '(environment)') })),
  );

/** Thrown at cold start: the function cannot run with this environment. */
export class ConfigurationError extends Error {
  constructor(readonly error: InvalidConfiguration) {
    super(`invalid configuration: ${formatProblems(error.problems)}`);
    this.name = 'ConfigurationError';
  }
}
