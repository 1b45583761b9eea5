import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyDeadLetter, replayPlan } from '@sales-pipeline/operations';
import { ALERT_PUBLISHED_NOT_MARKED, fileRejectionId, OrderFileNotArray, OrderFileNotJson } from '@sales-pipeline/orders-domain';
import { formatProgress, unaccountedOrders, type ExecutionRecord } from '../src';
import { examples, onlyFor, order, overThreshold, smallFileMaxBytes, startHarness } from './support';

/**
 * A file of at most small_file_max_bytes is routed by the second rule's numeric match on detail.object.size to the
 * Express entry: read with GetObject, batched by the validator, each batch through the same order-batch states as
 * the Standard machine's children. The guarantees are the Standard machine's: idempotent writes, duplicates and
 * alerts exactly once, the same file-rejected message, nothing lost (a failed file is a file-failed dead letter the
 * operations redrive replays), files of any size (too many batches for one run: handed to the Standard machine).
 */
jest.setTimeout(180_000);

const h = startHarness('small');

const only = (records: readonly ExecutionRecord[]): ExecutionRecord => {
  expect(records).toHaveLength(1);
  return records[0] as ExecutionRecord;
};
const tally = (record: ExecutionRecord) => ({ read: record.ordersRead, ...record.tally });
const isExpress = (record: ExecutionRecord) => record.result.executionArn.includes(`:express:${h.pipeline().deployment.smallFileStateMachine.name}:`);

describe('a small order file', () => {
  it('takes the Express entry: valid orders stored, invalid ones rejected with reasons, a repeated one a duplicate, a high-value one alerted once', async () => {
    const key = 'incoming/small/mixed.json';
    const orders = [order('small-1', 50), order('small-2', 950), { order_id: 'small-bad', price: -1 }, order('small-1', 50)];
    expect(Buffer.byteLength(JSON.stringify(orders))).toBeLessThanOrEqual(smallFileMaxBytes(h.pipeline()));
    const record = only(await h.run(key, orders));
    expect(isExpress(record)).toBe(true);
    expect(record.result.status).toBe('SUCCEEDED');
    expect(tally(record)).toMatchObject({ read: 4, stored: 2, rejected: 1, duplicate: 1, failed: 0, unreadable: 0, alerted: 1 });
    expect(record.result.counters.mapRuns).toBe(0);
    expect(await h.storedItem('small-1')).toMatchObject({ source_key: key, source_index: 0 });
    expect(await h.storedItem('small-2')).toMatchObject({ source_key: key, source_index: 1 });
    expect(await h.rejectedMessagesFor(key)).toEqual([expect.objectContaining({ type: 'order-rejected', source: expect.objectContaining({ index: 2 }) })]);
    expect(await h.alertEmailsAbout('Widget small-2')).toHaveLength(1);
    expect(await h.deadLettersFor(key)).toHaveLength(0);
  });

  it('again (a new version, or the same event delivered twice) stores nothing twice and alerts nothing again', async () => {
    const key = 'incoming/small/mixed.json';
    const again = only(await h.run(key, [order('small-1', 50), order('small-2', 950)]));
    expect(tally(again)).toMatchObject({ read: 2, stored: 0, duplicate: 2, alerted: 0 });
    const replayed = only(await h.replay(key));
    expect(tally(replayed)).toMatchObject({ read: 2, stored: 0, duplicate: 2, alerted: 0 });
    expect(await h.storedItemsWith('small-2')).toHaveLength(1);
    expect(await h.alertEmailsAbout('Widget small-2')).toHaveLength(1);
  });

  it('rejects an order whose id is stored with other content as a conflict', async () => {
    const record = only(await h.run('incoming/small/conflict.json', [order('small-1', 51)]));
    expect(record.outcomes).toEqual([{ index: 0, outcome: 'conflict', alerted: false }]);
    expect(await h.storedItem('small-1')).toMatchObject({ price: 50 });
  });

  it('of more orders than one batch runs a batch per max_items_per_batch orders, in one run', async () => {
    const perBatch = Number(h.pipeline().deployment.rootVariables['max_items_per_batch']);
    const orders = Array.from({ length: 2 * perBatch + 3 }, (_, n) => order(`small-batches-${n}`, 20));
    const record = only(await h.run('incoming/small/batches.json', orders));
    expect(isExpress(record)).toBe(true);
    expect(tally(record)).toMatchObject({ read: orders.length, stored: orders.length, failed: 0 });
    expect(record.result.counters.taskCallsByState['ValidateBatch']).toBe(3);
  });

  it('of more batches than one wave is handed to the Standard machine, which processes it', async () => {
    const variables = h.pipeline().deployment.rootVariables;
    const count = Number(variables['max_items_per_batch']) * Number(variables['max_concurrency']) + 1;
    const key = 'incoming/small/many-batches.json';
    const orders = Array.from({ length: count }, (_, n) => ({ order_id: `m${n}` }));
    const records = await h.run(key, orders);
    const express = records.find(isExpress);
    const standard = records.find((record) => !isExpress(record));
    expect(express?.result.status).toBe('SUCCEEDED');
    expect(express?.result.counters.statesEntered['OrderFileHandedOver']).toBe(1);
    expect(express?.ordersRead).toBe(0);
    expect(express && formatProgress({ _tag: 'ExecutionEnded', record: express })).toMatch(/: SUCCEEDED incoming\/small\/many-batches\.json in .*, handed over to the Standard machine/);
    expect(standard?.result.status).toBe('SUCCEEDED');
    expect(standard && tally(standard)).toMatchObject({ read: count, rejected: count, failed: 0 });
    expect(await h.rejectedMessagesFor(key)).toHaveLength(count);
  });
});

