import { GetItemCommand, PutItemCommand, UpdateItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as O from 'fp-ts/Option';
import * as TE from 'fp-ts/TaskEither';
import { awsErrorDetails, type AwsErrorDetails } from './aws-error';

/** An item in DynamoDB JSON, keyed by `order_id` (S). */
export type DynamoItem = Record<string, AttributeValue>;

export type OrderAlreadyStored = { readonly _tag: 'OrderAlreadyStored'; readonly table: string; readonly orderId: string };
/** The alert mark's condition failed: the order is not stored, or it is marked alerted already. */
export type OrderNotAlertable = { readonly _tag: 'OrderNotAlertable'; readonly table: string; readonly orderId: string };
export type DynamoDBFailed = {
  readonly _tag: 'DynamoDBFailed';
  readonly operation: 'PutItem' | 'GetItem' | 'UpdateItem';
  readonly table: string;
  readonly orderId: string;
} & AwsErrorDetails;

export interface OrderStore {
  /** Stores the item only if no item with its `order_id` exists (conditional PutItem). */
  readonly putNew: (item: DynamoItem) => TE.TaskEither<OrderAlreadyStored | DynamoDBFailed, void>;
  /** The stored item, read consistently. */
  readonly get: (orderId: string) => TE.TaskEither<DynamoDBFailed, O.Option<DynamoItem>>;
  /** Sets `alerted_at` on a stored item that has none (conditional UpdateItem). */
  readonly markAlerted: (orderId: string, alertedAt: string) => TE.TaskEither<OrderNotAlertable | DynamoDBFailed, void>;
}

const CONDITIONAL_CHECK_FAILED = 'ConditionalCheckFailedException';

export const dynamoDBOrderStore = (client: DynamoDBClient, table: string): OrderStore => {
  const failed =
    (operation: DynamoDBFailed['operation'], orderId: string) =>
    (error: unknown): DynamoDBFailed => ({ _tag: 'DynamoDBFailed', operation, table, orderId, ...awsErrorDetails(error) });
  const key = (orderId: string): DynamoItem => ({ order_id: { S: orderId } });

  return {
    putNew: (item) => {
      const orderId = item['order_id']?.S ?? '';
      return TE.tryCatch(
        async () => {
          await client.send(
            new PutItemCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(order_id)' }),
          );
        },
        (error): OrderAlreadyStored | DynamoDBFailed =>
          awsErrorDetails(error).errorName === CONDITIONAL_CHECK_FAILED
            ? { _tag: 'OrderAlreadyStored', table, orderId }
            : failed('PutItem', orderId)(error),
      );
    },
    get: (orderId) =>
      TE.tryCatch(async () => {
        const read = await client.send(new GetItemCommand({ TableName: table, Key: key(orderId), ConsistentRead: true }));
        return O.fromNullable(read.Item);
      }, failed('GetItem', orderId)),
    markAlerted: (orderId, alertedAt) =>
      TE.tryCatch(
        async () => {
          await client.send(
            new UpdateItemCommand({
              TableName: table,
              Key: key(orderId),
              UpdateExpression: 'SET alerted_at = :alertedAt',
              ConditionExpression: 'attribute_exists(order_id) AND attribute_not_exists(alerted_at)',
              ExpressionAttributeValues: { ':alertedAt': { S: alertedAt } },
            }),
          );
        },
        (error): OrderNotAlertable | DynamoDBFailed =>
          awsErrorDetails(error).errorName === CONDITIONAL_CHECK_FAILED
            ? { _tag: 'OrderNotAlertable', table, orderId }
            : failed('UpdateItem', orderId)(error),
      ),
  };
};
