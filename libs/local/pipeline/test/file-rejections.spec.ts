import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileRejectionId } from '@sales-pipeline/orders-domain';
import { unaccountedOrders } from '../src';
import { examples, order, startHarness } from './support';

/**
 * A file rejected for its content is a business rejection: its file-rejected message goes to the rejected-orders queue
 * and the execution SUCCEEDS (nothing on the dead-letter queue, no failed execution to alarm on), without retrying
 * the deterministic parse; nothing of the file's content reaches the reason or a progress line. A file that cannot be
 * read for a technical reason is read again, then fails as a technical failure.
 */
jest.setTimeout(180_000);

const h = startHarness();
const csvWithContactInfo = 'jane.doe@example.com,Laptop,2,449.99\nli.wei@example.com,Monitor,1,219.50\n';

describe('a file rejected for its content', () => {
  it.each([
    ['a CSV that starts with an e-mail address (not JSON)', 'incoming/rejections/contacts.csv', csvWithContactInfo, /^The order file is not valid JSON/],
    ['the not-JSON example', 'incoming/rejections/orders-not-json.txt', readFileSync(join(examples, 'orders-not-json.txt'), 'utf8'), /^The order file is not valid JSON/],
    ['the not-an-array example', 'incoming/rejections/orders-not-an-array.json', readFileSync(join(examples, 'orders-not-an-array.json'), 'utf8'), /^The order file is JSON but not an array/],
  ])('%s: succeeds with one file-rejected message, read once, nothing dead-lettered', async (_what, key, body, reason) => {
    const [record, ...others] = await h.run(key, body);
    expect(others).toHaveLength(0);
    expect(record?.result.status).toBe('SUCCEEDED');
    expect(record?.fileRejected).toBe(true);
    expect(JSON.stringify(record?.result)).not.toMatch(/jane\.doe|li\.wei|Laptop/);
    expect(record?.result.counters.caughtByState['ProcessOrderFile']).toBe(1);
    expect(record?.result.counters.retriesByState['ProcessOrderFile'] ?? 0).toBe(0);

    const [message, ...more] = await h.rejectedMessagesFor(key);
    expect(more).toHaveLength(0);
    expect(message).toMatchObject({ type: 'file-rejected', source: { key, versionId: record?.versionId } });
    expect(String(message?.['reason'])).toMatch(reason);
    expect(message?.['id']).toBe(fileRejectionId({ bucket: h.pipeline().deployment.bucket.name, key, versionId: record?.versionId ?? null }));
    expect(await h.deadLettersFor(key)).toHaveLength(0);
  });

  it('puts nothing of the file in the reason, the execution or the progress lines', async () => {
    const key = 'incoming/rejections/contacts.csv';
    const [message] = await h.rejectedMessagesFor(key);
    for (const text of [JSON.stringify(message), ...h.progressLines()]) {
      expect(text).not.toContain('jane.doe');
      expect(text).not.toContain('Laptop');
    }
    expect(h.progressLines()).toEqual(expect.arrayContaining([expect.stringMatching(/FILE REJECTED incoming\/rejections\/contacts\.csv/)]));
  });

  it('counts as a rejected file, not as a failed execution', () => {
    const summary = h.pipeline().summary();
    expect(summary.filesRejected).toBe(3);
    expect(summary.executionsFailed).toBe(0);
    expect(unaccountedOrders(summary)).toBe(0);
  });
});

describe('a file that cannot be read', () => {
  it('is read three times, then fails as a technical failure: the failed execution is dead-lettered, no file-rejected message', async () => {
    const key = 'incoming/rejections/vanished-version.json';
    await h.run(key, [order('vanished-version-1', 80)]);
    const event = h.pipeline().rule.events().find((d) => d.event.detail.object.key === key)?.event;
    if (!event) throw new Error(`no event for ${key}`);
    const before = h.pipeline().executions().length;
    // Started as the Express entry hands over a small file (StartExecution, the event's own size): the Standard
    // machine reads it with its ItemReader, without the preparer a file over 32 KiB goes through first.
    await h.pipeline().startExecution({ ...event, detail: { ...event.detail, object: { ...event.detail.object, 'version-id': 'no-such-version', size: 100 } } });
    await h.pipeline().settled();
    const [record] = h.pipeline().executions().slice(before);
    expect(record?.result).toMatchObject({ status: 'FAILED', error: 'OrderFileFailed' });
    expect(record?.fileRejected).toBe(false);
    expect(record?.result.counters.caughtByState['ProcessOrderFile']).toBe(3);
    expect((await h.rejectedMessagesFor(key)).filter((m) => m['type'] === 'file-rejected')).toHaveLength(0);
    expect(await h.deadLettersFor(key)).toEqual([expect.objectContaining({ 'detail-type': 'Step Functions Execution Status Change' })]);
    expect(h.pipeline().summary()).toMatchObject({ filesRejected: 3, executionsFailed: 1 });
  });
});
