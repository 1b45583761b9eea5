import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { FaultRule } from '@sales-pipeline/local-step-functions';
import * as E from 'fp-ts/Either';
import { ALERT_PUBLISHED_NOT_MARKED, fileRejectionId, RejectedOrderMessage } from '@sales-pipeline/orders-domain';
import { startLocalPipeline, unaccountedOrders, type ExecutionRecord, type LocalPipeline } from '../src';
import { onlyFor, order, overThreshold, type Order } from './support';

/**
 * End to end through the local runner: the real emulators, the packaged zips, the Terraform templates rendered for
 * workspace local; every upload is over the small-file threshold, so the Standard machine runs it (small files:
 * small-files.spec.ts). One pipeline for the whole file, so the last test can assert that the suite entered every state
 * of the ASL template. Each test works on files and order ids of its own.
 */
const repoRoot = join(__dirname, '..', '..', '..', '..');
const examples = join(repoRoot, 'libs', 'orders', 'domain', 'examples');
const HIGH_VALUE_THRESHOLD = 400;

jest.setTimeout(180_000);

let pipeline: LocalPipeline;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  pipeline = await startLocalPipeline({ repoRoot, onFunctionLog: () => undefined });
  dynamodb = new DynamoDBClient(pipeline.emulators.clientConfig('dynamodb'));
});

afterAll(async () => {
  dynamodb?.destroy();
  await pipeline?.stop();
});

afterEach(() => pipeline.runner.clearFaults());

const withoutContact = (o: Order): Order => {
  const { 'contact-info': _omitted, ...rest } = o;
  return rest;
};

const run = async (key: string, body: string | readonly unknown[]): Promise<ExecutionRecord[]> => {
  const before = pipeline.executions().length;
  await pipeline.upload(key, overThreshold(pipeline, typeof body === 'string' ? body : JSON.stringify(body)));
  await pipeline.settled();
  return pipeline.executions().slice(before);
};

const only = (records: readonly ExecutionRecord[]): ExecutionRecord => {
  expect(records).toHaveLength(1);
  return records[0] as ExecutionRecord;
};

const tally = (record: ExecutionRecord) => {
  const count = (...names: string[]) => record.outcomes.filter((o) => names.includes(o.outcome)).length;
  return {
    read: record.ordersRead,
    stored: count('stored'),
    rejected: count('rejected', 'conflict', 'refused'),
    duplicate: count('duplicate'),
    failed: count('failed'),
    alerted: record.outcomes.filter((o) => o.alerted).length,
  };
};

const expectAccounted = (record: ExecutionRecord) => {
  const t = tally(record);
  expect(record.outcomes.map((o) => o.index).sort((a, b) => a - b)).toEqual(Array.from({ length: t.read }, (_, i) => i));
  expect(t.stored + t.rejected + t.duplicate + t.failed).toBe(t.read);
};

