import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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
export const ALERT_MARK_FILE = join('modules', 'order-pipeline', 'alert-mark.json');

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
