import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { ZoneBatch } from './batch-zone-objects';
import { StoredOrderAttributes, writeZoneBatch, type ZoneWriterPorts } from './zone-writer';

const item = {
  order_id: 'o-1',
  created_at: '2024-05-01T10:00:00Z',
  product: 'Monitor',
  quantity: 2,
  price: 219.5,
  status: 'delivered',
  source_bucket: 'lake',
  source_key: 'incoming/a.json',
  source_version_id: 'v1',
  source_index: 0,
  ingested_at: '2024-05-02T00:00:05.000Z',
};

const zoneBatch = (outcome: 'stored' | 'duplicate'): ZoneBatch => {
  const batch = ZoneBatch.decode({
    source: { bucket: 'lake', key: 'incoming/a.json', versionId: 'v1' },
    ingestedAt: '2024-05-02T00:00:05.000Z',
    verdicts: [
      { index: 0, valid: true, orderId: 'o-1', highValue: false, rejectionId: 'r-0', sale: item },
      { index: 1, valid: false, rejectionId: 'r-1', reasons: [{ path: 'price', message: 'must be greater than 0' }] },
    ],
    outcomes: [
      { index: 0, outcome, alerted: false },
      { index: 1, outcome: 'rejected', alerted: false },
    ],
  });
  if (E.isLeft(batch)) throw new Error('not a zone batch');
  return batch.right;
};
const batch = zoneBatch('duplicate');

const memoryPorts = (failPut = false) => {
  const objects = new Map<string, string>();
  const reads: { ids: readonly string[]; attributes: readonly string[] }[] = [];
  const ports: ZoneWriterPorts = {
    readStoredOrders: (ids, attributes) => {
      reads.push({ ids, attributes });
      return TE.right(new Map([['o-1', item]]));
    },
    putZoneObject: ({ key, body }) => (failPut ? TE.left('S3 down') : TE.fromIO(() => void objects.set(key, body))),
  };
  return { ports, objects, reads };
};

describe('writeZoneBatch', () => {
  it('reads back the stored orders (zone columns only, no contact info) and puts one object per table and date', async () => {
    const { ports, objects, reads } = memoryPorts();
    await expect(writeZoneBatch(ports)(batch)()).resolves.toEqual(E.right({ objects: 2, orders: 1, rejections: 1 }));
    expect(reads).toEqual([{ ids: ['o-1'], attributes: StoredOrderAttributes }]);
    expect(StoredOrderAttributes).not.toContain('contact-info');
    expect([...objects.keys()].map((key) => key.replace(/\/[^/]+$/, ''))).toEqual([
      'analytics/orders/sale_date=2024-05-01',
      'analytics/rejections/rejected_date=2024-05-02',
    ]);
  });

  it('writes an order this batch stored from its sale, reading nothing back', async () => {
    const { ports, objects, reads } = memoryPorts();
    await writeZoneBatch(ports)(zoneBatch('stored'))();
    expect(reads).toEqual([{ ids: [], attributes: StoredOrderAttributes }]);
    const first = memoryPorts();
    await writeZoneBatch(first.ports)(batch)();
    expect([...objects]).toEqual([...first.objects]);
  });

  it('writes the same keys and bodies again on a retry', async () => {
    const first = memoryPorts();
    const second = memoryPorts();
    await writeZoneBatch(first.ports)(batch)();
    await writeZoneBatch(second.ports)(batch)();
    expect([...second.objects]).toEqual([...first.objects]);
  });

  it('fails naming the key when an object cannot be put', async () => {
    const result = await writeZoneBatch(memoryPorts(true).ports)(batch)();
    expect(result).toEqual(E.left(expect.objectContaining({ _tag: 'ZoneObjectNotWritten', key: expect.stringMatching(/^analytics\/orders\//) })));
  });
});
