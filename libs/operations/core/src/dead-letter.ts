import { BatchInput, FileSource, OrderSource } from '@sales-pipeline/orders-domain';
import { ScheduledEvent } from '@sales-pipeline/sales-generation';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';

/**
 * Every message the dead-letter queue can hold, one codec per producer: the order-batch states' two dead-letter
 * states (ASL template: SendOrderToDeadLetterQueue, SendBatchToDeadLetterQueue), the Express entry's
 * SendFileToDeadLetterQueue (a small file that failed as a whole), the failed-executions rule
 * (Step Functions Execution Status Change), their SendZoneWriteToDeadLetterQueue (zone-write-failed), the object-created rule's target dead-letter queue (the event itself,
 * with EventBridge's RULE_ARN/TARGET_ARN/ERROR_CODE attributes), the generator's Lambda on-failure destination and
 * the Scheduler's dead-letter queue (the schedule's input, with SCHEDULE_ARN/ERROR_CODE attributes).
 */

/** A Catch's ResultPath value: `{ Error, Cause }`. */
const CaughtError = t.intersection([t.type({ Error: t.string }), t.partial({ Cause: t.union([t.string, t.null]) })]);

const OrderFailedMessage = t.type({
  type: t.literal('order-failed'),
  source: OrderSource,
  orderId: t.union([t.string, t.null]),
  error: CaughtError,
  // The verdict holds the order (contact info included): carried for audit, never printed.
  verdict: t.unknown,
});

const BatchFailedMessage = t.type({
  type: t.literal('batch-failed'),
  source: BatchInput,
  error: CaughtError,
  items: t.array(t.type({ index: t.number })),
});

/**
 * A batch whose zone write failed for good (the order-batch states' SendZoneWriteToDeadLetterQueue): its orders are
 * stored; `batch` is the zone writer's input (no order content), which its redrive hands the writer again.
 */
const ZoneWriteFailedMessage = t.type({
  type: t.literal('zone-write-failed'),
  batch: t.type({ source: FileSource }),
  error: CaughtError,
});

/** The Express entry's dead letter: Express executions emit no status-change event, so the file says it failed itself. */
const FileFailedMessage = t.type({
  type: t.literal('file-failed'),
  source: FileSource,
  error: CaughtError,
});

const NullableString = t.union([t.string, t.null]);

const ExecutionStatusChange = t.type({
  'detail-type': t.literal('Step Functions Execution Status Change'),
  source: t.literal('aws.states'),
  detail: t.intersection([
    t.type({ executionArn: t.string, stateMachineArn: t.string, name: t.string, status: t.string, input: NullableString }),
    t.partial({ error: NullableString, cause: NullableString }),
  ]),
});

const LambdaOnFailureRecord = t.intersection([
  t.type({
    version: t.string,
    requestContext: t.type({ functionArn: t.string, condition: t.string, approximateInvokeCount: t.number }),
    requestPayload: t.unknown,
  }),
  t.partial({ timestamp: t.string, responsePayload: t.unknown, responseContext: t.unknown }),
]);

/** The SQS message attributes EventBridge sets on a rule target's dead letter. */
const RuleTargetAttributes = t.intersection([
  t.type({ RULE_ARN: t.string, TARGET_ARN: t.string }),
  t.partial({ ERROR_CODE: t.string, ERROR_MESSAGE: t.string }),
]);

/** The SQS message attributes EventBridge Scheduler sets on a schedule's dead letter. */
const SchedulerAttributes = t.intersection([
  t.type({ SCHEDULE_ARN: t.string }),
  t.partial({ ERROR_CODE: t.string, ERROR_MESSAGE: t.string, TARGET_ARN: t.string }),
]);

/** The object version a file-level replay reads again. */
export interface FileVersion {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string | null;
}

export interface FailureDetails {
  readonly error: string;
  readonly cause?: string;
}

/** A dead-letter message as read from the queue. */
export interface QueuedMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** When the queue received it (epoch ms), when the queue says. */
  readonly sentAt?: number;
}

export type DeadLetter =
  | { readonly kind: 'order-failed'; readonly file: FileVersion; readonly index: number; readonly orderId: string | null; readonly failure: FailureDetails }
  | { readonly kind: 'batch-failed'; readonly file: FileVersion; readonly indexes: readonly number[]; readonly failure: FailureDetails }
  | { readonly kind: 'file-failed'; readonly file: FileVersion; readonly failure: FailureDetails }
  | { readonly kind: 'zone-write-failed'; readonly file: FileVersion; readonly batch: unknown; readonly failure: FailureDetails }
  | { readonly kind: 'rule-target-failed'; readonly ruleArn: string; readonly targetArn: string; readonly event: unknown; readonly failure: FailureDetails }
  | {
      readonly kind: 'execution-failed';
      readonly executionArn: string;
      readonly stateMachineArn: string;
      readonly status: string;
      readonly input: string | null;
      readonly failure: FailureDetails;
    }
  | { readonly kind: 'lambda-on-failure'; readonly functionArn: string; readonly scheduledTime: string | null; readonly failure: FailureDetails }
  | { readonly kind: 'scheduler-dead-letter'; readonly scheduleArn: string; readonly scheduledTime: string | null; readonly failure: FailureDetails }
  | { readonly kind: 'unrecognised'; readonly reason: string };

