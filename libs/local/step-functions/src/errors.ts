/**
 * An error as Step Functions reports it: a name that Retry and Catch match (`Error`) and a string `Cause`.
 * aws-local-stepfunctions matches `error.name` and puts `error.message` into the Catch output's Cause, so the class
 * carries exactly those two.
 */
export class StatesError extends Error {
  /** Read by aws-local-stepfunctions: terminal errors are neither retried nor caught. */
  readonly isRetryable: boolean;
  readonly isCatchable: boolean;

  constructor(
    readonly error: string,
    readonly causeText: string,
    options: { readonly terminal?: boolean } = {},
  ) {
    super(causeText);
    this.name = error;
    this.isRetryable = !options.terminal;
    this.isCatchable = !options.terminal;
  }
}

/**
 * A function's unhandled error as Step Functions raises it: the function's own errorType, with Cause
 * `{"errorMessage","errorType","trace"}` (docs: "Handling error conditions in a Step Functions state machine").
 */
export const functionError = (errorType: string, errorMessage: string): StatesError =>
  new StatesError(errorType, JSON.stringify({ errorMessage, errorType, trace: [] }));

/** A runtime that exited without an error type (out of memory, a crash): `Lambda.Unknown`. */
export const lambdaUnknown = (errorMessage: string): StatesError =>
  new StatesError(
    'Lambda.Unknown',
    `The cause could not be determined because Lambda did not return an error type. Returned payload: ${JSON.stringify({ errorMessage, errorType: 'Runtime.ExitError' })}`,
  );

/** A definition or configuration the local runner refuses before running anything. */
export class LocalRunnerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalRunnerConfigError';
  }
}

/** A field of a value caught or received whose shape is not trusted (an error, an SDK reply), if it is an object. */
export const fieldOf = (value: unknown, field: string): unknown => (typeof value === 'object' && value !== null ? Reflect.get(value, field) : undefined);

export const PAYLOAD_LIMIT_BYTES = 256 * 1024;

export const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8');

/** States.DataLimitExceeded is terminal on AWS (States.ALL does not catch it); the local version is terminal too. */
export const payloadTooLarge = (what: string, value: unknown): StatesError | undefined => {
  const bytes = jsonBytes(value);
  return bytes > PAYLOAD_LIMIT_BYTES
    ? new StatesError(
        'States.DataLimitExceeded',
        `The ${what} of ${bytes} bytes exceeds the maximum number of bytes service limit (${PAYLOAD_LIMIT_BYTES}).`,
        { terminal: true },
      )
    : undefined;
};
