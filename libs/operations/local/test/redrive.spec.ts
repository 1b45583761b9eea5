import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { sqsQueueReader } from '@sales-pipeline/aws-adapters';
import { smallFileMaxBytes, startLocalPipeline, type LocalPipeline } from '@sales-pipeline/local-pipeline-engine';
import { deadLetterQueueOn, listDeadLetters, redriveDeadLetters, type DeadLetterQueue } from '@sales-pipeline/operations';
import { AnalyticsPrefix, OrdersTable } from '@sales-pipeline/analytics-zone';
import * as E from 'fp-ts/Either';
import { localPipelineReplayers } from '../src';

/**
 * From a fault to an empty dead-letter queue through the operations lib, against the whole local pipeline (the
 * emulators, both packaged zips, the Terraform's state machine and rules): the fault dead-letters an order or an
 * execution, `listDeadLetters` types it, the redrive replays it, stores each order exactly once, alerts once and
 * empties the queue, and a second redrive finds nothing to do.
 */
const repoRoot = join(__dirname, '..', '..', '..', '..');
jest.setTimeout(180_000);

const onlyFor = (text: string) => (parameters: unknown) => JSON.stringify(parameters).includes(text);

let pipeline: LocalPipeline;
let sqs: SQSClient;
let dynamodb: DynamoDBClient;
let s3: S3Client;
let queue: DeadLetterQueue;
let replayers: ReturnType<typeof localPipelineReplayers>;

beforeAll(async () => {
  pipeline = await startLocalPipeline({
    repoRoot,
    onFunctionLog: () => undefined,
    // Every StoreOrder of order redrive-1 fails until the fault is repaired: its retries run out, it is dead-lettered.
    faults: [{ state: 'StoreOrder', fault: { kind: 'serviceError', error: 'DynamoDB.InternalServerErrorException' }, when: onlyFor('redrive-1') }],
  });
  sqs = new SQSClient(pipeline.emulators.clientConfig('sqs'));
  dynamodb = new DynamoDBClient(pipeline.emulators.clientConfig('dynamodb'));
  s3 = new S3Client(pipeline.emulators.clientConfig('s3'));
  queue = deadLetterQueueOn(sqsQueueReader(sqs), pipeline.deployment.queues.deadLetter.url);
  replayers = localPipelineReplayers(pipeline);
});

afterAll(async () => {
  replayers?.close();
  sqs?.destroy();
  dynamodb?.destroy();
  s3?.destroy();
  await pipeline?.stop();
});

const order = (id: string, price: number) => ({
  order_id: id,
  created_at: '2026-11-20T10:00:00Z',
  product: `Gadget ${id}`,
  quantity: 1,
  price,
  status: 'pending',
  'contact-info': { email: 'buyer@example.com' },
});

