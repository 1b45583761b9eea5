import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { lambdaHandler, startLambda } from '@sales-pipeline/lambda-runtime';
import { decodeValidatorInput, describeInvalidInput, summarize, validateBatch, type InvalidValidatorInput } from '@sales-pipeline/order-validation';
import {
  BatchInput,
  OrderFileInput,
  readOrderFile,
  type OrderFileOutput,
  type ValidatorInput,
  type ValidatorOutput,
} from '@sales-pipeline/orders-domain';
import { pipe } from 'fp-ts/function';
import * as E from 'fp-ts/Either';
import type * as TE from 'fp-ts/TaskEither';
import * as t from 'io-ts';
import { ValidatorEnvironment } from './environment';

const runtime = startLambda(ValidatorEnvironment);
const { config, logger, metrics } = runtime;
const validate = validateBatch({ highValueThreshold: config.HIGH_VALUE_THRESHOLD, now: () => new Date() });

/** The order file a batch comes from, as bucket/key/version: the correlation id of every line about it. */
const fileOf = (event: unknown): string | undefined => {
  const envelope = t.type({ BatchInput }).is(event) ? event.BatchInput : undefined;
  return envelope && `${envelope.bucket}/${envelope.key}/${envelope.versionId ?? 'null'}`;
};

/** The field a rejection reason is about (`contact-info`, `price`, …): a bounded set of metric dimension values. */
const reasonField = (path: string): string => path.split('.')[0] || '(order)';

const recordMetrics = (output: ValidatorOutput) => {
  const summary = summarize(output);
  metrics.addMetric('OrdersValidated', MetricUnit.Count, summary.items);
  metrics.addMetric('OrdersValid', MetricUnit.Count, summary.valid);
  metrics.addMetric('OrdersInvalid', MetricUnit.Count, summary.invalid);
  metrics.addMetric('HighValueOrders', MetricUnit.Count, summary.highValue);
  const byReason = new Map<string, number>();
  for (const verdict of output.verdicts) {
    if (verdict.valid) continue;
    for (const field of new Set(verdict.rejection.reasons.map((reason) => reasonField(reason.path)))) byReason.set(field, (byReason.get(field) ?? 0) + 1);
  }
  for (const [reason, count] of byReason) metrics.singleMetric().addDimension('reason', reason).addMetric('OrdersInvalidByReason', MetricUnit.Count, count);
};

/**
 * A small order file's body (the Express entry reads it with GetObject) in, its orders in batches out, or the file's
 * rejection, or its hand-over to the Standard machine: what the distributed Map's ItemReader, ItemSelector and
 * ItemBatcher do for a large file, here in code, since an intrinsic function that fails on content
 * (States.StringToJson) fails the execution with States.Runtime, which no Catch catches.
 */
const readSmallOrderFile = (input: OrderFileInput): OrderFileOutput => {
  const output = readOrderFile(input);
  logger.info('order file read', {
    bucket: input.BatchInput.bucket,
    key: input.BatchInput.key,
    versionId: input.BatchInput.versionId ?? null,
    batches: output.batches.length,
    items: output.batches.reduce((sum, batch) => sum + batch.Items.length, 0),
    rejected: output.rejection !== null,
    handedOver: output.handOver,
  });
  return output;
};

const validateAndRecord = (input: ValidatorInput): ValidatorOutput => {
  const output = validate(input);
  recordMetrics(output);
  logger.info('batch validated', {
    bucket: input.BatchInput.bucket,
    key: input.BatchInput.key,
    versionId: input.BatchInput.versionId ?? null,
    firstIndex: input.Items[0]?.index ?? null,
    ...summarize(output),
  });
  return output;
};

/**
 * One ItemBatcher batch in, one verdict per order out. Bad orders are verdicts, never errors; only a malformed
 * envelope (InvalidValidatorInput) or a crash fails the invocation. Logs counts and the file, never an order's
 * content or contact info.
 */
export const handler = lambdaHandler(
  runtime,
  { correlationIdOf: fileOf, describe: describeInvalidInput },
  // Synchronous work: an async thunk is its TaskEither (fp-ts/TaskEither would add ~3 KB to the smallest zip).
  (event): TE.TaskEither<InvalidValidatorInput, ValidatorOutput | OrderFileOutput> =>
    async () => (OrderFileInput.is(event) ? E.right(readSmallOrderFile(event)) : pipe(decodeValidatorInput(event), E.map(validateAndRecord))),
);
