import { OrderFileInput, OrderFileNotArray, OrderFileNotJson, OrderFileOutput, readOrderFile } from './order-file';

const BatchInput = { bucket: 'b', key: 'incoming/k.json', versionId: 'v1' };
const input = (body: string, limits: Partial<OrderFileInput> = {}): OrderFileInput => ({
  OrderFileBody: body,
  BatchInput,
  MaxItemsPerBatch: 64,
  MaxItemsAtOnce: 40,
  MaxInputBytesPerBatch: 49_152,
  MaxBatches: 20,
  MaxBatchesBytes: 163_840,
  ...limits,
});

describe('readOrderFile', () => {
  it("gives each element of a JSON array with its index in one batch, as the distributed Map's ItemSelector and ItemBatcher do", () => {
    const output = readOrderFile(input('[{"order_id":"a"}, 3, null]\n'));
    expect(output).toEqual({
      batches: [{ Items: [{ index: 0, order: { order_id: 'a' } }, { index: 1, order: 3 }, { index: 2, order: null }], BatchInput }],
      rejection: null,
      handOver: false,
    });
    expect(OrderFileOutput.is(output)).toBe(true);
  });

  it('gives no batch for an empty array', () => {
    expect(readOrderFile(input('[]'))).toEqual({ batches: [], rejection: null, handOver: false });
  });

  it('fills batches in order up to the item cap and the byte cap (the batch as JSON with its BatchInput)', () => {
    const orders = Array.from({ length: 10 }, (_, n) => ({ order_id: `o-${n}`, note: 'x'.repeat(40) }));
    const byItems = readOrderFile(input(JSON.stringify(orders), { MaxItemsPerBatch: 4 }));
    expect(byItems.batches.map((batch) => batch.Items.map((item) => item.index))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    const byWave = readOrderFile(input(JSON.stringify(orders), { MaxItemsAtOnce: 3 }));
    expect(byWave.batches.map((batch) => batch.Items.length)).toEqual([3, 3, 3, 1]);
    const cap = 300;
    const byBytes = readOrderFile(input(JSON.stringify(orders), { MaxInputBytesPerBatch: cap }));
    expect(byBytes.batches.flatMap((batch) => batch.Items.map((item) => item.index))).toEqual(orders.map((_, n) => n));
    for (const batch of byBytes.batches) expect(Buffer.byteLength(JSON.stringify(batch))).toBeLessThanOrEqual(cap);
    expect(byBytes.batches.length).toBeGreaterThan(1);
  });

  it('puts an order larger than the byte cap alone in its batch', () => {
    const output = readOrderFile(input(JSON.stringify([{ a: 1 }, { big: 'y'.repeat(500) }, { b: 2 }]), { MaxInputBytesPerBatch: 200 }));
    expect(output.batches.map((batch) => batch.Items.map((item) => item.index))).toEqual([[0], [1], [2]]);
  });

  it('hands the file over when its batches are more than one run carries (count or bytes)', () => {
    const orders = JSON.stringify(Array.from({ length: 9 }, (_, n) => n));
    expect(readOrderFile(input(orders, { MaxItemsPerBatch: 4, MaxBatches: 2 }))).toEqual({ batches: [], rejection: null, handOver: true });
    expect(readOrderFile(input(orders, { MaxItemsPerBatch: 4, MaxBatches: 3 })).batches).toHaveLength(3);
    expect(readOrderFile(input(orders, { MaxBatchesBytes: 100 }))).toEqual({ batches: [], rejection: null, handOver: true });
  });

  it.each([['not json at all'], ['[{"order_id": "a"},'], [''], ['{"email": "a@example.com"']])('rejects %j as not JSON, quoting nothing of it', (body) => {
    expect(readOrderFile(input(body))).toEqual({ batches: [], rejection: { reason: OrderFileNotJson }, handOver: false });
  });

  it.each([['{"orders": []}'], ['"a string"'], ['42'], ['null']])('rejects %j as JSON but not an array', (body) => {
    expect(readOrderFile(input(body))).toEqual({ batches: [], rejection: { reason: OrderFileNotArray }, handOver: false });
  });
});