/** The analytics zone's order rows in the data lake, by order id. */
const zoneOrderRows = async (): Promise<ReadonlyMap<string, Record<string, unknown>>> => {
  const bucket = pipeline.deployment.bucket.name;
  const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${AnalyticsPrefix}${OrdersTable.prefix}/` }));
  const bodies = await Promise.all(Contents.map(async ({ Key }) => (await s3.send(new GetObjectCommand({ Bucket: bucket, Key }))).Body?.transformToString() ?? ''));
  const rows = bodies.flatMap((body) => body.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>));
  return new Map(rows.map((row) => [String(row['order_id']), row]));
};

const storedIds = async () => {
  const { Items = [] } = await dynamodb.send(new ScanCommand({ TableName: pipeline.deployment.table.name }));
  return Items.map((item) => unmarshall(item)).map((item) => String(item['order_id'])).sort();
};

/** The file as the Standard machine gets it: padded with trailing whitespace to just over the small-file threshold. */
const overThreshold = (text: string): string => {
  const threshold = Number(smallFileMaxBytes(pipeline.deployment));
  return `${text}${' '.repeat(Math.max(0, threshold + 1 - Buffer.byteLength(text)))}`;
};

const right = <A>(either: E.Either<unknown, A>): A => {
  if (E.isLeft(either)) throw new Error(`expected Right, got ${JSON.stringify(either.left)}`);
  return either.right;
};

it('replays a dead-lettered order of a small file (the Express entry) once: stored exactly once, alerted once, the queue empty; a second redrive is a no-op', async () => {
  const key = 'incoming/redrive-order.json';
  await pipeline.upload(key, JSON.stringify([order('redrive-0', 20), order('redrive-1', 450), order('redrive-2', 30)]));
  await pipeline.settled();
  expect(await storedIds()).toEqual(['redrive-0', 'redrive-2']);

  const listed = right(await listDeadLetters(queue)());
  expect(listed.map((entry) => entry.deadLetter)).toEqual([
    expect.objectContaining({ kind: 'order-failed', index: 1, orderId: 'redrive-1', file: expect.objectContaining({ key }) }),
  ]);
  expect(listed[0]?.plan).toEqual({ _tag: 'RerunFileVersion', file: expect.objectContaining({ bucket: pipeline.deployment.bucket.name, key }) });

  // The fault was given to the pipeline: both machines have it.
  pipeline.runner.clearFaults();
  pipeline.smallFileRunner.clearFaults();
  const alertsBefore = pipeline.summary().alerts;
  const redriven = right(await redriveDeadLetters(queue, replayers, {})());
  expect(redriven.map((result) => result.outcome)).toEqual([{ _tag: 'Replayed', detail: expect.stringMatching(/^started arn:aws:states:/) }]);
  expect(await storedIds()).toEqual(['redrive-0', 'redrive-1', 'redrive-2']);
  const replay = pipeline.executions().at(-1);
  expect(replay?.outcomes.map((outcome) => outcome.outcome)).toEqual(['duplicate', 'stored', 'duplicate']);
  expect(pipeline.summary().alerts - alertsBefore).toBe(1);
  expect(right(await queue.receiveAll()())).toEqual([]);

  const executionsBefore = pipeline.executions().length;
  expect(right(await redriveDeadLetters(queue, replayers, {})())).toEqual([]);
  expect(pipeline.executions().length).toBe(executionsBefore);
  expect(await storedIds()).toEqual(['redrive-0', 'redrive-1', 'redrive-2']);
});

it('replays a failed execution with its stored input when the local runner cannot redrive it', async () => {
  const key = 'incoming/redrive-execution.json';
  // The validator crashes and the batch cannot be dead-lettered either: the child fails, so does the execution.
  pipeline.runner.injectFault({ state: 'ValidateBatch', fault: { kind: 'crash' }, when: onlyFor(key) });
  pipeline.runner.injectFault({ state: 'SendBatchToDeadLetterQueue', fault: { kind: 'throttle' }, when: onlyFor(key) });
  await pipeline.upload(key, overThreshold(JSON.stringify([order('redrive-3', 10), order('redrive-4', 11)])));
  await pipeline.settled();
  expect(pipeline.executions().at(-1)?.result.status).toBe('FAILED');

  const listed = right(await listDeadLetters(queue)());
  expect(listed.map((entry) => [entry.deadLetter.kind, entry.plan._tag])).toEqual([['execution-failed', 'RedriveExecution']]);

  pipeline.runner.clearFaults();
  const redriven = right(await redriveDeadLetters(queue, replayers, {})());
  expect(redriven.map((result) => result.outcome)).toEqual([
    { _tag: 'Replayed', detail: expect.stringMatching(/^not redrivable \(RedriveUnsupported\); started arn:aws:states:.* with its input$/) },
  ]);
  expect(pipeline.executions().at(-1)?.result.status).toBe('SUCCEEDED');
  expect(await storedIds()).toEqual(expect.arrayContaining(['redrive-3', 'redrive-4']));
  expect(right(await queue.receiveAll()())).toEqual([]);
});

it("replays a small file's file-failed dead letter as its file version: every order stored once, alerted once", async () => {
  const key = 'incoming/redrive-small-file.json';
  pipeline.smallFileRunner.injectFault({ state: 'ReadOrderFile', fault: { kind: 'serviceError', error: 'S3.InternalErrorException' }, when: onlyFor(key) });
  await pipeline.upload(key, JSON.stringify([order('redrive-5', 12), order('redrive-6', 460)]));
  await pipeline.settled();
  expect(pipeline.executions().at(-1)?.result).toMatchObject({ status: 'FAILED', error: 'OrderFileFailed' });

  const listed = right(await listDeadLetters(queue)());
  expect(listed.map((entry) => [entry.deadLetter.kind, entry.plan._tag])).toEqual([['file-failed', 'RerunFileVersion']]);

  pipeline.smallFileRunner.clearFaults();
  const alertsBefore = pipeline.summary().alerts;
  const redriven = right(await redriveDeadLetters(queue, replayers, {})());
  expect(redriven.map((result) => result.outcome)).toEqual([{ _tag: 'Replayed', detail: expect.stringMatching(/^started arn:aws:states:/) }]);
  expect(pipeline.executions().at(-1)?.outcomes.map((outcome) => outcome.outcome)).toEqual(['stored', 'stored']);
  expect(await storedIds()).toEqual(expect.arrayContaining(['redrive-5', 'redrive-6']));
  expect(pipeline.summary().alerts - alertsBefore).toBe(1);
  expect(right(await queue.receiveAll()())).toEqual([]);
});

it('marks an order whose alert went out but whose mark failed for good: no second e-mail, and no later copy can alert it again (npm run soak -- --files 100 --seed 3: one item left unmarked)', async () => {
  const key = 'incoming/redrive-unmarked.json';
  // redrive-8, beside it, is marked by the state machine itself: the item the redrive's mark must leave.
  const file = JSON.stringify([order('redrive-7', 470), order('redrive-8', 480)]);
  pipeline.smallFileRunner.injectFault({ state: 'MarkOrderAlerted', fault: { kind: 'serviceError', error: 'DynamoDB.InternalServerErrorException' }, when: onlyFor('redrive-7') });
  const alertsBefore = pipeline.summary().alerts;
  await pipeline.upload(key, file);
  await pipeline.settled();
  expect(pipeline.summary().alerts - alertsBefore).toBe(2);

  const listed = right(await listDeadLetters(queue)());
  expect(listed.map((entry) => entry.plan)).toEqual([{ _tag: 'MarkOrderAlerted', orderId: 'redrive-7' }]);
  // The e-mail went out: the zone's row counts the alert before any redrive, like its neighbour's.
  const alertedInZone = async () => [(await zoneOrderRows()).get('redrive-7')?.['alerted'], (await zoneOrderRows()).get('redrive-8')?.['alerted']];
  expect(await alertedInZone()).toEqual([true, true]);

  pipeline.smallFileRunner.clearFaults();
  const redriven = right(await redriveDeadLetters(queue, replayers, {})());
  expect(redriven.map((result) => result.outcome)).toEqual([{ _tag: 'Replayed', detail: 'order redrive-7 marked alerted' }]);
  const { Items = [] } = await dynamodb.send(new ScanCommand({ TableName: pipeline.deployment.table.name }));
  const itemOf = (orderId: string) => Items.map((each) => unmarshall(each)).find((each) => each['order_id'] === orderId) ?? {};
  expect(itemOf('redrive-7')).toMatchObject({ alerted_at: expect.any(String) });
  // The attributes the state machine's own MarkOrderAlerted leaves (alerted_at set, the claim removed): the adapter
  // and the template make the one update of terraform/modules/order-pipeline/alert-mark.json.
  expect(Object.keys(itemOf('redrive-7')).sort()).toEqual(Object.keys(itemOf('redrive-8')).sort());
  expect(right(await queue.receiveAll()())).toEqual([]);

  // A later copy of the order (a re-upload) finds it marked: a duplicate, no e-mail, whatever the lease.
  await pipeline.upload(key, file);
  await pipeline.settled();
  expect(pipeline.executions().at(-1)?.outcomes).toEqual([
    { index: 0, outcome: 'duplicate', alerted: false },
    { index: 1, outcome: 'duplicate', alerted: false },
  ]);
  expect(pipeline.summary().alerts - alertsBefore).toBe(2);
  expect(await alertedInZone()).toEqual([true, true]);
});
