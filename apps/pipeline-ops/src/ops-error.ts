import { describeReportError, type ReportError } from '@sales-pipeline/analytics-zone';
import type { AwsCallFailed } from '@sales-pipeline/aws-adapters';
import { CliExitCode } from '@sales-pipeline/cli-commander';
import type { EndpointsUnreadable } from './local-endpoints';

export type OpsError =
  | AwsCallFailed
  | EndpointsUnreadable
  | { readonly _tag: 'TerraformUnreadable'; readonly message: string }
  | { readonly _tag: 'NotFound'; readonly what: string }
  | { readonly _tag: 'ReportFailed'; readonly error: ReportError };

/** The exit codes, as `--help` and the README list them. */
export const ExitCode = {
  ok: CliExitCode.ok,
  /** Done, but something needs the operator: messages stayed on the queue, or what was asked for does not exist. */
  attention: 1,
  usage: CliExitCode.usage,
  /** A queue, table, state machine, endpoints file or the Terraform names cannot be found or read. */
  missing: 3,
  /** No credentials or region, or access denied. */
  credentials: 4,
  /** Any other failed AWS call. */
  failed: 5,
} as const;

export const exitCodesHelp = `
Exit codes:
  0  done
  1  done, but messages stayed on the queue (each with its reason), the order/message does not exist, or reconcile found a difference
  2  wrong command or option
  3  a queue, table, state machine, the endpoints file, the Terraform names or the local analytics zone cannot be found or read
  4  no credentials or region, or access denied
  5  another AWS call failed`;

const credentialErrors = /^(CredentialsProviderError|ExpiredToken(Exception)?|InvalidClientTokenId|UnrecognizedClientException|InvalidSignatureException|SignatureDoesNotMatch|AccessDenied(Exception)?|AuthorizationError|InvalidAccessKeyId)$/;
const missingErrors = /^(QueueDoesNotExist|AWS\.SimpleQueueService\.NonExistentQueue|ResourceNotFoundException|StateMachineDoesNotExist|NoSuchBucket|NoSuchKey|NoSuchVersion|NotFound)$/;
const unreachable = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN/;

export const exitCodeOf = (error: OpsError): number => {
  switch (error._tag) {
    case 'EndpointsUnreadable':
    case 'TerraformUnreadable':
      return ExitCode.missing;
    case 'NotFound':
      return ExitCode.attention;
    case 'ReportFailed':
      return error.error._tag === 'QueryFailed' ? ExitCode.failed : error.error._tag === 'EmptyHistory' ? ExitCode.missing : ExitCode.usage;
    case 'AwsCallFailed':
      if (credentialErrors.test(error.errorName) || /region is missing/i.test(error.message)) return ExitCode.credentials;
      if (missingErrors.test(error.errorName) || unreachable.test(error.message)) return ExitCode.missing;
      return ExitCode.failed;
  }
};

export const describeOpsError = (error: OpsError): string => {
  switch (error._tag) {
    case 'EndpointsUnreadable':
      return `cannot read the local endpoints ${error.path}: ${error.reason}`;
    case 'TerraformUnreadable':
      return `cannot evaluate the resource names from the Terraform: ${error.message}`;
    case 'NotFound':
      return `${error.what} not found`;
    case 'ReportFailed':
      return describeReportError(error.error);
    case 'AwsCallFailed':
      if (credentialErrors.test(error.errorName) || /region is missing/i.test(error.message)) {
        return `${error.operation} ${error.resource}: no usable AWS credentials or region (${error.errorName}: ${error.message}); set AWS_PROFILE or the AWS_* variables and AWS_REGION, or use --local`;
      }
      if (unreachable.test(error.message)) return `${error.operation} ${error.resource}: the endpoint is not reachable (${error.message}); is the local pipeline still up?`;
      if (missingErrors.test(error.errorName)) return `${error.operation} ${error.resource}: does not exist (${error.errorName}); is the workspace deployed?`;
      return `${error.operation} ${error.resource} failed: ${error.errorName}: ${error.message}`;
  }
};
