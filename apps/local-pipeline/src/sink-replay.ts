import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type GetItemCommandInput,
  type PutItemCommandInput,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient, type PublishCommandInput } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient, type SendMessageCommandInput } from '@aws-sdk/client-sqs';
import type { LocalPipeline } from '@sales-pipeline/local-pipeline-engine';
import pLimit from 'p-limit';

/**
 * The pipeline's own sink, measured: the DynamoDB, SQS and SNS calls its children made for the first orders of a
 * run (the validator's invocation is pipeline work, not sink), replayed through the SDK with the runner's client
 * configurations at the pipeline's concurrency. Each order's calls run in their order (put, then the alert's
 * publish and mark), orders side by side; order_ids get a prefix, so every conditional write meets an empty key as
 * it did in the run.
 */
interface ServiceCall {
  readonly resource: string;
  readonly request: unknown;
}

export interface SinkSample {
  readonly orders: number;
  readonly calls: number;
  /** The calls in sequences, one per order (the calls that name an order_id) or per call (messages, alerts). */
  readonly sequences: readonly (readonly ServiceCall[])[];
}

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';

const field = (value: unknown, name: string): unknown =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.getOwnPropertyDescriptor(value, name)?.value : undefined;

/** The order_id a DynamoDB call writes or reads (`Item` or `Key`), if any. */
const orderIdOf = (request: unknown): string | undefined => {
  const id = field(field(field(request, 'Item') ?? field(request, 'Key'), 'order_id'), 'S');
  return typeof id === 'string' ? id : undefined;
};

const SINK_PREFIX = 'sink-';

const fieldsOf = (request: unknown): Record<string, unknown> => ({ ...(typeof request === 'object' && request !== null ? request : {}) });

const withSinkKey = (request: unknown, attribute: 'Item' | 'Key'): Record<string, unknown> => {
  const fields = fieldsOf(request);
  const current = field(fields, attribute);
  const id = orderIdOf(request);
  return id === undefined || typeof current !== 'object' || current === null
    ? fields
    : { ...fields, [attribute]: { ...current, order_id: { S: `${SINK_PREFIX}${id}` } } };
};

/** Records the children's service calls until `maxOrders` orders' children have ended. */
export const recordSink = (pipeline: LocalPipeline, maxOrders: number) => {
  const pendingByChild = new Map<string, ServiceCall[]>();
  const sequences = new Map<string, ServiceCall[]>();
  let orders = 0;
  let calls = 0;
  const stop = pipeline.runner.onEvent((event) => {
    if (event.type === 'TaskCall' && event.resource !== LAMBDA_INVOKE && orders < maxOrders) {
      const pending = pendingByChild.get(event.executionArn) ?? [];
      pending.push({ resource: event.resource, request: event.request });
      pendingByChild.set(event.executionArn, pending);
    }
    if (event.type !== 'MapRunChildEnded') return;
    const childCalls = pendingByChild.get(event.childArn) ?? [];
    pendingByChild.delete(event.childArn);
    if (orders >= maxOrders) return;
    orders += event.items;
    for (const call of childCalls) {
      const key = orderIdOf(call.request) ?? `call-${calls}`;
      sequences.set(key, [...(sequences.get(key) ?? []), call]);
      calls += 1;
    }
  });
  return {
    stop,
    sample: (): SinkSample => ({ orders, calls, sequences: [...sequences.values()] }),
  };
};

const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** Replays the sample; resolves with orders per second, or rejects naming the first call that failed. */
export const replaySink = async (pipeline: LocalPipeline, sample: SinkSample, concurrency: number): Promise<number> => {
  const dynamodb = new DynamoDBClient(pipeline.emulators.clientConfig('dynamodb'));
  const sqs = new SQSClient(pipeline.emulators.clientConfig('sqs'));
  const sns = new SNSClient(pipeline.emulators.clientConfig('sns'));
  // What the runner sent to these very APIs in the run (the SDK checks it again on the way out).
  const input = <T>(request: Record<string, unknown>): T => request as T;
  const send = (call: ServiceCall): Promise<unknown> => {
    switch (call.resource) {
      case 'arn:aws:states:::dynamodb:putItem':
        return dynamodb.send(new PutItemCommand(input<PutItemCommandInput>(withSinkKey(call.request, 'Item'))));
      case 'arn:aws:states:::dynamodb:getItem':
        return dynamodb.send(new GetItemCommand(input<GetItemCommandInput>(withSinkKey(call.request, 'Key'))));
      case 'arn:aws:states:::dynamodb:updateItem':
        return dynamodb.send(new UpdateItemCommand(input<UpdateItemCommandInput>(withSinkKey(call.request, 'Key'))));
      case 'arn:aws:states:::sqs:sendMessage': {
        const request = fieldsOf(call.request);
        return sqs.send(new SendMessageCommand(input<SendMessageCommandInput>({ ...request, MessageBody: asText(request['MessageBody']) })));
      }
      case 'arn:aws:states:::sns:publish': {
        const request = fieldsOf(call.request);
        return sns.send(new PublishCommand(input<PublishCommandInput>({ ...request, Message: asText(request['Message']) })));
      }
      default:
        return Promise.reject(new Error(`the sink replay has no client for ${call.resource}`));
    }
  };
  const limit = pLimit(concurrency);
  const started = performance.now();
  try {
    await Promise.all(
      sample.sequences.map((sequence) =>
        limit(async () => {
          for (const call of sequence) {
            await send(call).catch((error: unknown) => {
              throw new Error(`the sink replay's ${call.resource} failed: ${error instanceof Error ? error.message : String(error)}`);
            });
          }
        }),
      ),
    );
  } finally {
    dynamodb.destroy();
    sqs.destroy();
    sns.destroy();
  }
  return (sample.orders * 1000) / (performance.now() - started);
};