export type DeadLetterKind = DeadLetter['kind'];
export const DeadLetterKinds: readonly DeadLetterKind[] = [
  'order-failed',
  'batch-failed',
  'file-failed',
  'zone-write-failed',
  'rule-target-failed',
  'execution-failed',
  'lambda-on-failure',
  'scheduler-dead-letter',
  'unrecognised',
];

const failureOf = (error: t.TypeOf<typeof CaughtError>): FailureDetails => ({
  error: error.Error,
  ...(typeof error.Cause === 'string' ? { cause: error.Cause } : {}),
});

const parseJson = (text: string): E.Either<string, unknown> =>
  E.tryCatch(
    () => JSON.parse(text) as unknown,
    () => 'the body is not JSON',
  );

const scheduledTimeOf = (payload: unknown): string | null =>
  pipe(
    ScheduledEvent.decode(payload),
    E.match(
      () => null,
      (event) => event.scheduledTime,
    ),
  );

const orNull = (value: string | null | undefined): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

const failure = (error: string | null | undefined, cause: string | null | undefined, fallback: string): FailureDetails => {
  const causeText = orNull(cause);
  return { error: orNull(error) ?? fallback, ...(causeText === undefined ? {} : { cause: causeText }) };
};

const fromBody = (body: unknown): DeadLetter | undefined => {
  if (OrderFailedMessage.is(body)) {
    const { bucket, key, versionId, index } = body.source;
    return { kind: 'order-failed', file: { bucket, key, versionId }, index, orderId: body.orderId, failure: failureOf(body.error) };
  }
  if (BatchFailedMessage.is(body)) {
    const { bucket, key, versionId } = body.source;
    return {
      kind: 'batch-failed',
      file: { bucket, key, versionId: versionId ?? null },
      indexes: body.items.map((item) => item.index),
      failure: failureOf(body.error),
    };
  }
  if (FileFailedMessage.is(body)) return { kind: 'file-failed', file: body.source, failure: failureOf(body.error) };
  if (ZoneWriteFailedMessage.is(body)) return { kind: 'zone-write-failed', file: body.batch.source, batch: body.batch, failure: failureOf(body.error) };
  if (ExecutionStatusChange.is(body)) {
    const { executionArn, stateMachineArn, status, input, error, cause } = body.detail;
    return { kind: 'execution-failed', executionArn, stateMachineArn, status, input, failure: failure(error, cause, status) };
  }
  if (LambdaOnFailureRecord.is(body)) {
    const response = t.type({ errorMessage: t.string }).is(body.responsePayload) ? body.responsePayload.errorMessage : undefined;
    return {
      kind: 'lambda-on-failure',
      functionArn: body.requestContext.functionArn,
      scheduledTime: scheduledTimeOf(body.requestPayload),
      failure: failure(body.requestContext.condition, response, 'RetriesExhausted'),
    };
  }
  return undefined;
};

/** What produced a dead-letter message, from its attributes first (EventBridge's and Scheduler's), then its body. */
export const classifyDeadLetter = (message: Pick<QueuedMessage, 'body' | 'attributes'>): DeadLetter => {
  const body = parseJson(message.body);
  const { attributes } = message;
  if (SchedulerAttributes.is(attributes)) {
    return {
      kind: 'scheduler-dead-letter',
      scheduleArn: attributes.SCHEDULE_ARN,
      scheduledTime: pipe(body, E.match(() => null, scheduledTimeOf)),
      failure: failure(attributes.ERROR_CODE, attributes.ERROR_MESSAGE, 'SchedulerDeliveryFailed'),
    };
  }
  if (RuleTargetAttributes.is(attributes)) {
    return E.isLeft(body)
      ? { kind: 'unrecognised', reason: `a rule target's dead letter whose ${body.left}` }
      : {
          kind: 'rule-target-failed',
          ruleArn: attributes.RULE_ARN,
          targetArn: attributes.TARGET_ARN,
          event: body.right,
          failure: failure(attributes.ERROR_CODE, attributes.ERROR_MESSAGE, 'TargetInvocationFailed'),
        };
  }
  if (E.isLeft(body)) return { kind: 'unrecognised', reason: body.left };
  return (
    fromBody(body.right) ?? {
      kind: 'unrecognised',
      reason: 'no producer of this pipeline sends this shape (not order-failed, batch-failed, file-failed, zone-write-failed, an execution status change or a Lambda on-failure record, and no rule or schedule attributes)',
    }
  );
};
