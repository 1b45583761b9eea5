import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { MaxOrderJsonBytes } from '@sales-pipeline/orders-domain';
import { unaccountedOrders } from '../src';
import { order, startHarness } from './support';

/**
 * An order larger than an order may be (32 KiB of JSON) cannot travel in a batch, nor in any state: it is rejected
 * alone, with its size and the limit, and every other order of its file is processed. A file larger than the cap goes
 * through PrepareOrderFile (the packaged order-file-preparer), which writes prepared/<key>/<versionId>.json with the
 * oversized order replaced by its size; the Map reads that copy and every id, source and item still names the file.
 */
jest.setTimeout(180_000);

const h = startHarness();
const notes = 'n'.repeat(300_000);
const oversized = { ...order('oversized-big', 120, { product: 'Banner' }), notes };
const oversizedBytes = Buffer.byteLength(JSON.stringify(oversized), 'utf8');

describe('a file with a 300 KB order and two valid ones', () => {
  const key = 'incoming/uploads/with-an-oversized-order.json';
  const valid = [order('oversized-first', 25), order('oversized-last', 450)] as const;

  it('stores the two valid orders, rejects the big one alone naming its size and the 32 KiB limit, dead-letters nothing', async () => {
    const [record, ...others] = await h.run(key, [valid[0], oversized, valid[1]]);
    expect(others).toHaveLength(0);
    expect(record?.result.status).toBe('SUCCEEDED');
    expect(record?.ordersRead).toBe(3);
    expect(record?.tally).toMatchObject({ stored: 2, rejected: 1, duplicate: 0, failed: 0 });
    expect(record?.result.counters.taskCallsByState['PrepareOrderFile']).toBe(1);

    for (const [index, stored] of [[0, valid[0]], [2, valid[1]]] as const)
      expect(await h.storedItem(stored.order_id)).toMatchObject({ order_id: stored.order_id, source_key: key, source_version_id: record?.versionId, source_index: index });

    const [rejection, ...more] = await h.rejectedMessagesFor(key);
    expect(more).toHaveLength(0);
    expect(rejection).toMatchObject({
      type: 'order-rejected',
      source: { key, versionId: record?.versionId, index: 1 },
      reasons: [{ path: '(order)', message: `is ${oversizedBytes.toLocaleString('en-US')} bytes of JSON, more than the 32,768 an order may have` }],
      order: { oversizedOrder: { bytes: oversizedBytes } },
    });
    expect(oversizedBytes).toBeGreaterThan(300_000);
    expect(JSON.stringify(rejection)).not.toContain('nnnnnnnn');
    expect(await h.deadLettersFor(key)).toHaveLength(0);
    expect(await h.alertEmailsAbout('Widget oversized-last')).toHaveLength(1);
  });

  it('leaves the copy the Map read under prepared/, the order replaced by its size; the file itself unchanged', async () => {
    const record = h.pipeline().executions().find((r) => r.key === key);
    const s3 = new S3Client(h.pipeline().emulators.clientConfig('s3'));
    try {
      const read = async (objectKey: string) =>
        JSON.parse((await (await s3.send(new GetObjectCommand({ Bucket: h.pipeline().deployment.bucket.name, Key: objectKey }))).Body?.transformToString()) ?? 'null') as unknown;
      expect(await read(`prepared/${key}/${record?.versionId}.json`)).toEqual([valid[0], { oversizedOrder: { bytes: oversizedBytes } }, valid[1]]);
      expect(await read(key)).toEqual([valid[0], oversized, valid[1]]);
    } finally {
      s3.destroy();
    }
  });

  it('replayed, stores nothing twice and rejects the big order with the same id', async () => {
    const [first] = await h.rejectedMessagesFor(key);
    const [record] = await h.replay(key);
    expect(record?.tally).toMatchObject({ duplicate: 2, rejected: 1 });
    const rejections = await h.rejectedMessagesFor(key);
    expect(rejections.map((m) => m['id'])).toEqual([first?.['id'], first?.['id']]);
  });
});

describe('files larger than an order may be, without an oversized order', () => {
  it('a large file of valid orders is read as it is (no copy), every order stored', async () => {
    const key = 'incoming/uploads/large-but-fine.json';
    const orders = Array.from({ length: 400 }, (_, i) => order(`oversized-fine-${i}`, 30));
    expect(Buffer.byteLength(JSON.stringify(orders))).toBeGreaterThan(MaxOrderJsonBytes);
    const [record] = await h.run(key, orders);
    expect(record?.result.status).toBe('SUCCEEDED');
    expect(record?.result.counters.taskCallsByState['PrepareOrderFile']).toBe(1);
    expect(record?.tally).toMatchObject({ stored: 400, rejected: 0 });
  });

  it('a large file that is not JSON is rejected as a whole, as any file that is not a JSON array', async () => {
    const key = 'incoming/uploads/large-contacts.csv';
    const [record] = await h.run(key, 'jane.doe@example.com,Laptop,2,449.99\n'.repeat(1_000));
    expect(record?.result.status).toBe('SUCCEEDED');
    expect(record?.fileRejected).toBe(true);
    const [message] = await h.rejectedMessagesFor(key);
    expect(message).toMatchObject({ type: 'file-rejected', reason: expect.stringMatching(/^The order file is not valid JSON/) });
    expect(await h.deadLettersFor(key)).toHaveLength(0);
  });

  it('a small file never runs the preparer: the Express entry takes it, and a hand-over of one skips it', async () => {
    const pipeline = h.pipeline();
    const before = pipeline.executions().length;
    await pipeline.upload('incoming/uploads/small.json', JSON.stringify([order('oversized-small', 10)]));
    await pipeline.settled();
    const [record] = pipeline.executions().slice(before);
    expect(record?.result.executionArn).toContain(':express:');
    expect(record?.tally).toMatchObject({ stored: 1 });
    const event = [...pipeline.smallFileRule.events()].reverse().find((d) => d.event.detail.object.key === 'incoming/uploads/small.json')?.event;
    if (!event) throw new Error('no event for incoming/uploads/small.json');
    const handedOver = await pipeline.startExecution(event);
    expect(handedOver.result.counters.taskCallsByState['PrepareOrderFile'] ?? 0).toBe(0);
    expect(handedOver.tally).toMatchObject({ duplicate: 1 });
    expect(pipeline.smallFileRunner.counters().taskCallsByState['PrepareOrderFile'] ?? 0).toBe(0);
  });
});

describe('a preparation that keeps failing', () => {
  it('is retried, then fails the execution as a technical failure, which is dead-lettered (redrivable)', async () => {
    const key = 'incoming/uploads/prepare-fails.json';
    h.pipeline().runner.injectFault({ state: 'PrepareOrderFile', fault: { kind: 'functionError', errorType: 'OrderFileUnreadable' } });
    const [record] = await h.run(key, [oversized]);
    expect(record?.result).toMatchObject({ status: 'FAILED', error: 'OrderFileFailed' });
    expect(record?.result.counters.retriesByState['PrepareOrderFile']).toBe(2);
    expect(await h.deadLettersFor(key)).toEqual([expect.objectContaining({ 'detail-type': 'Step Functions Execution Status Change' })]);
  });
});

describe('the run as a whole', () => {
  it('accounts for every order read', () => {
    const summary = h.pipeline().summary();
    expect(unaccountedOrders(summary)).toBe(0);
    expect(summary).toMatchObject({ filesRejected: 1, executionsFailed: 1 });
  });
});
