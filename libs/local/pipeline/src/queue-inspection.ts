import type { SQSClient } from '@aws-sdk/client-sqs';
import { sqsQueueReader, type AwsCallFailed } from '@sales-pipeline/aws-adapters';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import pLimit from 'p-limit';
import { orThrow } from './start-problem';

export interface PeekedMessage {
  readonly messageId: string;
  readonly body: string;
}

/** How long a peek hides the messages it pages through (they are made visible again right after). */
const HIDDEN_SECONDS = 300;

/**
 * Queue inspection for callers (tests, an operator): every message on a queue, left on it, through the adapters'
 * queue reader (received in pages, hidden meanwhile so paging reaches all of them, then made visible again). One peek
 * at a time, so two peeks never split a queue between them. Nothing in the pipeline's own progress reads queues. A
 * failed peek is thrown (a Promise API), naming the queue.
 */
export const queueInspector = (sqs: SQSClient) => {
  const reader = sqsQueueReader(sqs);
  const onePeekAtATime = pLimit(1);
  return (queueUrl: string): Promise<readonly PeekedMessage[]> =>
    onePeekAtATime(() =>
      orThrow((failed: AwsCallFailed) => new Error(`cannot read the queue ${queueUrl}: ${failed.message}`))(
        pipe(
          reader.receiveAll(queueUrl, HIDDEN_SECONDS),
          TE.tap((messages) => reader.release(queueUrl, messages.map((message) => message.receiptHandle))),
          TE.map((messages) => messages.map(({ messageId, body }) => ({ messageId, body }))),
        ),
      ),
    );
};
