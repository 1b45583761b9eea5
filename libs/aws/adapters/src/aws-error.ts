/** The service's error name (e.g. `NoSuchKey`, `ConditionalCheckFailedException`) and message of a failed call. */
export interface AwsErrorDetails {
  readonly errorName: string;
  readonly message: string;
}

export const awsErrorDetails = (error: unknown): AwsErrorDetails =>
  error instanceof Error
    ? { errorName: error.name, message: error.message }
    : { errorName: 'UnknownError', message: String(error) };

/** A call to an AWS API that failed: which call, on what, and the service's error. */
export type AwsCallFailed = { readonly _tag: 'AwsCallFailed'; readonly operation: string; readonly resource: string } & AwsErrorDetails;

export const awsCallFailed =
  (operation: string, resource: string) =>
  (error: unknown): AwsCallFailed => ({ _tag: 'AwsCallFailed', operation, resource, ...awsErrorDetails(error) });
