import { ChangeMessageVisibilityBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { awsErrorDetails, type AwsErrorDetails } from '@sales-pipeline/aws-adapters';
import * as TE from 'fp-ts/TaskEither';

export type QueuePeekFailed = { readonly _tag: 'QueuePeekFailed'; readonly queueUrl: string } & AwsErrorDetails;

export interface PeekedMessage {
  readonly messageId: string;
  readonly body: string;
}

const PAGE = 10;

const peekAll = async (sqs: SQSClient, queueUrl: string): Promise<PeekedMessage[]> => {
  const messages = new Map<string, { readonly body: string; readonly receiptHandle: string }>();
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: PAGE, VisibilityTimeout: 300, WaitTimeSeconds: 0 }));
    if (Messages.length === 0) break;
    for (const message of Messages) {
      if (message.MessageId && message.ReceiptHandle) messages.set(message.MessageId, { body: message.Body ?? '', receiptHandle: message.ReceiptHandle });
    }
  }
  const handles = [...messages.values()].map((m) => m.receiptHandle);
  for (let start = 0; start < handles.length; start += PAGE) {
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: handles.slice(start, start + PAGE).map((ReceiptHandle, i) => ({ Id: String(i), ReceiptHandle, VisibilityTimeout: 0 })),
      }),
    );
  }
  return [...messages].map(([messageId, { body }]) => ({ messageId, body }));
};

/**
 * Queue inspection for callers (tests, an operator): every message on a queue, left on it. Messages are received in
 * pages (hidden meanwhile, so paging reaches all of them), then made visible again; one peek at a time, so two peeks
 * never split a queue between them. Nothing in the pipeline's own progress reads queues.
 */
export const queueInspector = (sqs: SQSClient) => {
  let peeking: Promise<unknown> = Promise.resolve();
  return (queueUrl: string): TE.TaskEither<QueuePeekFailed, readonly PeekedMessage[]> =>
    TE.tryCatch(
      () => {
        const peek = peeking.then(() => peekAll(sqs, queueUrl));
        peeking = peek.catch(() => undefined);
        return peek;
      },
      (error): QueuePeekFailed => ({ _tag: 'QueuePeekFailed', queueUrl, ...awsErrorDetails(error) }),
    );
};
