import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateQueueCommand, PurgeQueueCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { sqsQueueReader } from '@sales-pipeline/aws-adapters';
import { startEmulators, type Emulators } from '@sales-pipeline/local-emulators';
import * as E from 'fp-ts/Either';
import { describeLastingQueueProblem, keepQueues, restoreQueues, type LastingQueue } from './lasting-queues';

/** More than two SQS batches, so that keeping and restoring both go page by page. */
const MESSAGES = 25;

describe('lasting queues: kept into the state folder at the stop, sent back at the next start', () => {
  let emulators: Emulators;
  let sqs: SQSClient;
  let dir: string;
  let queue: LastingQueue;

  /** Every message on the queue, each as its body and attributes (they stay hidden for a minute after). */
  const bodiesOnQueue = async (): Promise<readonly string[]> => {
    const all = await sqsQueueReader(sqs).receiveAll(queue.url, 60)();
    if (E.isLeft(all)) throw new Error(all.left.message);
    return all.right.map((message) => `${message.body} ${JSON.stringify(message.attributes)}`).sort();
  };

  beforeAll(async () => {
    emulators = await startEmulators();
    sqs = new SQSClient(emulators.clientConfig('sqs'));
    dir = await mkdtemp(join(tmpdir(), 'lasting-queues-'));
    const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: 'rejected-orders' }));
    queue = { name: 'rejected-orders', url: QueueUrl };
    for (let first = 0; first < MESSAGES; first += 10)
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: Array.from({ length: Math.min(10, MESSAGES - first) }, (_, i) => ({
            Id: String(i),
            MessageBody: `order-${first + i}`,
            MessageAttributes: { reason: { DataType: 'String', StringValue: `reason ${first + i}` } },
          })),
        }),
      );
  });
  afterAll(async () => {
    sqs.destroy();
    await emulators.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps every message with its attributes and sends each back once', async () => {
    expect(await keepQueues(sqs, [queue], dir)()).toEqual(E.right(MESSAGES));
    await sqs.send(new PurgeQueueCommand({ QueueUrl: queue.url }));
    expect(await restoreQueues(sqs, [queue], dir)()).toEqual(E.right(MESSAGES));
    const sent = Array.from({ length: MESSAGES }, (_, i) => `order-${i} ${JSON.stringify({ reason: `reason ${i}` })}`);
    expect(await bodiesOnQueue()).toEqual(sent.sort());
  });

  it('names the file and the line of a kept message it cannot read', async () => {
    await writeFile(join(dir, 'rejected-orders.jsonl'), 'not json\n');
    const restored = await restoreQueues(sqs, [queue], dir)();
    expect(E.isLeft(restored) && describeLastingQueueProblem(restored.left)).toMatch(
      new RegExp(`the kept messages of the queue rejected-orders could not be restored: .*rejected-orders\\.jsonl: line 1 is not JSON`),
    );
  });
});
