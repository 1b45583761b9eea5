import * as t from 'io-ts';

/**
 * One environment variable of a Lambda function: absent or empty gives `fallback` (or "missing" when there is
 * none); otherwise `parse` decides, and a refusal says what the value must be and what it was.
 */
export const environmentVariable = <A>(base: t.Type<A>, rule: string, parse: (raw: string) => A | undefined, fallback?: A) =>
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

/** A number in [min, max] (above `min` when `exclusiveMin`), an integer when `integer`. */
export const numberWithin =
  (min: number, max: number, options: { readonly integer?: boolean; readonly exclusiveMin?: boolean } = {}) =>
  (raw: string): number | undefined => {
    const value = number(raw);
    return value !== undefined &&
      (options.exclusiveMin ? value > min : value >= min) &&
      value <= max &&
      (!options.integer || Number.isInteger(value))
      ? value
      : undefined;
  };

export const matching =
  (pattern: RegExp) =>
  (raw: string): string | undefined =>
    pattern.test(raw) ? raw : undefined;

/** Powertools' log levels; `LOG_LEVEL` is read case-insensitively and defaults to INFO. */
const LogLevels = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
export type LogLevel = (typeof LogLevels)[number];

const LogLevelVariable = environmentVariable<LogLevel>(
  t.keyof(Object.fromEntries(LogLevels.map((level) => [level, null])) as Record<LogLevel, null>),
  `must be one of ${LogLevels.join(', ')}`,
  (raw) => LogLevels.find((level) => level === raw.toUpperCase()),
  'INFO',
);

/** `POWERTOOLS_SERVICE_NAME`, defaulting to the function's own name. */
const serviceNameVariable = (fallback: string) => environmentVariable(t.string, 'must be a service name', matching(/^\S+$/), fallback);

/** What every function's environment has besides its own variables: what Powertools is configured from. */
export interface PowertoolsSettings {
  readonly LOG_LEVEL: LogLevel;
  readonly POWERTOOLS_SERVICE_NAME: string;
}

/**
 * A function's environment codec: its own `variables` plus `LOG_LEVEL` (default INFO) and `POWERTOOLS_SERVICE_NAME`
 * (default `serviceName`, the function's own name); the other variables of the process are left out.
 */
export const lambdaEnvironment = <P extends t.Props>(serviceName: string, variables: P) =>
  t.exact(t.type({ ...variables, LOG_LEVEL: LogLevelVariable, POWERTOOLS_SERVICE_NAME: serviceNameVariable(serviceName) }));
