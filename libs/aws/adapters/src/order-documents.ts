import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as O from 'fp-ts/Option';
import * as TE from 'fp-ts/TaskEither';
import { awsCallFailed, type AwsCallFailed } from './aws-error';

export interface OrderDocuments {
  /** The stored order as plain JSON (the document client unmarshalls it), read consistently. */
  readonly get: (orderId: string) => TE.TaskEither<AwsCallFailed, O.Option<Readonly<Record<string, unknown>>>>;
  /**
   * Marks a stored order's alert as sent and drops its claim, as the state machine's MarkOrderAlerted does (the same
   * update and condition): for an order whose alert went out but whose mark failed for good. `already marked` when
   * the item is marked already (or not stored), which is what the mark wants too.
   */
  readonly markAlerted: (orderId: string, at: Date) => TE.TaskEither<AwsCallFailed, 'marked' | 'already marked'>;
}

export const dynamoDBOrderDocuments = (client: DynamoDBClient, table: string): OrderDocuments => {
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
              UpdateExpression: 'SET alerted_at = :alerted_at REMOVE alert_claimed_until, alert_claim',
              ConditionExpression: 'attribute_exists(order_id) AND attribute_not_exists(alerted_at)',
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
