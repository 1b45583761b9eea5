import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { renderTemplate } from '@sales-pipeline/terraform-hcl';
import { createHash } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import { createStateMachineRunner, type Definition, type RunnerEvent, type StateMachineRunner } from './index';
import { createBucket, createQueue, createTable, createTopic, fakeFunction, putText, receiveBodies, startCloud, type Cloud } from '../test/harness';

jest.setTimeout(120_000);

const workspace = join(__dirname, '..', '..', '..', '..');
const template = readFileSync(join(workspace, 'terraform/modules/order-pipeline/templates/state-machine.asl.json.tftpl'), 'utf8');
const bucket = 'sales-pipeline-local-data-lake-000000000000-us-east-1';

let cloud: Cloud;
let runner: StateMachineRunner;
let rejectedQueueUrl: string;
let deadLetterQueueUrl: string;
const alerts: RunnerEvent[] = [];

beforeAll(async () => {
  cloud = await startCloud();
  await createBucket(cloud, bucket);
  await cloud.s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  await createTable(cloud, 'sales-pipeline-local-orders');
  rejectedQueueUrl = await createQueue(cloud, 'sales-pipeline-local-rejected-orders');
  deadLetterQueueUrl = await createQueue(cloud, 'sales-pipeline-local-dead-letter');
  const topicArn = await createTopic(cloud, 'sales-pipeline-local-sales-alerts');
  const validatorArn = 'arn:aws:lambda:us-east-1:000000000000:function:sales-pipeline-local-order-validator';
  const definition = JSON.parse(
    renderTemplate(template, {
      validator_function_arn: validatorArn,
      orders_table_name: 'sales-pipeline-local-orders',
      rejected_queue_url: rejectedQueueUrl,
      dead_letter_queue_url: deadLetterQueueUrl,
      alerts_topic_arn: topicArn,
      data_lake_bucket: bucket,
      results_prefix: 'results/',
      max_items_per_batch: 2,
      max_input_bytes_per_batch: 98304,
      max_concurrency: 4,
    }),
  ) as Definition;
  runner = createStateMachineRunner({ definition, clients: cloud.configs, functions: { [validatorArn]: validator }, stateMachineName: 'sales-pipeline-local-order-pipeline' });
  runner.onEvent((event) => event.type === 'AlertPublished' && alerts.push(event));
});
afterAll(async () => {
  runner.close();
  await cloud.stop();
});

interface Batch {
  readonly Items: { index: number; order: Record<string, unknown> | number }[];
  readonly BatchInput: { bucket: string; key: string; versionId: string };
}

/**
 * A stand-in for A's validator with the contract's verdict shapes (CONTRACTS.md): the dist/lambda zip is still the
 * workspace skeleton's placeholder. Swap in startFunctionFromZip('dist/lambda/order-validator.zip') once it lands.
 */
const validator = fakeFunction((event) => {
  const { Items, BatchInput } = event as Batch;
  return {
    verdicts: Items.map(({ index, order }) => {
      const source = { ...BatchInput, index };
      const id = createHash('sha256').update(JSON.stringify([BatchInput.bucket, BatchInput.key, index, order])).digest('hex');
      const rejection = (message: string) => ({ type: 'order-rejected', id, source, reasons: [{ path: 'contact-info', message }], order });
      if (typeof order !== 'object' || !order['contact-info']) return { index, valid: false, rejection: rejection('contact info is required') };
      const contentHash = createHash('sha256').update(JSON.stringify(order)).digest('hex');
      const price = order['price'] as number;
      return {
        index,
        valid: true,
        orderId: order['order_id'],
        contentHash,
        highValue: price > 400,
        item: marshall({ ...order, content_hash: contentHash, source_bucket: BatchInput.bucket, source_key: BatchInput.key, source_version_id: BatchInput.versionId, source_index: index, ingested_at: '2025-01-01T10:00:01Z' }, { removeUndefinedValues: true }),
        alert: price > 400 ? { subject: 'High Value Sale Alert', message: `We just sold a ${order['product']} for $${price}!` } : null,
        conflictRejection: { ...rejection('an order with this order_id and different content is already stored'), reasons: [{ path: 'order_id', message: 'an order with this order_id and different content is already stored' }] },
        source,
      };
    }),
  };
});

