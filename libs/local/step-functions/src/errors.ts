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

/** A definition or configuration the local runner refuses before running anything. */
export class LocalRunnerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalRunnerConfigError';
  }
}

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
