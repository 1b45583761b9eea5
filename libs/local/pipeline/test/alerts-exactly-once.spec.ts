import { classifyDeadLetter, replayPlan } from '@sales-pipeline/operations';
import { ALERT_PUBLISHED_NOT_MARKED } from '@sales-pipeline/orders-domain';
import { onlyFor, order, startHarness, type Order } from './support';

/**
 * Exactly one "High Value Sale Alert" per high-value order, end to end (packaged zips, rendered template): the alert
 * is claimed on the order's item with a lease before it is published, then the item is marked `alerted_at`
 * (docs/architecture.md, "The alert lease"). Each test uses order ids of its own.
 */
jest.setTimeout(180_000);

const h = startHarness();
const highValue = (id: string, extra: Partial<Order> = {}) => order(id, 455.5, extra);
const fillers = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => order(`${prefix}-${i}`, 60));
const outcomesOf = (records: readonly { readonly outcomes: readonly { outcome: string; alerted: boolean }[] }[]) =>
  records.flatMap((r) => r.outcomes.map((o) => `${o.outcome}${o.alerted ? '+alert' : ''}`)).sort();
const transientDynamoDbError = { kind: 'serviceError', error: 'DynamoDB.InternalServerErrorException', cause: 'Internal server error (injected)' } as const;

const expectAlertedOnce = async (id: string) => {
  expect(await h.alertEmailsAbout(`Widget ${id}`)).toHaveLength(1);
  const item = await h.storedItem(id);
  expect(item?.['alerted_at']).toEqual(expect.any(String));
  expect(item?.['alert_claim']).toBeUndefined();
  expect(item?.['alert_claimed_until']).toBeUndefined();
};

describe('duplicates of a high-value order alert once', () => {
  it('the same order twice in one batch (the inline Map runs both at once): stored once, one e-mail', async () => {
    const records = await h.run('incoming/alerts/same-batch.json', [highValue('same-batch'), highValue('same-batch')]);
    expect(outcomesOf(records).map((o) => o.replace('+alert', ''))).toEqual(['duplicate', 'stored']);
    expect(records.flatMap((r) => r.outcomes).filter((o) => o.alerted)).toHaveLength(1);
    expect(await h.storedItemsWith('same-batch')).toHaveLength(1);
    await expectAlertedOnce('same-batch');
  });

  it('the same order in four batches of one file (four children at once): one e-mail', async () => {
    const batchOf = (n: number) => [highValue('two-batches'), ...fillers(`two-batches-filler-${n}`, 9)];
    const records = await h.run('incoming/alerts/two-batches.json', [1, 2, 3, 4].flatMap(batchOf));
    expect(records[0]?.result.counters.childExecutionsStarted).toBe(4);
    expect(records.flatMap((r) => r.outcomes).filter((o) => o.alerted)).toHaveLength(1);
    await expectAlertedOnce('two-batches');
  });

  it('the same order in six files processed at the same time: stored once, one e-mail', async () => {
    const records = await h.runAtOnce([1, 2, 3, 4, 5, 6].map((n) => [`incoming/alerts/at-once-${n}.json`, [highValue('at-once'), highValue('at-once')]] as const));
    expect(records).toHaveLength(6);
    expect(outcomesOf(records).filter((o) => o.startsWith('stored'))).toHaveLength(1);
    expect(records.flatMap((r) => r.outcomes).filter((o) => o.alerted)).toHaveLength(1);
    await expectAlertedOnce('at-once');
  });

  it('a replayed event and a re-uploaded file alert nothing more', async () => {
    const key = 'incoming/alerts/replayed.json';
    await h.run(key, [highValue('replayed')]);
    const replayed = await h.replay(key);
    const reuploaded = await h.run(key, [highValue('replayed')]);
    expect(outcomesOf([...replayed, ...reuploaded])).toEqual(['duplicate', 'duplicate']);
    await expectAlertedOnce('replayed');
  });
});

