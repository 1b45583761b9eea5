import { paginateScan, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ExecutionRecord, LocalPipeline, SoakFile, SoakObservations } from '@sales-pipeline/local-pipeline-engine';
import { classifyDeadLetter, replayPlan, type DeadLetter } from '@sales-pipeline/operations';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';

const StoredOrder = t.intersection([t.type({ order_id: t.string, product: t.string, price: t.number }), t.partial({ alerted_at: t.string, alert_claim: t.string })]);
/** The stand-in e-mail subscription is an SQS queue: each message is SNS's notification envelope. */
const Notification = t.type({ Message: t.string });

const orderKey = (key: string, versionId: string | null | undefined, index: number) => `${key}\u0000${versionId ?? ''}\u0000${index}`;

const scanOrders = async (dynamodb: DynamoDBClient, table: string): Promise<SoakObservations['storedOrders']> => {
  const orders: SoakObservations['storedOrders'][number][] = [];
  for await (const page of paginateScan({ client: dynamodb }, { TableName: table, ConsistentRead: true })) {
    for (const item of page.Items ?? []) {
      const order = StoredOrder.decode(unmarshall(item));
      if (E.isLeft(order)) throw new Error(`an item of ${table} is not an order with order_id, product and price`);
      const { order_id: orderId, product, price, alerted_at: alertedAt, alert_claim: claim } = order.right;
      orders.push({ orderId, product, price, alerted: alertedAt !== undefined, claimHeld: claim !== undefined });
    }
  }
  return orders;
};

/** The orders (file version and index) a dead letter carries: its replay processes them again. */
const ordersCarried = (deadLetter: DeadLetter, executions: ReadonlyMap<string, ExecutionRecord>, ordersOf: ReadonlyMap<string, readonly unknown[]>): readonly string[] => {
  switch (deadLetter.kind) {
    case 'file-failed':
      return (ordersOf.get(deadLetter.file.key) ?? []).map((_, index) => orderKey(deadLetter.file.key, deadLetter.file.versionId, index));
    case 'order-failed':
      return [orderKey(deadLetter.file.key, deadLetter.file.versionId, deadLetter.index)];
    case 'batch-failed':
      return deadLetter.indexes.map((index) => orderKey(deadLetter.file.key, deadLetter.file.versionId, index));
    case 'execution-failed': {
      const record = executions.get(deadLetter.executionArn);
      return record ? record.outcomes.map((outcome) => orderKey(record.key, record.versionId, outcome.index)) : [];
    }
    default:
      return [];
  }
};

/**
 * Per order id, how many of its copies ended `stored`; the ids that must be in the table (a copy ended stored or
 * duplicate) and those that may be (also a failed copy: its put may have landed before its retries ran out).
 */
const storedOutcomes = (executions: readonly ExecutionRecord[], ordersOf: ReadonlyMap<string, SoakFile['orders']>) => {
  const stores = new Map<string, number>();
  const inTable = new Set<string>();
  const mayBeInTable = new Set<string>();
  for (const record of executions) {
    for (const outcome of record.outcomes) {
      const orderId = ordersOf.get(record.key)?.[outcome.index]?.order_id;
      if (orderId === undefined) continue;
      if (outcome.outcome === 'stored' || outcome.outcome === 'duplicate') inTable.add(orderId);
      if (outcome.outcome === 'stored' || outcome.outcome === 'duplicate' || outcome.outcome === 'failed') mayBeInTable.add(orderId);
      if (outcome.outcome === 'stored') stores.set(orderId, (stores.get(orderId) ?? 0) + 1);
    }
  }
  return { stores, inTable, mayBeInTable };
};

/**
 * The orders every execution should have accounted for, from the files the soak uploaded (not from the ledger's
 * counts of what was read): each execution of a file (the first, a replay, a redrive) reads all of its orders, except
 * an Express execution that handed the file to the Standard machine (that execution reads them).
 */
export const accountingFromFiles = (files: readonly SoakFile[], executions: readonly ExecutionRecord[]): SoakObservations['accounting'] => {
  const ordersOf = new Map(files.map((file) => [file.key, file.orders.length]));
  const processing = executions.filter((record) => !record.handedOver);
  const sum = (of: (record: ExecutionRecord) => number) => processing.reduce((total, record) => total + of(record), 0);
  const executed = new Set(executions.map((record) => record.key));
  return {
    ordersInFiles: sum((record) => ordersOf.get(record.key) ?? 0),
    ordersEnded: sum(({ tally }) => tally.stored + tally.rejected + tally.duplicate + tally.failed),
    filesWithoutExecution: files.filter((file) => !executed.has(file.key)).length,
    executionsOfOtherFiles: processing.filter((record) => !ordersOf.has(record.key)).length,
  };
};

/** What a drained soak run observed: the summary, a scan of the table, the inbox, the dead letters. */
export const observeSoak = async (
  pipeline: LocalPipeline,
  files: readonly SoakFile[],
  dynamodb: DynamoDBClient,
  highValueThreshold: number,
  publishOutcomesUnknown: SoakObservations['publishOutcomesUnknown'],
): Promise<SoakObservations> => {
  const { deployment } = pipeline;
  const executions = pipeline.executions();
  const alertMessages = (await pipeline.peekQueue(deployment.queues.alertInbox.url)).map((message) => {
    const notification = Notification.decode(JSON.parse(message.body));
    return E.isLeft(notification) ? message.body : notification.right.Message;
  });
  const deadLetters = (await pipeline.peekQueue(deployment.queues.deadLetter.url)).map((message) => classifyDeadLetter({ body: message.body, attributes: {} }));
  const byArn = new Map(executions.map((record) => [record.result.executionArn, record]));
  const ordersOf = new Map(files.map((file) => [file.key, file.orders]));
  const carried = new Set(deadLetters.flatMap((deadLetter) => ordersCarried(deadLetter, byArn, ordersOf)));
  const failed = executions.flatMap((record) =>
    record.outcomes.filter((outcome) => outcome.outcome === 'failed').map((outcome) => orderKey(record.key, record.versionId, outcome.index)),
  );
  const storedOrders = await scanOrders(dynamodb, deployment.table.name);
  const tableIds = new Set(storedOrders.map((order) => order.orderId));
  const { stores, inTable, mayBeInTable } = storedOutcomes(executions, ordersOf);
  return {
    summary: pipeline.summary(),
    accounting: accountingFromFiles(files, executions),
    highValueThreshold,
    storedTwice: [...stores.values()].filter((count) => count > 1).length,
    missingFromTable: [...inTable].filter((orderId) => !tableIds.has(orderId)).length,
    unexpectedInTable: [...tableIds].filter((orderId) => !mayBeInTable.has(orderId)).length,
    storedOrders,
    alertMessages,
    publishOutcomesUnknown,
    deadLetteredOrders: failed.filter((order) => carried.has(order)).length,
    unreplayableDeadLetters: deadLetters.filter((deadLetter) => replayPlan(deadLetter)._tag === 'CannotReplay').length,
    deadLetterMessages: deadLetters.length,
  };
};
