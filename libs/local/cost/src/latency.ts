/**
 * What an Express child's duration is estimated from: the work of its states, not the local wall time (the local
 * emulators answer in microseconds or, on a loaded machine, far slower than AWS). A Lambda Task takes the function's
 * measured invocation plus Lambda's invoke overhead; every other Task takes the service's typical in-region latency.
 * These are assumptions (p50s of the SDK integrations within one region), not measurements: they only matter where a
 * child's estimate crosses a 100 ms billing step.
 */
export const TYPICAL_LATENCY_MS: Readonly<Record<string, number>> = {
  'arn:aws:states:::dynamodb:putItem': 8,
  'arn:aws:states:::dynamodb:getItem': 5,
  'arn:aws:states:::dynamodb:updateItem': 8,
  'arn:aws:states:::sqs:sendMessage': 12,
  'arn:aws:states:::sns:publish': 20,
  'arn:aws:states:::aws-sdk:s3:getObject': 20,
};
export const LAMBDA_INVOKE_OVERHEAD_MS = 10;
export const OTHER_TASK_LATENCY_MS = 15;

/**
 * CloudWatch Logs per Lambda invocation beyond the function's own lines: the JSON platform records (start, report)
 * at system log level INFO, about 1 KB. An estimate.
 */
export const PLATFORM_LOG_BYTES_PER_INVOCATION = 1024;