describe('an alert that did not go out goes out on the replay or redrive, once', () => {
  it('a claim that fails for good on a stored order whose alert was lost: dead-lettered, the redrive alerts', async () => {
    const key = 'incoming/alerts/claim-failed.json';
    h.pipeline().runner.injectFault({ state: 'PublishHighValueAlert', fault: { kind: 'serviceError', error: 'SNS.InternalErrorException' }, times: 3, when: onlyFor('claim-failed') });
    await h.run(key, [highValue('claim-failed')]);
    h.pipeline().runner.clearFaults();
    h.pipeline().runner.injectFault({ state: 'ClaimAlert', fault: transientDynamoDbError, when: onlyFor('claim-failed') });
    const [second] = await h.replay(key);
    expect(second?.outcomes).toEqual([{ index: 0, outcome: 'failed', alerted: false }]);
    expect(second?.result.counters.caughtByState['ClaimAlert']).toBe(1);
    expect(await h.alertEmailsAbout('Widget claim-failed')).toHaveLength(0);

    h.pipeline().runner.clearFaults();
    const [redriven] = await h.replay(key);
    expect(redriven?.outcomes).toEqual([{ index: 0, outcome: 'duplicate', alerted: true }]);
    await expectAlertedOnce('claim-failed');
  });

  it('the read after a lost put answer fails for good: the claim is given back, so the redrive at once alerts, once', async () => {
    const key = 'incoming/alerts/read-failed-after-store.json';
    h.pipeline().runner.injectFault({ state: 'StoreOrder', phase: 'after', fault: transientDynamoDbError, times: 1, when: onlyFor('read-failed-after-store') });
    h.pipeline().runner.injectFault({ state: 'ReadStoredOrder', fault: transientDynamoDbError, when: onlyFor('read-failed-after-store') });
    const [first] = await h.run(key, [highValue('read-failed-after-store')]);
    expect(first?.outcomes).toEqual([{ index: 0, outcome: 'failed', alerted: false }]);
    expect(first?.result.counters.statesEntered['ReleaseAlertClaim']).toBe(1);
    expect((await h.storedItem('read-failed-after-store'))?.['alert_claim']).toBeUndefined();
    expect(await h.alertEmailsAbout('Widget read-failed-after-store')).toHaveLength(0);

    h.pipeline().runner.clearFaults();
    const [redriven] = await h.replay(key);
    expect(redriven?.outcomes).toEqual([{ index: 0, outcome: 'duplicate', alerted: true }]);
    await expectAlertedOnce('read-failed-after-store');
  });

  it('a DynamoDB brown-out after the order was stored with its claim (the read and the release fail too): no replay alerts while the lease holds, the first one after it alerts', async () => {
    const key = 'incoming/alerts/crash-after-store.json';
    // The put succeeds (with the claim) but its answer is lost; then the child cannot go on: every read fails, and so
    // does giving the claim back, which leaves it to expire as a child that died would.
    h.pipeline().runner.injectFault({ state: 'StoreOrder', phase: 'after', fault: transientDynamoDbError, times: 1, when: onlyFor('crash-after-store') });
    h.pipeline().runner.injectFault({ state: 'ReadStoredOrder', fault: transientDynamoDbError, when: onlyFor('crash-after-store') });
    h.pipeline().runner.injectFault({ state: 'ReleaseAlertClaim', fault: transientDynamoDbError, when: onlyFor('crash-after-store') });
    const [first] = await h.run(key, [highValue('crash-after-store')]);
    expect(first?.outcomes).toEqual([{ index: 0, outcome: 'failed', alerted: false }]);
    const claimed = await h.storedItem('crash-after-store');
    expect(Number(claimed?.['alert_claimed_until'])).toBeGreaterThan(Date.now() / 1000 + 5 * 60);

    h.pipeline().runner.clearFaults();
    const [withinLease] = await h.replay(key);
    expect(withinLease?.outcomes).toEqual([{ index: 0, outcome: 'duplicate', alerted: false }]);
    expect(await h.alertEmailsAbout('Widget crash-after-store')).toHaveLength(0);

    await h.expireAlertClaim('crash-after-store');
    const [afterLease] = await h.replay(key);
    expect(afterLease?.outcomes).toEqual([{ index: 0, outcome: 'duplicate', alerted: true }]);
    await expectAlertedOnce('crash-after-store');
  });

  it('a put whose answer was lost finds its own claim and wins it again: one e-mail, no dead letter', async () => {
    const key = 'incoming/alerts/put-answer-lost.json';
    h.pipeline().runner.injectFault({ state: 'StoreOrder', phase: 'after', fault: transientDynamoDbError, times: 1, when: onlyFor('put-answer-lost') });
    const [record] = await h.run(key, [highValue('put-answer-lost')]);
    expect(record?.outcomes).toEqual([{ index: 0, outcome: 'duplicate', alerted: true }]);
    expect(record?.result.counters.retriesByState['StoreOrder']).toBe(1);
    expect(await h.deadLettersFor(key)).toHaveLength(0);
    await expectAlertedOnce('put-answer-lost');
  });

  it('a claim whose answer was lost is retried with the same token and wins again', async () => {
    const key = 'incoming/alerts/claim-answer-lost.json';
    h.pipeline().runner.injectFault({ state: 'PublishHighValueAlert', fault: { kind: 'serviceError', error: 'SNS.InternalErrorException' }, times: 3, when: onlyFor('claim-answer-lost') });
    await h.run(key, [highValue('claim-answer-lost')]);
    h.pipeline().runner.clearFaults();
    h.pipeline().runner.injectFault({ state: 'ClaimAlert', phase: 'after', fault: transientDynamoDbError, times: 1, when: onlyFor('claim-answer-lost') });
    const [record] = await h.replay(key);
    expect(record?.outcomes).toEqual([{ index: 0, outcome: 'duplicate', alerted: true }]);
    expect(record?.result.counters.retriesByState['ClaimAlert']).toBe(1);
    await expectAlertedOnce('claim-answer-lost');
  });

  it('a publish that fails for good gives the claim back: the redrive alerts at once', async () => {
    const key = 'incoming/alerts/publish-failed.json';
    h.pipeline().runner.injectFault({ state: 'PublishHighValueAlert', fault: { kind: 'serviceError', error: 'SNS.InternalErrorException' }, when: onlyFor('publish-failed') });
    const [first] = await h.run(key, [highValue('publish-failed')]);
    expect(first?.outcomes).toEqual([{ index: 0, outcome: 'failed', alerted: false }]);
    expect(first?.result.counters.caughtByState['PublishHighValueAlert']).toBe(1);
    const released = await h.storedItem('publish-failed');
    expect(released?.['alert_claim']).toBeUndefined();
    expect(released?.['alerted_at']).toBeUndefined();
    expect(await h.deadLettersFor(key)).toEqual([expect.objectContaining({ type: 'order-failed', orderId: 'publish-failed', error: expect.objectContaining({ Error: 'SNS.InternalErrorException' }) })]);

    h.pipeline().runner.clearFaults();
    const [redriven] = await h.run(key, [highValue('publish-failed')]);
    expect(redriven?.outcomes).toEqual([{ index: 0, outcome: 'duplicate', alerted: true }]);
    await expectAlertedOnce('publish-failed');
  });

  it('a publish that timed out after SNS took it is not retried blindly: one e-mail, the order dead-lettered as AlertOutcomeUnknown', async () => {
    const key = 'incoming/alerts/publish-timed-out.json';
    const lateAnswer = { state: 'PublishHighValueAlert', fault: { kind: 'serviceError', error: 'States.Timeout' }, phase: 'after', times: 1, when: onlyFor('publish-timed-out') } as const;
    h.pipeline().runner.injectFault(lateAnswer);
    const [first] = await h.run(key, [highValue('publish-timed-out')]);
    expect(await h.alertEmailsAbout('Widget publish-timed-out')).toHaveLength(1);
    expect(first?.outcomes).toEqual([{ index: 0, outcome: 'failed', alerted: false }]);
    expect((await h.storedItem('publish-timed-out'))?.['alert_claim']).toBeUndefined();
    expect(await h.deadLettersFor(key)).toEqual([
      expect.objectContaining({ type: 'order-failed', orderId: 'publish-timed-out', error: expect.objectContaining({ Error: 'AlertOutcomeUnknown' }) }),
    ]);
  });

  it('a mark that fails after the publish keeps the claim and says so on its dead letter (its redrive marks the item: libs/operations/local redrive.spec.ts); a re-run within the lease sends no second e-mail', async () => {
    const key = 'incoming/alerts/mark-failed.json';
    h.pipeline().runner.injectFault({ state: 'MarkOrderAlerted', fault: transientDynamoDbError, when: onlyFor('mark-failed') });
    const [first] = await h.run(key, [highValue('mark-failed')]);
    expect(first?.outcomes).toEqual([{ index: 0, outcome: 'failed', alerted: true }]);
    expect(await h.alertEmailsAbout('Widget mark-failed')).toHaveLength(1);
    expect((await h.storedItem('mark-failed'))?.['alert_claim']).toEqual(expect.any(String));
    const [letter] = await h.deadLettersFor(key);
    expect(letter).toMatchObject({ type: 'order-failed', orderId: 'mark-failed', error: { Error: ALERT_PUBLISHED_NOT_MARKED } });
    expect(replayPlan(classifyDeadLetter({ body: JSON.stringify(letter), attributes: {} }))).toEqual({ _tag: 'MarkOrderAlerted', orderId: 'mark-failed' });

    h.pipeline().runner.clearFaults();
    const [redriven] = await h.run(key, [highValue('mark-failed')]);
    expect(redriven?.outcomes).toEqual([{ index: 0, outcome: 'duplicate', alerted: false }]);
    expect(await h.alertEmailsAbout('Widget mark-failed')).toHaveLength(1);
  });
});