const contact = { email: 'buyer@example.com' };
const order = (id: string, price: number, extra: Record<string, unknown> = {}) => ({
  order_id: id,
  created_at: '2025-01-01T10:00:00Z',
  product: 'Laptop',
  quantity: 1,
  price,
  status: 'pending',
  'contact-info': contact,
  ...extra,
});

const objectCreated = async (key: string, body: string) => {
  const { VersionId } = await putText(cloud, bucket, key, body);
  if (VersionId === undefined) throw new Error(`${key} got no VersionId, yet the bucket is versioned`);
  return { detail: { bucket: { name: bucket }, object: { key, 'version-id': VersionId } } };
};

describe('the real rendered template (validator: a contract stand-in)', () => {
  it('stores valid orders, rejects invalid ones, alerts high-value ones once, and replays as duplicates', async () => {
    const orders = [order('t-1', 456.65), order('t-2', 99), { ...order('t-3', 20), 'contact-info': undefined }, 42, order('t-4', 401)];
    const event = await objectCreated('incoming/mixed.json', JSON.stringify(orders));
    const first = await runner.startExecution(event);
    expect([first.error, first.cause]).toEqual([undefined, undefined]);
    expect(first).toMatchObject({ status: 'SUCCEEDED' });
    expect(first.counters).toMatchObject({ mapRuns: 1, childExecutionsStarted: 3, childExecutionsSucceeded: 3 });
    expect(alerts.map((a) => (a as { message: string }).message).sort()).toEqual([expect.stringContaining('401'), expect.stringContaining('456.65')]);
    const rejected = (await receiveBodies(cloud, rejectedQueueUrl)) as { type: string; source: { index: number } }[];
    expect(rejected.map((r) => [r.type, r.source.index]).sort()).toEqual([
      ['order-rejected', 2],
      ['order-rejected', 3],
    ]);

    const replay = await runner.startExecution(event);
    expect(replay.status).toBe('SUCCEEDED');
    expect(alerts).toHaveLength(2);
    expect(replay.counters.statesEntered).toMatchObject({ NoteOrderDuplicate: 3 });
    expect(replay.counters.statesEntered['NoteOrderStored']).toBeUndefined();
    await receiveBodies(cloud, rejectedQueueUrl);
  });

  it('rejects a file that is not JSON as a whole and ends failed', async () => {
    const result = await runner.startExecution(await objectCreated('incoming/broken.json', '[{"order_id":'));
    expect(result).toMatchObject({ status: 'FAILED' });
    expect(result.counters.statesEntered).toMatchObject({ RejectOrderFile: 1, OrderFileRejected: 1 });
    const messages = (await receiveBodies(cloud, rejectedQueueUrl)) as { type: string }[];
    expect(messages).toEqual([expect.objectContaining({ type: 'file-rejected' })]);
  });

  it('retries a throttled store and sends an order whose retries run out to the dead-letter queue', async () => {
    runner.injectFault({ state: 'StoreOrder', fault: { kind: 'throttle' }, when: (p) => JSON.stringify(p).includes('t-9') });
    const result = await runner.startExecution(await objectCreated('incoming/throttled.json', JSON.stringify([order('t-9', 50)])));
    runner.clearFaults();
    expect(result.status).toBe('SUCCEEDED');
    expect(result.counters.retriesByState['StoreOrder']).toBeGreaterThan(0);
    const dead = (await receiveBodies(cloud, deadLetterQueueUrl)) as { type: string; orderId: string; error: { Error: string } }[];
    expect(dead).toEqual([expect.objectContaining({ type: 'order-failed', orderId: 't-9', error: expect.objectContaining({ Error: 'DynamoDB.ThrottlingException' }) })]);
    const coverage = runner.coverage();
    expect(coverage.states).toHaveLength(35);
    expect(coverage.notEntered).not.toEqual(expect.arrayContaining(['StoreOrder', 'PublishHighValueAlert', 'MarkOrderAlerted', 'SendOrderToDeadLetterQueue', 'RejectOrderFile']));
  });
});
