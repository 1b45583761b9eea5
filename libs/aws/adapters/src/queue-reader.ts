import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { awsCallFailed, type AwsCallFailed } from './aws-error';

export interface ReceivedMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  /** The string message attributes (EventBridge's and Scheduler's dead-letter attributes among them). */
  readonly attributes: Readonly<Record<string, string>>;
  /** When the queue received it (epoch ms). */
  readonly sentAt?: number;
}

export interface QueueReader {
  /** Every visible message, received in pages and hidden for `hiddenSeconds` so that paging reaches all of them. */
  readonly receiveAll: (queueUrl: string, hiddenSeconds: number) => TE.TaskEither<AwsCallFailed, readonly ReceivedMessage[]>;
  /**
   * The same paging, handing each page to `onPage` as it comes (memory stays one page, whatever the queue holds); the
   * number of messages received. Stops at the first page `onPage` refuses.
   */
  readonly receiveEach: <E>(
    queueUrl: string,
    hiddenSeconds: number,
    onPage: (page: readonly ReceivedMessage[]) => TE.TaskEither<E, void>,
  ) => TE.TaskEither<AwsCallFailed | E, number>;
  /** Makes the messages visible again at once. */
  readonly release: (queueUrl: string, receiptHandles: readonly string[]) => TE.TaskEither<AwsCallFailed, void>;
  readonly remove: (queueUrl: string, receiptHandle: string) => TE.TaskEither<AwsCallFailed, void>;
  /** The URL of a queue by name (`QueueDoesNotExist` when there is none). */
  readonly urlOf: (queueName: string) => TE.TaskEither<AwsCallFailed, string>;
}

const SQS_BATCH = 10;

const received = (message: Message): ReceivedMessage[] =>
  message.MessageId && message.ReceiptHandle
    ? [
        {
          messageId: message.MessageId,
          receiptHandle: message.ReceiptHandle,
          body: message.Body ?? '',
          attributes: Object.fromEntries(
            Object.entries(message.MessageAttributes ?? {}).flatMap(([name, value]) => (value.StringValue === undefined ? [] : [[name, value.StringValue]])),
          ),
          ...(message.Attributes?.SentTimestamp ? { sentAt: Number(message.Attributes.SentTimestamp) } : {}),
        },
      ]
    : [];

const receivePage = (client: SQSClient, queueUrl: string, hiddenSeconds: number): TE.TaskEither<AwsCallFailed, readonly ReceivedMessage[]> =>
  TE.tryCatch(async () => {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: SQS_BATCH,
        VisibilityTimeout: hiddenSeconds,
        // Long polling asks every SQS server: a short poll samples a few and may answer empty while messages
        // wait, which would end the paging early. The last, empty receive costs this one second.
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['SentTimestamp'],
      }),
    );
    return Messages.flatMap(received);
  }, awsCallFailed('ReceiveMessage', queueUrl));

const receiveEach =
  (client: SQSClient): QueueReader['receiveEach'] =>
  <E>(queueUrl: string, hiddenSeconds: number, onPage: (page: readonly ReceivedMessage[]) => TE.TaskEither<E, void>) =>
  async (): Promise<E.Either<AwsCallFailed | E, number>> => {
    let received = 0;
    for (;;) {
      const page = await receivePage(client, queueUrl, hiddenSeconds)();
      if (E.isLeft(page)) return page;
      if (page.right.length === 0) return E.right(received);
      const handled = await onPage(page.right)();
      if (E.isLeft(handled)) return handled;
      received += page.right.length;
    }
  };

export const sqsQueueReader = (client: SQSClient): QueueReader => ({
  receiveEach: receiveEach(client),
  receiveAll: (queueUrl, hiddenSeconds) => {
    const messages = new Map<string, ReceivedMessage>();
    return pipe(
      receiveEach(client)(queueUrl, hiddenSeconds, (page) => TE.fromIO(() => page.forEach((message) => messages.set(message.messageId, message)))),
      TE.map(() => [...messages.values()]),
    );
  },
  release: (queueUrl, receiptHandles) =>
    TE.tryCatch(async () => {
      for (let start = 0; start < receiptHandles.length; start += SQS_BATCH) {
        await client.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: queueUrl,
            Entries: receiptHandles.slice(start, start + SQS_BATCH).map((ReceiptHandle, i) => ({ Id: String(i), ReceiptHandle, VisibilityTimeout: 0 })),
          }),
        );
      }
    }, awsCallFailed('ChangeMessageVisibilityBatch', queueUrl)),
  remove: (queueUrl, receiptHandle) =>
    TE.tryCatch(async () => {
      await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle }));
    }, awsCallFailed('DeleteMessage', queueUrl)),
  urlOf: (queueName) =>
    TE.tryCatch(async () => {
      const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: queueName }));
      if (!QueueUrl) throw Object.assign(new Error(`no URL for queue ${queueName}`), { name: 'QueueDoesNotExist' });
      return QueueUrl;
    }, awsCallFailed('GetQueueUrl', queueName)),
});