describe('what reaches a screen or an inbox is display-safe; the store keeps what was sent', () => {
  it('escapes ANSI sequences, control characters and bidi overrides of a product in the e-mail and the progress lines', async () => {
    const product = 'Widget \u001b[31mred\u001b[0m\r\u202Eevil';
    await h.run('incoming/alerts/hostile-product.json', [highValue('hostile-product', { product })]);
    const [email, ...others] = await h.pipeline().peekQueue(h.pipeline().deployment.queues.alertInbox.url).then((all) =>
      all.map((m) => JSON.parse(m.body) as Record<string, unknown>).filter((m) => String(m['Message']).includes('red')),
    );
    expect(others).toHaveLength(0);
    expect(email?.['Message']).toBe('We just sold a Widget \\x1b[31mred\\x1b[0m\\r\\u{202e}evil for $455.50!');
    expect((await h.storedItem('hostile-product'))?.['product']).toBe(product);
    // eslint-disable-next-line no-control-regex -- asserting that no control character reached the terminal
    for (const line of h.progressLines()) expect(line).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u);
  });

  it('rejects a product that is only a zero-width space, with the reason', async () => {
    const key = 'incoming/alerts/invisible-product.json';
    const [record] = await h.run(key, [highValue('invisible-product', { product: '\u200B' })]);
    expect(record?.outcomes).toEqual([{ index: 0, outcome: 'rejected', alerted: false }]);
    const [rejection] = await h.rejectedMessagesFor(key);
    expect(rejection?.['reasons']).toEqual([{ path: 'product', message: expect.stringMatching(/visible text/) }]);
  });
});