const storedItems = async (key: string) => {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, never> | undefined;
  do {
    const page = await dynamodb.send(new ScanCommand({ TableName: pipeline.deployment.table.name, ExclusiveStartKey }));
    items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
    ExclusiveStartKey = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (ExclusiveStartKey);
  return items.filter((item) => item['source_key'] === key);
};

const storedItem = async (orderId: string) => {
  const { Item } = await dynamodb.send(
    new GetItemCommand({ TableName: pipeline.deployment.table.name, Key: { order_id: { S: orderId } }, ConsistentRead: true }),
  );
  return Item ? unmarshall(Item) : undefined;
};

const messages = async (queueUrl: string) =>
  (await pipeline.peekQueue(queueUrl)).map((m) => JSON.parse(m.body) as Record<string, unknown> & { source?: { key?: string } });
const rejectedMessagesFor = async (key: string) =>
  (await messages(pipeline.deployment.queues.rejectedOrders.url)).filter((m) => m.source?.key === key);
const deadLettersFor = async (key: string) =>
  (await messages(pipeline.deployment.queues.deadLetter.url)).filter(
    (m) => m.source?.key === key || JSON.stringify(m).includes(JSON.stringify(key).slice(1, -1)),
  );
const alertEmailsAbout = async (product: string) =>
  (await messages(pipeline.deployment.queues.alertInbox.url)).filter((m) => String(m['Message']).includes(`${product} for`));

/** Orders a dead-lettered message stands for: one per order-failed message, every item of a batch-failed one. */
const ordersIn = (letters: readonly Record<string, unknown>[]) =>
  letters.reduce((sum, letter) => sum + (letter['type'] === 'batch-failed' ? (letter['items'] as unknown[]).length : letter['type'] === 'order-failed' ? 1 : 0), 0);

describe('generated files', () => {
  it('account for every order read: stored + rejected + duplicate + failed, in the store and on the queues', async () => {
    const before = pipeline.executions().length;
    for (const scheduledTime of ['2026-11-20T08:00:00Z', '2026-11-20T08:01:00Z', '2026-11-20T08:02:00Z']) await pipeline.tick(scheduledTime);
    await pipeline.settled();
    const records = pipeline.executions().slice(before);
    expect(records.map((r) => r.key)).toEqual(
      expect.arrayContaining([
        'incoming/generated/2026/11/20/2026-11-20T08:00:00Z.json',
        'incoming/generated/2026/11/20/2026-11-20T08:01:00Z.json',
        'incoming/generated/2026/11/20/2026-11-20T08:02:00Z.json',
      ]),
    );
    for (const record of records) {
      expect(record.result.status).toBe('SUCCEEDED');
      expectAccounted(record);
      const t = tally(record);
      expect(t.read).toBe(Number(pipeline.deployment.scheduled?.generator.environment['ORDERS_PER_FILE']));
      expect(t.rejected).toBeGreaterThan(0);
      expect(await storedItems(record.key)).toHaveLength(t.stored);
      expect(await rejectedMessagesFor(record.key)).toHaveLength(t.rejected);
    }
    expect(unaccountedOrders(pipeline.summary())).toBe(0);
  });

  it('a retried Scheduler invocation rewrites the same file: the new version stores nothing twice and alerts nothing again', async () => {
    const scheduledTime = '2026-11-20T09:00:00Z';
    const before = pipeline.executions().length;
    await pipeline.tick(scheduledTime);
    await pipeline.settled();
    await pipeline.tick(scheduledTime);
    await pipeline.settled();
    const [first, retry] = pipeline.executions().slice(before) as [ExecutionRecord, ExecutionRecord];
    expect(retry.key).toBe(first.key);
    expect(retry.versionId).not.toBe(first.versionId);
    expect(tally(retry)).toMatchObject({ stored: 0, duplicate: tally(first).stored, alerted: 0 });
    expect(await storedItems(first.key)).toHaveLength(tally(first).stored);
  });

  it('two deliveries of the same file at once store every order once, and every high-value order alerts exactly once', async () => {
    const key = 'incoming/uploads/concurrent.json';
    const orders = [order('concurrent-1', 455), order('concurrent-2', 80), order('concurrent-3', 499.99)];
    const before = pipeline.executions().length;
    await Promise.all([pipeline.upload(key, overThreshold(pipeline, JSON.stringify(orders))), pipeline.upload(key, overThreshold(pipeline, JSON.stringify(orders)))]);
    await pipeline.settled();
    const [one, other] = pipeline.executions().slice(before) as [ExecutionRecord, ExecutionRecord];
    for (const record of [one, other]) expectAccounted(record);
    expect(tally(one).stored + tally(other).stored).toBe(3);
    expect(tally(one).duplicate + tally(other).duplicate).toBe(3);
    expect(await storedItems(key)).toHaveLength(3);
    // Exactly once: the alert is claimed on the item before it is published (docs/architecture.md, the alert lease).
    for (const product of ['Widget concurrent-1', 'Widget concurrent-3']) expect(await alertEmailsAbout(product)).toHaveLength(1);
    expect(await alertEmailsAbout('Widget concurrent-2')).toHaveLength(0);
  });
});

describe('uploaded files', () => {
  it('account for every order, with every reason of a rejection named', async () => {
    const key = 'incoming/uploads/orders-mixed.json';
    const record = only(await run(key, readFileSync(join(examples, 'orders-mixed.json'), 'utf8')));
    expect(record.result.status).toBe('SUCCEEDED');
    expectAccounted(record);
    const t = tally(record);
    expect(t.read).toBe(12);
    expect(await storedItems(key)).toHaveLength(t.stored);
    const rejections = await rejectedMessagesFor(key);
    expect(rejections).toHaveLength(t.rejected);
    const reasons = rejections.flatMap((m) => (m['reasons'] as { path: string; message: string }[]).map((r) => `${r.path}: ${r.message}`));
    expect(reasons).toEqual(expect.arrayContaining(['contact-info: missing', expect.stringMatching(/^price: /), expect.stringMatching(/^quantity: /)]));
  });

  it('a file of 5,000 orders (far past 256 KiB) runs as ⌈n / MaxItemsPerBatch⌉ children or more, none over the byte cap, and loses nothing', async () => {
    const key = 'incoming/uploads/big-file.json';
    const orders = Array.from({ length: 5000 }, (_, i) => order(`big-${i}`, 50 + (i % 300), { 'contact-info': { phone: '+1 555 0100' } }));
    const body = JSON.stringify(orders);
    expect(Buffer.byteLength(body)).toBeGreaterThan(256 * 1024);
    const children: { readonly executionArn: string; readonly input: string }[] = [];
    const detach = pipeline.onRunnerEvent((event) => {
      if (event.type === 'MapRunChildEnded') children.push({ executionArn: event.executionArn, input: JSON.stringify(event.input) });
    });
    const record = only(await run(key, body));
    detach();
    const { max_items_per_batch: maxItems, max_input_bytes_per_batch: maxBytes } = pipeline.deployment.stateMachine.definition.variables;
    expect(record.result.status).toBe('SUCCEEDED');
    expect(record.result.counters.childExecutionsStarted).toBeGreaterThanOrEqual(Math.ceil(5000 / Number(maxItems)));
    expectAccounted(record);
    expect(tally(record)).toMatchObject({ read: 5000, stored: 5000 });
    expect(await storedItems(key)).toHaveLength(5000);

    const childInputs = children.filter((child) => child.executionArn === record.result.executionArn).map((child) => child.input);
    expect(childInputs).toHaveLength(record.result.counters.childExecutionsStarted);
    for (const input of childInputs) {
      expect(Buffer.byteLength(input)).toBeLessThanOrEqual(Number(maxBytes));
      expect((JSON.parse(input) as { Items: unknown[] }).Items.length).toBeLessThanOrEqual(Number(maxItems));
    }
  });

  it.each([
    ['not JSON', 'orders-not-json.txt', /not valid JSON/i],
    ['not a JSON array', 'orders-not-an-array.json', /array/i],
  ])('a file that is %s is rejected as a whole, with the reason', async (_what, example, reason) => {
    const key = `incoming/uploads/${example}`;
    const record = only(await run(key, readFileSync(join(examples, example), 'utf8')));
    expect(record.fileRejected).toBe(true);
    expect(record.result.status).toBe('SUCCEEDED');
    const [message, ...others] = await rejectedMessagesFor(key);
    expect(others).toHaveLength(0);
    expect(message).toMatchObject({ type: 'file-rejected', source: { key, versionId: record.versionId } });
    expect(String(message?.['reason'])).toMatch(reason);
    expect(message?.['id']).toBe(fileRejectionId({ bucket: pipeline.deployment.bucket.name, key, versionId: record.versionId ?? null }));
    expect(await storedItems(key)).toHaveLength(0);
  });

  it('a file that cannot be read (its version is gone) is read three times, then fails as a technical failure on the dead-letter queue', async () => {
    const key = 'incoming/uploads/unreadable.json';
    await run(key, [order('unreadable-1', 80)]);
    const event = pipeline.rule.events().find((d) => d.event.detail.object.key === key)?.event;
    if (!event) throw new Error(`no event for ${key}`);
    const before = pipeline.executions().length;
    // Started as the Express entry hands over a small file (StartExecution, the event's own size): the Standard
    // machine reads it with its ItemReader, without the preparer a file over 32 KiB goes through first.
    await pipeline.startExecution({ ...event, detail: { ...event.detail, object: { ...event.detail.object, 'version-id': 'no-such-version', size: 100 } } });
    await pipeline.settled();
    const record = only(pipeline.executions().slice(before));
    expect(record.result).toMatchObject({ status: 'FAILED', error: 'OrderFileFailed' });
    expect(record.fileRejected).toBe(false);
    expect(record.result.counters.caughtByState['ProcessOrderFile']).toBe(3);
    expect((await rejectedMessagesFor(key)).filter((m) => m['type'] === 'file-rejected')).toHaveLength(0);
    expect(await deadLettersFor(key)).toEqual([expect.objectContaining({ 'detail-type': 'Step Functions Execution Status Change' })]);
  });

  it('an empty array is a success with zero orders', async () => {
    const record = only(await run('incoming/uploads/empty.json', '[]'));
    expect(record.result.status).toBe('SUCCEEDED');
    expect(tally(record)).toMatchObject({ read: 0 });
  });

  it('an order id that is stored with other content is rejected as a conflict', async () => {
    await run('incoming/uploads/conflict-1.json', [order('conflict-1', 120)]);
    const key = 'incoming/uploads/conflict-2.json';
    const record = only(await run(key, [order('conflict-1', 125)]));
    expect(record.outcomes.map((o) => o.outcome)).toEqual(['conflict']);
    expect((await storedItem('conflict-1'))?.['price']).toBe(120);
    const [conflict] = await rejectedMessagesFor(key);
    expect(conflict?.['reasons']).toEqual([expect.objectContaining({ path: 'order_id' })]);
    // Built by the state machine only now that the conflict happened: the order as the item it would have been.
    expect(conflict).toMatchObject({ type: 'order-rejected', source: { key, index: 0 }, orderFormat: 'dynamodb-item', order: { price: { N: '125' } } });
    expect(E.isRight(RejectedOrderMessage.decode(conflict))).toBe(true);
    expect(conflict?.['reasons']).toEqual((JSON.parse(readFileSync(join(examples, 'rejected-conflict.json'), 'utf8')) as { reasons: unknown }).reasons);
  });
});

describe('replays store nothing twice and alert at most once', () => {
  it('a replayed Object Created event and a re-uploaded identical file are all duplicates', async () => {
    const key = 'incoming/uploads/replay.json';
    const orders = [order('replay-1', 410.5), order('replay-2', 99), withoutContact(order('replay-3', 450))];
    const first = only(await run(key, orders));
    expect(tally(first)).toMatchObject({ stored: 2, rejected: 1, alerted: 1 });

    const event = pipeline.rule.events().find((d) => d.event.detail.object.key === key)?.event;
    expect(event).toBeDefined();
    const before = pipeline.executions().length;
    if (event) await pipeline.rule.replay(event);
    await pipeline.settled();
    const replayed = only(pipeline.executions().slice(before));
    const reuploaded = only(await run(key, orders));

    for (const again of [replayed, reuploaded]) {
      expectAccounted(again);
      expect(tally(again)).toMatchObject({ stored: 0, duplicate: 2, rejected: 1, alerted: 0 });
    }
    expect(await storedItems(key)).toHaveLength(2);
    expect(await alertEmailsAbout('Widget replay-1')).toHaveLength(1);
    const rejections = await rejectedMessagesFor(key);
    expect(new Set(rejections.map((m) => m['id'])).size).toBe(1);
  });
});

describe('high-value alerts', () => {
  it('every stored order above the threshold alerts once and is marked; none at or below it, none rejected', async () => {
    const key = 'incoming/uploads/alerts.json';
    const orders = [
      order('alert-above', 400.01),
      order('alert-at', HIGH_VALUE_THRESHOLD),
      order('alert-below', 120),
      withoutContact(order('alert-rejected', 499)),
    ];
    const record = only(await run(key, orders));
    expect(record.outcomes.filter((o) => o.alerted).map((o) => o.index)).toEqual([0]);
    expect(await alertEmailsAbout('Widget alert-above')).toEqual([
      expect.objectContaining({ Subject: 'High Value Sale Alert', Message: 'We just sold a Widget alert-above for $400.01!' }),
    ]);
    for (const quiet of ['alert-at', 'alert-below', 'alert-rejected']) expect(await alertEmailsAbout(`Widget ${quiet}`)).toHaveLength(0);
    expect((await storedItem('alert-above'))?.['alerted_at']).toEqual(expect.any(String));
    expect((await storedItem('alert-at'))?.['alerted_at']).toBeUndefined();
  });

  it('still alerts when the publish fails once (retried)', async () => {
    const key = 'incoming/uploads/alert-retried.json';
    pipeline.runner.injectFault({ state: 'PublishHighValueAlert', fault: { kind: 'throttle' }, times: 1, when: onlyFor('alert-retried') });
    const record = only(await run(key, [order('alert-retried', 480)]));
    expect(record.outcomes).toEqual([{ index: 0, outcome: 'stored', alerted: true }]);
    expect(record.result.counters.retriesByState['PublishHighValueAlert']).toBe(1);
    expect(await alertEmailsAbout('Widget alert-retried')).toHaveLength(1);
  });

  it('a stored order whose alert never went out alerts on the replay, once', async () => {
    const key = 'incoming/uploads/alert-lost.json';
    pipeline.runner.injectFault({ state: 'PublishHighValueAlert', fault: { kind: 'serviceError', error: 'SNS.InternalErrorException' }, when: onlyFor('alert-lost') });
    const first = only(await run(key, [order('alert-lost', 470)]));
    expect(first.outcomes).toEqual([{ index: 0, outcome: 'failed', alerted: false }]);
    expect(await storedItem('alert-lost')).toMatchObject({ order_id: 'alert-lost' });
    expect(await alertEmailsAbout('Widget alert-lost')).toHaveLength(0);
    expect(await deadLettersFor(key)).toEqual([expect.objectContaining({ type: 'order-failed', orderId: 'alert-lost' })]);

    pipeline.runner.clearFaults();
    const replay = only(await run(key, [order('alert-lost', 470)]));
    expect(replay.outcomes).toEqual([{ index: 0, outcome: 'duplicate', alerted: true }]);
    expect(await alertEmailsAbout('Widget alert-lost')).toHaveLength(1);
    const again = only(await run(key, [order('alert-lost', 470)]));
    expect(again.outcomes).toEqual([{ index: 0, outcome: 'duplicate', alerted: false }]);
    expect(await alertEmailsAbout('Widget alert-lost')).toHaveLength(1);
  });
});

describe('faults: retried when transient, dead-lettered when retries run out', () => {
  it('throttled writes are retried and the order is stored', async () => {
    pipeline.runner.injectFault({ state: 'StoreOrder', fault: { kind: 'throttle' }, times: 2, when: onlyFor('throttled-1') });
    const record = only(await run('incoming/uploads/throttled.json', [order('throttled-1', 80)]));
    expect(record.outcomes).toEqual([{ index: 0, outcome: 'stored', alerted: false }]);
    expect(record.result.counters.retriesByState['StoreOrder']).toBe(2);
  });

  it('a throttled validator is retried', async () => {
    pipeline.runner.injectFault({ state: 'ValidateBatch', fault: { kind: 'throttle' }, times: 1, when: onlyFor('validator-throttled') });
    const record = only(await run('incoming/uploads/validator-throttled.json', [order('validator-throttled-1', 80)]));
    expect(record.outcomes).toEqual([{ index: 0, outcome: 'stored', alerted: false }]);
    expect(record.result.counters.retriesByState['ValidateBatch']).toBe(1);
  });

  it('an order whose write keeps failing ends on the dead-letter queue with its error, redrivable', async () => {
    const key = 'incoming/uploads/exhausted.json';
    pipeline.runner.injectFault({ state: 'StoreOrder', fault: { kind: 'throttle' }, when: onlyFor('exhausted-1') });
    const record = only(await run(key, [order('exhausted-1', 80), order('exhausted-2', 90)]));
    expectAccounted(record);
    expect(record.outcomes.map((o) => o.outcome).sort()).toEqual(['failed', 'stored']);
    const [letter, ...others] = await deadLettersFor(key);
    expect(others).toHaveLength(0);
    expect(letter).toMatchObject({ type: 'order-failed', orderId: 'exhausted-1', error: { Error: 'DynamoDB.ProvisionedThroughputExceededException' } });
    expect(letter?.['verdict']).toMatchObject({ valid: true, item: { order_id: { S: 'exhausted-1' } } });

    pipeline.runner.clearFaults();
    const redriven = only(await run(key, [order('exhausted-1', 80), order('exhausted-2', 90)]));
    expect(redriven.outcomes.map((o) => o.outcome).sort()).toEqual(['duplicate', 'stored']);
  });

  it('a high-value order whose mark fails for good after the publish is dead-lettered as published, not marked (its redrive marks it)', async () => {
    const key = 'incoming/uploads/mark-failed.json';
    pipeline.runner.injectFault({ state: 'MarkOrderAlerted', fault: { kind: 'throttle' }, when: onlyFor('mark-failed-1') });
    const record = only(await run(key, [order('mark-failed-1', 480)]));
    expect(record.outcomes).toEqual([{ index: 0, outcome: 'failed', alerted: true }]);
    expect(await deadLettersFor(key)).toEqual([expect.objectContaining({ type: 'order-failed', orderId: 'mark-failed-1', error: expect.objectContaining({ Error: ALERT_PUBLISHED_NOT_MARKED }) })]);
  });

  it('a publish whose answer never came is not retried: the order is dead-lettered as an unknown alert outcome', async () => {
    const key = 'incoming/uploads/alert-outcome-unknown.json';
    pipeline.runner.injectFault({ state: 'PublishHighValueAlert', fault: { kind: 'serviceError', error: 'States.Timeout' }, phase: 'after', times: 1, when: onlyFor('alert-unknown-1') });
    const record = only(await run(key, [order('alert-unknown-1', 480)]));
    expect(record.outcomes).toEqual([{ index: 0, outcome: 'failed', alerted: false }]);
    expect(await alertEmailsAbout('Widget alert-unknown-1')).toHaveLength(1);
    expect(await deadLettersFor(key)).toEqual([expect.objectContaining({ type: 'order-failed', orderId: 'alert-unknown-1', error: expect.objectContaining({ Error: 'AlertOutcomeUnknown' }) })]);
  });

  it('a zone write that fails for good leaves the orders stored and counted, and is dead-lettered as zone-write-failed', async () => {
    const key = 'incoming/uploads/zone-write-fails.json';
    pipeline.runner.injectFault({ state: 'WriteZone', fault: { kind: 'serviceError', error: 'Lambda.ServiceException' }, when: onlyFor(key) });
    const record = only(await run(key, [order('zone-write-fails-1', 80)]));
    expect(record.result.status).toBe('SUCCEEDED');
    expect(tally(record)).toMatchObject({ read: 1, stored: 1, failed: 0 });
    expect(await deadLettersFor(key)).toEqual([expect.objectContaining({ type: 'zone-write-failed', error: expect.objectContaining({ Error: 'Lambda.ServiceException' }) })]);
  });

  it('a rejection that cannot be sent goes to the dead-letter queue instead', async () => {
    const key = 'incoming/uploads/rejection-unsent.json';
    pipeline.runner.injectFault({ state: 'RejectInvalidOrder', fault: { kind: 'throttle' }, when: onlyFor(key) });
    const record = only(await run(key, [withoutContact(order('rejection-unsent-1', 80))]));
    expect(record.outcomes).toEqual([{ index: 0, outcome: 'failed', alerted: false }]);
    expect(await deadLettersFor(key)).toEqual([expect.objectContaining({ type: 'order-failed', error: expect.objectContaining({ Error: 'SQS.RequestThrottled' }) })]);
  });

  it('a validator that keeps crashing sends the whole batch to the dead-letter queue', async () => {
    const key = 'incoming/uploads/validator-down.json';
    pipeline.runner.injectFault({ state: 'ValidateBatch', fault: { kind: 'crash' }, when: onlyFor(key) });
    const record = only(await run(key, [order('validator-down-1', 80), order('validator-down-2', 90)]));
    expectAccounted(record);
    expect(tally(record)).toMatchObject({ read: 2, failed: 2 });
    const letters = await deadLettersFor(key);
    expect(letters).toEqual([expect.objectContaining({ type: 'batch-failed', error: expect.objectContaining({ Error: 'Lambda.Unknown' }) })]);
    expect(ordersIn(letters)).toBe(2);
  });

  it('an item the store refuses is rejected with the store’s reason', async () => {
    const key = 'incoming/uploads/refused.json';
    pipeline.runner.injectFault({
      state: 'StoreOrder',
      fault: {
        kind: 'serviceError',
        error: 'DynamoDB.AmazonDynamoDBException',
        cause: 'Item size has exceeded the maximum allowed size (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ValidationException)',
      },
      when: onlyFor('refused-1'),
    });
    pipeline.runner.injectFault({
      state: 'StoreOrder',
      fault: {
        kind: 'serviceError',
        error: 'DynamoDB.AmazonDynamoDBException',
        cause: 'Nesting Levels have exceeded supported limits (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ValidationException)',
      },
      when: onlyFor('refused-2'),
    });
    const record = only(await run(key, [order('refused-1', 80), order('refused-2', 80)]));
    expect(record.outcomes.map((o) => o.outcome)).toEqual(['refused', 'refused']);
    const rejections = await rejectedMessagesFor(key);
    expect(rejections.map((m) => JSON.stringify(m['reasons']))).toEqual(
      expect.arrayContaining([expect.stringMatching(/maximum allowed size/), expect.stringMatching(/Nesting Levels/)]),
    );
    expect(await storedItems(key)).toHaveLength(0);
  });

  it('a generic store error that is not a refusal is dead-lettered', async () => {
    const key = 'incoming/uploads/store-broken.json';
    pipeline.runner.injectFault({
      state: 'StoreOrder',
      fault: { kind: 'serviceError', error: 'DynamoDB.AmazonDynamoDBException', cause: 'Internal error (Error Code: InternalFailure)' },
      when: onlyFor('store-broken-1'),
    });
    const record = only(await run(key, [order('store-broken-1', 80)]));
    expect(record.outcomes).toEqual([{ index: 0, outcome: 'failed', alerted: false }]);
  });

  it('a stored item that vanished between the conditional write and the read is written again', async () => {
    pipeline.runner.injectFault({
      state: 'StoreOrder',
      fault: { kind: 'serviceError', error: 'DynamoDB.ConditionalCheckFailedException', cause: 'The conditional request failed' },
      times: 1,
      when: onlyFor('vanished-1'),
    });
    const record = only(await run('incoming/uploads/vanished.json', [order('vanished-1', 80)]));
    expect(record.outcomes).toEqual([{ index: 0, outcome: 'stored', alerted: false }]);
    expect(await storedItem('vanished-1')).toMatchObject({ order_id: 'vanished-1' });
  });

  it('when even the dead-letter queue refuses, the execution fails visibly and lands on the dead-letter queue as a failed execution', async () => {
    const key = 'incoming/uploads/nowhere-to-go.json';
    const rules: FaultRule[] = [
      { state: 'RejectInvalidOrder', fault: { kind: 'throttle' }, when: onlyFor(key) },
      { state: 'SendRejectionToDeadLetterQueue', fault: { kind: 'throttle' }, when: onlyFor(key) },
    ];
    rules.forEach((rule) => pipeline.runner.injectFault(rule));
    const record = only(await run(key, [withoutContact(order('nowhere-1', 80))]));
    expect(record.result.status).toBe('FAILED');
    expect(record.result.error).toBe('OrderFileFailed');
    expectAccounted(record);
    expect(tally(record)).toMatchObject({ failed: 1 });
    expect(await deadLettersFor(key)).toEqual([expect.objectContaining({ 'detail-type': 'Step Functions Execution Status Change' })]);
  });

  it('a crashed validator whose batch cannot be dead-lettered fails the execution, which is dead-lettered', async () => {
    const key = 'incoming/uploads/batch-nowhere.json';
    pipeline.runner.injectFault({ state: 'ValidateBatch', fault: { kind: 'crash' }, when: onlyFor(key) });
    pipeline.runner.injectFault({ state: 'SendBatchToDeadLetterQueue', fault: { kind: 'throttle' }, when: onlyFor(key) });
    const record = only(await run(key, [order('batch-nowhere-1', 80)]));
    expect(record.result.status).toBe('FAILED');
    expectAccounted(record);
    expect(await deadLettersFor(key)).toEqual([expect.objectContaining({ 'detail-type': 'Step Functions Execution Status Change' })]);
  });

  it('a zone write that cannot be dead-lettered either fails the execution, which is dead-lettered; the order stays stored', async () => {
    const key = 'incoming/uploads/zone-nowhere.json';
    pipeline.runner.injectFault({ state: 'WriteZone', fault: { kind: 'crash' }, when: onlyFor(key) });
    pipeline.runner.injectFault({ state: 'SendZoneWriteToDeadLetterQueue', fault: { kind: 'throttle' }, when: onlyFor(key) });
    const record = only(await run(key, [order('zone-nowhere-1', 80)]));
    expect(record.result.status).toBe('FAILED');
    expectAccounted(record);
    expect(await storedItem('zone-nowhere-1')).toMatchObject({ order_id: 'zone-nowhere-1' });
    expect(await deadLettersFor(key)).toEqual([expect.objectContaining({ 'detail-type': 'Step Functions Execution Status Change' })]);
  });
});

describe('executions that end early count what happened to every order', () => {
  it('a file whose execution fails late counts the orders its children stored as stored and the rest as failed', async () => {
    const key = 'incoming/uploads/late-failure.json';
    pipeline.runner.injectFault({ state: 'ValidateBatch', fault: { kind: 'crash' }, when: onlyFor('late-failure-55') });
    pipeline.runner.injectFault({ state: 'SendBatchToDeadLetterQueue', fault: { kind: 'throttle' }, when: onlyFor('late-failure-55') });
    const orders = Array.from({ length: 100 }, (_, i) => order(`late-failure-${i}`, 50 + i));
    const record = only(await run(key, orders));
    expect(record.result.status).toBe('FAILED');
    const stored = await storedItems(key);
    expect(stored.length).toBeGreaterThan(0);
    expect(record.tally).toMatchObject({ stored: stored.length, rejected: 0, duplicate: 0, failed: 100 - stored.length, unreadable: 0 });
    expect(record.ordersRead).toBe(100);
  });

  it('an interrupted execution (StopExecution) starts no further batch, lets the running ones finish, and counts the rest failed', async () => {
    const key = 'incoming/uploads/interrupted.json';
    const orders = Array.from({ length: 300 }, (_, i) => order(`interrupted-${i}`, 60));
    const firstChildEnded = new Promise<void>((resolve) => {
      const unsubscribe = pipeline.runner.onEvent((event) => {
        if (event.type === 'MapRunChildEnded') {
          unsubscribe();
          resolve();
        }
      });
    });
    const before = pipeline.executions().length;
    await pipeline.upload(key, overThreshold(pipeline, JSON.stringify(orders)));
    await firstChildEnded;
    pipeline.interrupt();
    await pipeline.settled();
    const record = only(pipeline.executions().slice(before));
    expect(record.result).toMatchObject({ status: 'FAILED', error: 'States.Aborted' });
    const stored = await storedItems(key);
    expect(stored.length).toBeLessThan(300);
    expect(record.tally).toMatchObject({ stored: stored.length, failed: 300 - stored.length });
    expect(await deadLettersFor(key)).toEqual([expect.objectContaining({ 'detail-type': 'Step Functions Execution Status Change' })]);
  });
});

describe('the suite as a whole', () => {
  it('entered every state of the ASL template', () => {
    expect(pipeline.runner.coverage().notEntered).toEqual([]);
  });

  it('never lost an order', () => {
    expect(unaccountedOrders(pipeline.summary())).toBe(0);
  });
});
