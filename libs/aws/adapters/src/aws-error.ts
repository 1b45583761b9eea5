/** The service's error name (e.g. `NoSuchKey`, `ConditionalCheckFailedException`) and message of a failed call. */
export interface AwsErrorDetails {
  readonly errorName: string;
  readonly message: string;
}

export const awsErrorDetails = (error: unknown): AwsErrorDetails =>
  error instanceof Error
    ? { errorName: error.name, message: error.message }
    : { errorName: 'UnknownError', message: String(error) };