describe('a small file rejected for its content', () => {
  it.each([
    ['not JSON', 'incoming/small/orders-not-json.txt', readFileSync(join(examples, 'orders-not-json.txt'), 'utf8'), OrderFileNotJson],
    ['JSON but not an array', 'incoming/small/orders-not-an-array.json', readFileSync(join(examples, 'orders-not-an-array.json'), 'utf8'), OrderFileNotArray],
  ])('%s: succeeds with the same file-rejected message as the Standard machine sends, nothing dead-lettered', async (_what, key, body, reason) => {
    const record = only(await h.run(key, body));
    expect(isExpress(record)).toBe(true);
    expect(record.result.status).toBe('SUCCEEDED');
    expect(record.fileRejected).toBe(true);
    const [message, ...more] = await h.rejectedMessagesFor(key);
    expect(more).toHaveLength(0);
    expect(message).toEqual({
      type: 'file-rejected',
      id: fileRejectionId({ bucket: h.pipeline().deployment.bucket.name, key, versionId: record.versionId ?? null }),
      source: { bucket: h.pipeline().deployment.bucket.name, key, versionId: record.versionId },
      reason,
    });
    expect(await h.deadLettersFor(key)).toHaveLength(0);

    const largeKey = key.replace('incoming/small/', 'incoming/small/as-large-');
    const large = only(await h.run(largeKey, overThreshold(h.pipeline(), body)));
    expect(isExpress(large)).toBe(false);
    const [standardMessage] = await h.rejectedMessagesFor(largeKey);
    expect(standardMessage).toEqual({ ...message, id: expect.any(String), source: expect.objectContaining({ key: largeKey }) });
  });

  it('is no technical failure', () => {
    expect(h.pipeline().summary()).toMatchObject({ executionsFailed: 0 });
  });
});

