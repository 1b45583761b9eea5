import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { reconcileLocalZone } from '@sales-pipeline/analytics-engines';
import { sqsQueueReader } from '@sales-pipeline/aws-adapters';
import { smallFileMaxBytes, startLocalPipeline, type LocalPipeline } from '@sales-pipeline/local-pipeline-engine';
import { deadLetterQueueOn, redriveDeadLetters, type DeadLetterQueue } from '@sales-pipeline/operations';
import * as E from 'fp-ts/Either';
import { localPipelineReplayers } from '../src';

/**
 * The analytics zone the pipeline writes, against the orders table: a small file (the Express entry) and a large one
 * (the Standard machine) uploaded at once, with valid, invalid and high-value orders and one order in both; a file
 * whose zone write fails for good (a fault on WriteZone), redriven from its zone-write-failed dead letter; a replay
 * of the same file version and a re-upload. The zone's rows, read by DuckDB from the local mirror, equal an
 * independent count from the table (per day, count and revenue in cents; the ids) and no order is in it twice.
 */
const repoRoot = join(__dirname, '..', '..', '..', '..');
jest.setTimeout(180_000);

let pipeline: LocalPipeline;
let sqs: SQSClient;
let dynamodb: DynamoDBClient;
let queue: DeadLetterQueue;
let replayers: ReturnType<typeof localPipelineReplayers>;
let zoneDir: string;

beforeAll(async () => {
  zoneDir = await mkdtemp(join(tmpdir(), 'sales-pipeline-zone-'));
  pipeline = await startLocalPipeline({
    repoRoot,
    zoneDir,
    onFunctionLog: () => undefined,
    // Every WriteZone of this file fails (a Lambda service error) until the fault is cleared: retried, then dead-lettered.
    faults: [{ state: 'WriteZone', fault: { kind: 'serviceError', error: 'Lambda.ServiceException' }, when: (parameters) => JSON.stringify(parameters).includes('zone-redrive') }],
  });
  sqs = new SQSClient(pipeline.emulators.clientConfig('sqs'));
  dynamodb = new DynamoDBClient(pipeline.emulators.clientConfig('dynamodb'));
  queue = deadLetterQueueOn(sqsQueueReader(sqs), pipeline.deployment.queues.deadLetter.url);
  replayers = localPipelineReplayers(pipeline);
});

afterAll(async () => {
  replayers?.close();
  sqs?.destroy();
  dynamodb?.destroy();
  await pipeline?.stop();
  await rm(zoneDir, { recursive: true, force: true });
});

const order = (id: string, price: number, day: number) => ({
  order_id: id,
  created_at: `2026-11-${String(day).padStart(2, '0')}T10:00:00Z`,
  product: `Gadget ${id}`,
  quantity: 2,
  price,
  status: 'pending',
  'contact-info': { email: 'buyer@example.com', phone: '+49 30 1234567' },
});

/** The file as the Standard machine gets it: padded with trailing whitespace to just over the small-file threshold. */
const overThreshold = (text: string): string => {
  const threshold = Number(smallFileMaxBytes(pipeline.deployment));
  return `${text}${' '.repeat(Math.max(0, threshold + 1 - Buffer.byteLength(text)))}`;
};

const reconciled = async () => {
  const result = await reconcileLocalZone(zoneDir, dynamodb, pipeline.deployment.table.name)();
  if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
  return result.right;
};

const zoneText = async (): Promise<string> => {
  const files = (await readdir(zoneDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  return (await Promise.all(files.map((file) => readFile(join(file.parentPath, file.name), 'utf8')))).join('');
};

it('holds exactly the stored orders, once, through a failed zone write, its redrive, a replay and a re-upload', async () => {
  const small = [order('zone-s1', 20.5, 1), order('zone-shared', 15, 1), { order_id: 'zone-bad', price: -1 }, order('zone-s2', 950, 2)];
  const large = [order('zone-l1', 30.25, 2), order('zone-shared', 15, 1), order('zone-l2', 620, 3), { order_id: 'zone-bad-2' }];
  // Both files at once: the shared order is stored by one of them and counted by that one only.
  await Promise.all([pipeline.upload('incoming/zone-small.json', JSON.stringify(small)), pipeline.upload('incoming/zone-large.json', overThreshold(JSON.stringify(large)))]);
  await pipeline.upload('incoming/zone-redrive.json', JSON.stringify([order('zone-r1', 12, 3), order('zone-r2', 700, 3)]));
  await pipeline.settled();
  const express = pipeline.executions().filter((record) => record.result.executionArn.includes(':express:'));
  expect(express.map((record) => record.key).sort()).toEqual(['incoming/zone-redrive.json', 'incoming/zone-small.json']);

  // The failed zone write: the orders are stored, the zone lacks them, reconcile names them.
  const before = await reconciled();
  expect(before.matches).toBe(false);
  expect(before.missingInZone).toEqual(['zone-r1', 'zone-r2']);

  pipeline.runner.clearFaults();
  pipeline.smallFileRunner.clearFaults();
  const redriven = await redriveDeadLetters(queue, replayers, { kinds: ['zone-write-failed'] })();
  expect(E.isRight(redriven) && redriven.right.filter((result) => result.deadLetter.kind === 'zone-write-failed').map((result) => result.outcome._tag)).toEqual(['Replayed']);

  // A replay of the same file version (the redrive of a file-failed letter does this) and a re-upload (a new version).
  const smallRun = pipeline.executions().find((record) => record.key === 'incoming/zone-small.json');
  const event = await replayers.fileVersionEvent({ bucket: pipeline.deployment.bucket.name, key: 'incoming/zone-small.json', versionId: smallRun?.versionId ?? null })();
  if (E.isLeft(event)) throw new Error(JSON.stringify(event.left));
  await replayers.executions.start(event.right)();
  await pipeline.upload('incoming/zone-large.json', overThreshold(JSON.stringify(large)));
  await pipeline.settled();

  const after = await reconciled();
  expect(after).toMatchObject({ matches: true, missingInZone: [], missingInTable: [], duplicatedInZone: [] });
  expect(after.days).toEqual([
    { saleDate: '2026-11-01', zoneOrders: 2, tableOrders: 2, zoneRevenue: 71, tableRevenue: 71 },
    { saleDate: '2026-11-02', zoneOrders: 2, tableOrders: 2, zoneRevenue: 1960.5, tableRevenue: 1960.5 },
    { saleDate: '2026-11-03', zoneOrders: 3, tableOrders: 3, zoneRevenue: 2664, tableRevenue: 2664 },
  ]);
  const text = await zoneText();
  expect(text).not.toMatch(/example\.com|@|\+49/);
  expect(text).toContain('"reason_path":"price"');
});
