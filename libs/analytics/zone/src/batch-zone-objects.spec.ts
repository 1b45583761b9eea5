import { OrderOutcome, ZoneVerdict } from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';
import { batchZoneObjects, ConflictReason, storedOrderIds, type BatchResult, type ZoneObject } from './batch-zone-objects';
import { OrdersTable, RejectionsTable } from './columns';
import { rowCodec } from './rows';

const source = { bucket: 'lake', key: 'incoming/a.json', versionId: 'v1' };
const ingestedAt = '2024-05-02T00:00:05.000Z';

const sale = (createdAt: string) => ({ created_at: createdAt, product: 'Monitor', quantity: 2, price: 219.5, status: 'delivered' });

/** A valid zone verdict (decoded, so its fields carry the order codec's brands). */
const valid = (index: number, orderId: string, highValue = false, createdAt = '2024-05-01T12:00:00Z'): ZoneVerdict => {
  const verdict = ZoneVerdict.decode({ index, valid: true, orderId, highValue, rejectionId: `rejection-${index}`, sale: sale(createdAt) });
  if (E.isLeft(verdict)) throw new Error('not a zone verdict');
  return verdict.right;
};

const stored = (index: number, orderId: string, createdAt: string, place = source, extra: object = {}) => ({
  order_id: orderId,
  ...sale(createdAt),
  'contact-info': { email: 'li.wei@example.com' },
  source_bucket: place.bucket,
  source_key: place.key,
  source_version_id: place.versionId,
  source_index: index,
  ingested_at: ingestedAt,
  ...extra,
});

const verdicts: ZoneVerdict[] = [
    valid(3, 'o-1', true, '2024-05-01T23:30:00-02:00'),
    valid(4, 'o-2'),
    valid(5, 'o-3'),
    valid(6, 'o-4'),
    {
      index: 7,
      valid: false,
      rejectionId: 'r-7',
      reasons: [
        { path: 'quantity', message: 'must be an integer of at least 1' },
        { path: 'contact-info', message: 'missing' },
      ],
    },
    valid(8, 'o-5', false, '2024-05-01T12:00:00.5Z'),
];

const outcome = (index: number, kind: OrderOutcome['outcome'], alerted = false): OrderOutcome => ({ index, outcome: kind, alerted });

const batch: BatchResult = {
  source,
  ingestedAt,
  verdicts,
  outcomes: [
    outcome(3, 'stored', true),
    outcome(4, 'duplicate'), // a replay: the stored item names this place
    outcome(5, 'duplicate'), // first stored by another file
    outcome(6, 'conflict'),
    outcome(7, 'rejected'),
    outcome(8, 'stored'),
  ],
  storedItems: new Map<string, unknown>([
    // Read back: the duplicates only (a stored order's row comes from its sale).
    ['o-2', stored(4, 'o-2', '2024-05-01T09:00:00Z')],
    ['o-3', stored(0, 'o-3', '2024-05-01T10:00:00Z', { ...source, key: 'incoming/other.json' })],
  ]),
};

const linesOf = (object: ZoneObject | undefined): unknown[] =>
  (object?.body ?? '')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));

const objectsOf = (result: BatchResult): ZoneObject[] => {
  const objects = batchZoneObjects(result);
  if (E.isLeft(objects)) throw new Error(JSON.stringify(objects.left));
  return objects.right;
};

describe('batchZoneObjects', () => {
  const objects = objectsOf(batch);
  const keys = objects.map((object) => object.key);

  it('writes one object per table and UTC sale date, named after the file version and the batch', () => {
    expect(keys).toEqual([
      expect.stringMatching(/^analytics\/orders\/sale_date=2024-05-01\/[0-9a-f]{16}-3-8\.jsonl$/),
      expect.stringMatching(/^analytics\/orders\/sale_date=2024-05-02\/[0-9a-f]{16}-3-8\.jsonl$/),
      expect.stringMatching(/^analytics\/rejections\/rejected_date=2024-05-02\/[0-9a-f]{16}-3-8\.jsonl$/),
    ]);
  });

  it('holds exactly the orders this batch stored, and the duplicates whose stored item names this place', () => {
    const ids = objects.filter((object) => object.table === 'orders').flatMap(linesOf).map((row) => (row as { order_id: string }).order_id);
    expect(ids.sort()).toEqual(['o-1', 'o-2', 'o-5']);
  });

  it('gives each row exactly the columns of its table, without contact info', () => {
    for (const object of objects) {
      const codec = rowCodec(object.table === 'orders' ? OrdersTable : RejectionsTable);
      for (const row of linesOf(object)) {
        expect(codec.is(row)).toBe(true);
        expect(Object.keys(row as object)).toEqual((object.table === 'orders' ? OrdersTable : RejectionsTable).columns.map((column) => column.name));
      }
    }
    expect(objects.map((object) => object.body).join('')).not.toContain('li.wei');
  });

  it('dates the sale in UTC, keeps the hour, the high-value flag and the alert', () => {
    const nextDay = linesOf(objects[1]);
    expect(nextDay).toEqual([
      expect.objectContaining({ order_id: 'o-1', sale_hour: 1, high_value: true, alerted: true, source_index: 3, source_version_id: 'v1' }),
    ]);
  });

  it('records one rejection row per reason, conflicts included, and no order content', () => {
    const rejections = linesOf(objects[2]);
    expect(rejections).toEqual([
      expect.objectContaining({ rejection_id: 'rejection-6', reason_path: ConflictReason.path, source_index: 6 }),
      expect.objectContaining({ rejection_id: 'r-7', reason_path: 'quantity', rejected_at: ingestedAt }),
      expect.objectContaining({ rejection_id: 'r-7', reason_path: 'contact-info', reason_message: 'missing' }),
    ]);
  });

  it('is deterministic: the same batch again gives the same keys and bodies', () => {
    expect(objectsOf(batch)).toEqual(objects);
  });

  it('fails, naming the order, when a duplicate has no stored item', () => {
    const result = batchZoneObjects({ ...batch, storedItems: new Map() });
    expect(result).toEqual(E.left({ _tag: 'StoredItemMissing', orderId: 'o-2', index: 4 }));
  });

  it('writes nothing for an empty batch', () => {
    expect(objectsOf({ ...batch, verdicts: [], outcomes: [], storedItems: new Map() })).toEqual([]);
  });

  it('reads back the stored items of duplicates and failed orders (whose put may have landed), not of orders it stored', () => {
    expect(storedOrderIds(batch)).toEqual(['o-2', 'o-3']);
    expect(storedOrderIds({ ...batch, outcomes: [outcome(3, 'failed'), outcome(4, 'conflict'), outcome(7, 'rejected')] })).toEqual(['o-1']);
  });

  it('counts a failed order whose put landed (the table holds it), and not one whose put did not', () => {
    const failedBatch = { ...batch, outcomes: [outcome(4, 'failed'), outcome(8, 'failed')], storedItems: new Map<string, unknown>([['o-2', stored(4, 'o-2', '2024-05-01T09:00:00Z')]]) };
    const ids = objectsOf(failedBatch).flatMap(linesOf).map((row) => (row as { order_id: string }).order_id);
    expect(ids).toEqual(['o-2']);
  });
});
