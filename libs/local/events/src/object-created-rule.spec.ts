import * as E from 'fp-ts/Either';
import type { ObjectCreatedEvent } from '@sales-pipeline/pipeline-contracts';
import { compileEventPattern } from './event-pattern';
import { DELIVERIES_KEPT, objectCreatedRule } from './object-created-rule';

const pattern = compileEventPattern({ source: ['aws.s3'], detail: { object: { key: [{ prefix: 'incoming/' }] } } });
if (E.isLeft(pattern)) throw new Error(pattern.left.reason);

const write = (key: string, index: number) => ({ bucket: 'lake', key, size: 2, etag: '"e"', sequencer: index.toString(16).padStart(16, '0'), time: '2026-12-07T10:00:00Z' });

describe('objectCreatedRule', () => {
  it('keeps its latest deliveries, not every object write of a long run, and still starts every matching one', async () => {
    const started: ObjectCreatedEvent[] = [];
    const rule = objectCreatedRule({ pattern: pattern.right, account: '111111111111', region: 'us-east-1', target: (event) => void started.push(event) });
    await rule.deliver(write('incoming/first.json', 0));
    for (let index = 1; index <= DELIVERIES_KEPT; index += 1) await rule.deliver(write(`analytics/orders/part-${index}.parquet`, index));
    await rule.deliver(write('incoming/last.json', DELIVERIES_KEPT + 1));
    await rule.idle();

    expect(started.map((event) => event.detail.object.key)).toEqual(['incoming/first.json', 'incoming/last.json']);
    const kept = rule.events();
    expect(kept).toHaveLength(DELIVERIES_KEPT);
    expect(kept[0]?.event.detail.object.key).toBe('analytics/orders/part-2.parquet');
    expect(kept.at(-1)).toMatchObject({ matched: true, event: { detail: { object: { key: 'incoming/last.json' } } } });
  });
});
