import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type BatchGetCommandOutput, DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as O from 'fp-ts/Option';
import * as TE from 'fp-ts/TaskEither';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/PathReporter';
import { awsCallFailed, type AwsCallFailed } from './aws-error';

/**
 * The update that marks a stored order's alert as sent and drops its claim, written once in
 * terraform/modules/order-pipeline/alert-mark.json: the state machine's MarkOrderAlerted makes it (Terraform renders
 * it into the template), and so does `markAlerted` here. The update sets `:alerted_at`.
 */
export const AlertMark = t.type({ update_expression: t.string, condition_expression: t.string });
export type AlertMark = t.TypeOf<typeof AlertMark>;

/** Where the alert mark is written, under the Terraform directory. */
const ALERT_MARK_FILE = join('modules', 'order-pipeline', 'alert-mark.json');

export interface AlertMarkUnreadable {
  readonly _tag: 'AlertMarkUnreadable';
  readonly file: string;
  readonly message: string;
}

/** Reads the alert mark from `<terraformDir>/modules/order-pipeline/alert-mark.json`. */
export const readAlertMark = (terraformDir: string): TE.TaskEither<AlertMarkUnreadable, AlertMark> => {
  const file = join(terraformDir, ALERT_MARK_FILE);
  const unreadable = (message: string): AlertMarkUnreadable => ({ _tag: 'AlertMarkUnreadable', file, message });
  return pipe(
    TE.tryCatch(
      () => readFile(file, 'utf8'),
      (error) => unreadable(error instanceof Error ? error.message : String(error)),
    ),
    TE.flatMapEither((text) => E.tryCatch(() => JSON.parse(text) as unknown, (error) => unreadable(`not JSON: ${String(error)}`))),
    TE.flatMapEither((json) => pipe(AlertMark.decode(json), E.mapLeft((errors) => unreadable(PathReporter.report(E.left(errors)).join('; '))))),
  );
};

export interface OrderDocuments {
  /** The stored order as plain JSON (the document client unmarshalls it), read consistently. */
  readonly get: (orderId: string) => TE.TaskEither<AwsCallFailed, O.Option<Readonly<Record<string, unknown>>>>;
  /**
   * Marks a stored order's alert as sent and drops its claim with the alert mark MarkOrderAlerted makes: for an order whose alert went out but whose mark failed for good. `already marked` when
   * the item is marked already (or not stored), which is what the mark wants too.
   */
  readonly markAlerted: (orderId: string, at: Date) => TE.TaskEither<AwsCallFailed, 'marked' | 'already marked'>;
}

const BatchGetMaxKeys = 100;
const BatchGetMaxRounds = 10;

const chunksOf = <A>(items: readonly A[], size: number): A[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, chunk) => items.slice(chunk * size, (chunk + 1) * size));

/** Names every attribute through #n placeholders: some (status) are DynamoDB reserved words. */
const projectionOf = (attributes: readonly string[]) => ({
  ProjectionExpression: attributes.map((_, at) => `#n${at}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(attributes.map((name, at) => [`#n${at}`, name])),
});

export const dynamoDBOrderDocuments = (client: DynamoDBClient, table: string, mark: AlertMark): OrderDocuments => {
  const documents = DynamoDBDocumentClient.from(client);
  return {
    get: (orderId) =>
      TE.tryCatch(async () => {
        const read = await documents.send(new GetCommand({ TableName: table, Key: { order_id: orderId }, ConsistentRead: true }));
        return O.fromNullable(read.Item);
      }, awsCallFailed('GetItem', table)),
    markAlerted: (orderId, at) =>
      TE.tryCatch(async () => {
        try {
          await documents.send(
            new UpdateCommand({
              TableName: table,
              Key: { order_id: orderId },
              UpdateExpression: mark.update_expression,
              ConditionExpression: mark.condition_expression,
              ExpressionAttributeValues: { ':alerted_at': at.toISOString() },
            }),
          );
          return 'marked' as const;
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException) return 'already marked' as const;
          throw error;
        }
      }, awsCallFailed('UpdateItem', table)),
  };
};

/** The stored orders, read many at once: what the zone writer reads back (no alert mark needed). */
export interface StoredOrders {
  /**
   * The stored orders of these ids, only the named attributes, read consistently (BatchGetItem, 100 keys a call,
   * unprocessed keys asked again), by order id; an id not stored is absent from the map.
   */
  readonly getMany: (
    orderIds: readonly string[],
    attributes: readonly string[],
  ) => TE.TaskEither<AwsCallFailed, ReadonlyMap<string, Readonly<Record<string, unknown>>>>;
}

export const dynamoDBStoredOrders = (client: DynamoDBClient, table: string): StoredOrders => {
  const documents = DynamoDBDocumentClient.from(client);
  return {
    getMany: (orderIds, attributes) =>
      TE.tryCatch(async () => {
        const found = new Map<string, Readonly<Record<string, unknown>>>();
        for (const chunk of chunksOf([...new Set(orderIds)], BatchGetMaxKeys)) {
          let keys: Record<string, unknown>[] | undefined = chunk.map((orderId) => ({ order_id: orderId }));
          for (let round = 0; keys !== undefined && keys.length > 0; round += 1) {
            if (round === BatchGetMaxRounds) throw new Error(`${keys.length} keys still unprocessed after ${BatchGetMaxRounds} rounds`);
            const read: BatchGetCommandOutput = await documents.send(
              new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true, ...projectionOf([...new Set(['order_id', ...attributes])]) } } }),
            );
            for (const item of read.Responses?.[table] ?? []) found.set(String(item['order_id']), item);
            keys = read.UnprocessedKeys?.[table]?.Keys;
          }
        }
        return found;
      }, awsCallFailed('BatchGetItem', table)),
  };
};