describe('a small file that fails', () => {
  it('before its orders were batched (the validator crashed on every attempt) counts every order of the file read and failed (npm run soak -- --files 100 --seed 3: 27 orders in no count)', async () => {
    const key = 'incoming/small/batching-crashes.json';
    h.pipeline().smallFileRunner.injectFault({ state: 'BatchOrderFile', fault: { kind: 'crash' }, when: onlyFor(key) });
    const before = h.pipeline().summary();
    const failed = only(await h.run(key, [order('small-unbatched-1', 30), order('small-unbatched-2', 40), order('small-unbatched-1', 30)]));
    expect(failed.result).toMatchObject({ status: 'FAILED', error: 'OrderFileFailed' });
    expect({ read: failed.ordersRead, ...failed.tally }).toMatchObject({ read: 3, stored: 0, rejected: 0, duplicate: 0, failed: 3 });
    const after = h.pipeline().summary();
    expect([after.ordersRead - before.ordersRead, after.ordersFailed - before.ordersFailed]).toEqual([3, 3]);
    expect(await h.deadLettersFor(key)).toEqual([expect.objectContaining({ type: 'file-failed' })]);
  });

  it('is dead-lettered as one file-failed message, which the operations redrive replays as its file version (libs/operations/local: redrive.spec.ts)', async () => {
    const key = 'incoming/small/read-fails.json';
    h.pipeline().smallFileRunner.injectFault({ state: 'ReadOrderFile', fault: { kind: 'serviceError', error: 'S3.InternalErrorException' }, when: onlyFor(key) });
    const failed = only(await h.run(key, [order('small-failed-1', 30), order('small-failed-2', 990)]));
    expect(isExpress(failed)).toBe(true);
    expect(failed.result).toMatchObject({ status: 'FAILED', error: 'OrderFileFailed' });
    // Failed before its file was read: the ledger counts the file's orders as read and failed (they are on the
    // dead-letter queue with the file), instead of leaving them out of every count.
    expect({ read: failed.ordersRead, ...failed.tally }).toMatchObject({ read: 2, stored: 0, failed: 2 });
    const [letter, ...more] = await h.deadLettersFor(key);
    expect(more).toHaveLength(0);
    expect(letter).toMatchObject({ type: 'file-failed', source: { key, versionId: failed.versionId }, error: { Error: 'S3.InternalErrorException' } });
    const file = { bucket: h.pipeline().deployment.bucket.name, key, versionId: failed.versionId ?? null };
    expect(replayPlan(classifyDeadLetter({ body: JSON.stringify(letter), attributes: {} }))).toEqual({ _tag: 'RerunFileVersion', file });
    expect(await h.storedItem('small-failed-1')).toBeUndefined();
  });

  it('when its batch cannot be validated, dead-letters the batch and ends its orders failed, as a Standard child does', async () => {
    const key = 'incoming/small/validator-crashes-once.json';
    h.pipeline().smallFileRunner.injectFault({ state: 'ValidateBatch', fault: { kind: 'crash' }, when: onlyFor(key) });
    const record = only(await h.run(key, [order('small-batch-dead-lettered', 30)]));
    expect(record.result.status).toBe('SUCCEEDED');
    expect(record.outcomes).toEqual([{ index: 0, outcome: 'failed', alerted: false }]);
    expect(await h.deadLettersFor(key)).toEqual([expect.objectContaining({ type: 'batch-failed' })]);
  });

  it('when its batch fails for good, is dead-lettered as a file-failed message too', async () => {
    const key = 'incoming/small/validator-crashes.json';
    h.pipeline().smallFileRunner.injectFault({ state: 'ValidateBatch', fault: { kind: 'crash' }, when: onlyFor(key) });
    h.pipeline().smallFileRunner.injectFault({ state: 'SendBatchToDeadLetterQueue', fault: { kind: 'throttle' }, when: onlyFor(key) });
    const failed = only(await h.run(key, [order('small-batch-failed', 30)]));
    expect(failed.result).toMatchObject({ status: 'FAILED', error: 'OrderFileFailed' });
    expect(failed.tally).toMatchObject({ failed: 1 });
    expect(await h.deadLettersFor(key)).toEqual([expect.objectContaining({ type: 'file-failed', error: expect.objectContaining({ Error: 'DeadLetterQueueUnavailable' }) })]);
  });

  it('with the dead-letter queue unreachable too, fails visibly (the ExecutionsFailed alarm): nothing else is left to put it anywhere', async () => {
    const key = 'incoming/small/nowhere-to-go.json';
    h.pipeline().smallFileRunner.injectFault({ state: 'BatchOrderFile', fault: { kind: 'crash' }, when: onlyFor(key) });
    h.pipeline().smallFileRunner.injectFault({ state: 'SendFileToDeadLetterQueue', fault: { kind: 'throttle' }, when: onlyFor(key) });
    const failed = only(await h.run(key, [order('small-nowhere', 30)]));
    expect(failed.result).toMatchObject({ status: 'FAILED', error: 'DeadLetterQueueUnavailable' });
    expect(await h.deadLettersFor(key)).toHaveLength(0);
  });

  it('a high-value order whose mark fails for good after the publish is dead-lettered as published, not marked (its redrive marks it)', async () => {
    const key = 'incoming/small/mark-failed.json';
    h.pipeline().smallFileRunner.injectFault({ state: 'MarkOrderAlerted', fault: { kind: 'throttle' }, when: onlyFor('small-mark-failed') });
    const record = only(await h.run(key, [order('small-mark-failed', 480)]));
    expect(record.outcomes).toEqual([{ index: 0, outcome: 'failed', alerted: true }]);
    expect(await h.deadLettersFor(key)).toEqual([expect.objectContaining({ type: 'order-failed', error: expect.objectContaining({ Error: ALERT_PUBLISHED_NOT_MARKED }) })]);
  });

  it('a zone write that fails for good leaves the orders stored and counted, and is dead-lettered as zone-write-failed without order content', async () => {
    const key = 'incoming/small/zone-write-fails.json';
    h.pipeline().smallFileRunner.injectFault({ state: 'WriteZone', fault: { kind: 'serviceError', error: 'Lambda.ServiceException' }, when: onlyFor(key) });
    const record = only(await h.run(key, [order('small-zone-1', 20), { order_id: 'small-zone-bad' }]));
    expect(record.result.status).toBe('SUCCEEDED');
    expect(tally(record)).toMatchObject({ read: 2, stored: 1, rejected: 1, failed: 0 });
    const [letter] = await h.deadLettersFor(key);
    expect(letter).toMatchObject({ type: 'zone-write-failed', batch: { source: { key }, outcomes: record.outcomes }, error: { Error: 'Lambda.ServiceException' } });
    expect(JSON.stringify(letter)).not.toContain('example.com');
    expect(replayPlan(classifyDeadLetter({ body: JSON.stringify(letter), attributes: {} }))).toMatchObject({ _tag: 'RewriteZone', batch: letter?.['batch'] });
  });

  it('a zone write that cannot be dead-lettered either fails the execution visibly', async () => {
    const key = 'incoming/small/zone-nowhere.json';
    h.pipeline().smallFileRunner.injectFault({ state: 'WriteZone', fault: { kind: 'crash' }, when: onlyFor(key) });
    h.pipeline().smallFileRunner.injectFault({ state: 'SendZoneWriteToDeadLetterQueue', fault: { kind: 'throttle' }, when: onlyFor(key) });
    const failed = only(await h.run(key, [order('small-zone-nowhere', 20)]));
    expect(failed.result).toMatchObject({ status: 'FAILED' });
    expect(await h.storedItem('small-zone-nowhere')).toBeDefined();
  });

  it('a rejection that cannot be sent is dead-lettered as a file-failed message', async () => {
    const key = 'incoming/small/rejection-unsent.txt';
    h.pipeline().smallFileRunner.injectFault({ state: 'RejectOrderFile', fault: { kind: 'throttle' }, when: onlyFor(key) });
    const failed = only(await h.run(key, 'not json'));
    expect(failed.result).toMatchObject({ status: 'FAILED', error: 'OrderFileFailed' });
    expect(await h.deadLettersFor(key)).toEqual([expect.objectContaining({ type: 'file-failed' })]);
  });

  it('a hand-over that cannot be made is dead-lettered as a file-failed message, its orders counted read and failed', async () => {
    const variables = h.pipeline().deployment.rootVariables;
    const count = Number(variables['max_items_per_batch']) * Number(variables['max_concurrency']) + 1;
    const key = 'incoming/small/hand-over-fails.json';
    h.pipeline().smallFileRunner.injectFault({ state: 'HandOverToStandardMachine', fault: { kind: 'serviceError', error: 'StepFunctions.SdkClientException' }, when: onlyFor(key) });
    const failed = only(await h.run(key, Array.from({ length: count }, (_, n) => ({ order_id: `h${n}` }))));
    expect(failed.result).toMatchObject({ status: 'FAILED', error: 'OrderFileFailed' });
    expect(await h.deadLettersFor(key)).toEqual([expect.objectContaining({ type: 'file-failed', error: expect.objectContaining({ Error: 'StepFunctions.SdkClientException' }) })]);
    // No Standard execution reads them: the file's orders are this execution's, all failed (they are on the dead-letter queue with the file).
    expect({ handedOver: failed.handedOver, ...tally(failed) }).toMatchObject({ handedOver: false, read: count, stored: 0, failed: count });
  });
});

describe('the suite as a whole', () => {
  it('entered every state of the Express entry (its own and the order-batch states it runs)', () => {
    const definition = JSON.parse(h.pipeline().deployment.smallFileStateMachine.definition.text) as { States: Record<string, unknown> };
    const entered = h.pipeline().smallFileRunner.coverage().entered;
    expect(Object.keys(definition.States).filter((state) => !entered[state])).toEqual([]);
    const orderBatch = Object.keys(JSON.parse(h.pipeline().deployment.orderBatchStates.text) as Record<string, unknown>);
    expect(orderBatch.filter((state) => !entered[state])).toEqual([]);
  });

  it('accounted for every order: what failed is on the dead-letter queue or was redriven', () => {
    expect(unaccountedOrders(h.pipeline().summary())).toBe(0);
  });
});
