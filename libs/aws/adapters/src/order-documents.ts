import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import * as O from 'fp-ts/Option';
import * as TE from 'fp-ts/TaskEither';
import { awsCallFailed, type AwsCallFailed } from './aws-error';

export interface OrderDocuments {
  /** The stored order as plain JSON (the document client unmarshalls it), read consistently. */
  readonly get: (orderId: string) => TE.TaskEither<AwsCallFailed, O.Option<Readonly<Record<string, unknown>>>>;
}

export const dynamoDBOrderDocuments = (client: DynamoDBClient, table: string): OrderDocuments => {
  const documents = DynamoDBDocumentClient.from(client);
  return {
    get: (orderId) =>
      TE.tryCatch(async () => {
        const read = await documents.send(new GetCommand({ TableName: table, Key: { order_id: orderId }, ConsistentRead: true }));
        return O.fromNullable(read.Item);
      }, awsCallFailed('GetItem', table)),
  };
};
