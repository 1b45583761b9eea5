import { createReadStream, existsSync } from 'node:fs';
import { appendFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { sqsQueueReader, type QueueReader, type ReceivedMessage } from '@sales-pipeline/aws-adapters';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import * as t from 'io-ts';
import { errorMessage } from './start-problem';

/** A queue of the local run: its name (the file its messages are kept in) and the URL the emulator answers on. */
export interface LastingQueue {
  readonly name: string;
  readonly url: string;
}

/** What a message keeps between runs: its body and string attributes (SQS gives it a new id and sent time when restored). */
const KeptMessage = t.type({ body: t.string, attributes: t.record(t.string, t.string) });
type KeptMessage = t.TypeOf<typeof KeptMessage>;

export type LastingQueueProblem = { readonly _tag: 'QueueNotKept' | 'QueueNotRestored'; readonly queue: string; readonly message: string };

export const describeLastingQueueProblem = (problem: LastingQueueProblem): string =>
  problem._tag === 'QueueNotKept'
    ? `the messages of the queue ${problem.queue} could not be kept for the next run: ${problem.message}`
    : `the kept messages of the queue ${problem.queue} could not be restored: ${problem.message}`;

const SQS_BATCH = 10;
/** Long enough to page through a large queue once; the emulator stops right after. */
const HIDDEN_SECONDS = 900;

const fileOf = (dir: string, queue: LastingQueue) => join(dir, `${queue.name}.jsonl`);

const keptOf = ({ body, attributes }: ReceivedMessage): KeptMessage => ({ body, attributes });

/** Every message on the queue, page by page into a temporary file renamed over the previous one: memory stays one page. */
const keepQueue = (reader: QueueReader, dir: string) => (queue: LastingQueue) => {
  const notKept = (error: unknown): LastingQueueProblem => ({ _tag: 'QueueNotKept', queue: queue.name, message: errorMessage(error) });
  const temporary = `${fileOf(dir, queue)}.tmp`;
  return pipe(
    TE.tryCatch(async () => {
      await mkdir(dir, { recursive: true });
      await writeFile(temporary, '');
    }, notKept),
    TE.flatMap(() =>
      reader.receiveEach(queue.url, HIDDEN_SECONDS, (page) =>
        TE.tryCatch(() => appendFile(temporary, page.map((message) => `${JSON.stringify(keptOf(message))}\n`).join('')), notKept),
      ),
    ),
    TE.mapLeft((problem) => (problem._tag === 'AwsCallFailed' ? notKept(`${problem.operation}: ${problem.message}`) : problem)),
    TE.tap(() => TE.tryCatch(() => rename(temporary, fileOf(dir, queue)), notKept)),
    TE.tapError(() => TE.fromTask(() => rm(temporary, { force: true }))),
  );
};

const decodeLine = (line: string, number: number): E.Either<Error, KeptMessage> =>
  pipe(
    E.tryCatch(() => JSON.parse(line) as unknown, () => new Error(`line ${number} is not JSON`)),
    E.flatMap((value) => (KeptMessage.is(value) ? E.right(value) : E.left(new Error(`line ${number} is not a kept message`)))),
  );

const sendPage = async (sqs: SQSClient, queue: LastingQueue, page: readonly KeptMessage[]) => {
  const { Failed = [] } = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: queue.url,
      Entries: page.map((message, i) => ({
        Id: String(i),
        MessageBody: message.body,
        MessageAttributes: Object.fromEntries(Object.entries(message.attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }])),
      })),
    }),
  );
  if (Failed.length > 0) throw new Error(`${Failed.length} messages refused: ${Failed[0]?.Code ?? 'unknown'}`);
};

/** Sends the kept messages back onto the queue, a page at a time (none without a file); the file stays until the next keep replaces it (a killed run loses nothing). */
const restoreQueue = (sqs: SQSClient, dir: string) => (queue: LastingQueue) =>
  TE.tryCatch(
    async () => {
      if (!existsSync(fileOf(dir, queue))) return 0;
      const lines = createInterface({ input: createReadStream(fileOf(dir, queue)), crlfDelay: Infinity });
      let page: KeptMessage[] = [];
      let restored = 0;
      let lineNumber = 0;
      for await (const line of lines) {
        lineNumber += 1;
        if (line === '') continue;
        const message = decodeLine(line, lineNumber);
        if (E.isLeft(message)) throw new Error(`${fileOf(dir, queue)}: ${message.left.message} (move the file away to start without it)`);
        page.push(message.right);
        if (page.length === SQS_BATCH) {
          await sendPage(sqs, queue, page);
          restored += page.length;
          page = [];
        }
      }
      if (page.length > 0) await sendPage(sqs, queue, page);
      return restored + page.length;
    },
    (error): LastingQueueProblem => ({ _tag: 'QueueNotRestored', queue: queue.name, message: errorMessage(error) }),
  );

const total = (counts: readonly number[]) => counts.reduce((sum, count) => sum + count, 0);

/** Writes every queue's messages into `dir` (one JSON Lines file per queue): how many were kept. */
export const keepQueues = (sqs: SQSClient, queues: readonly LastingQueue[], dir: string): TE.TaskEither<LastingQueueProblem, number> =>
  // At once: each queue's paging ends on one long-poll receive that comes back empty (a second).
  pipe(queues, TE.traverseArray(keepQueue(sqsQueueReader(sqs), dir)), TE.map(total));

/** Sends the messages kept in `dir` back onto their queues (a queue without a file starts empty): how many were restored. */
export const restoreQueues = (sqs: SQSClient, queues: readonly LastingQueue[], dir: string): TE.TaskEither<LastingQueueProblem, number> =>
  pipe(queues, TE.traverseSeqArray(restoreQueue(sqs, dir)), TE.map(total));
