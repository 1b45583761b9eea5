import { ValidatorInput, Verdict } from '@sales-pipeline/orders-domain';
import { MaxInputBytesPerBatch, MaxItemsPerBatch, MaxValidatorOutputBytes } from './batch-limits';
import { validateBatch } from './validate-batch';

/**
 * The worst cases of a child's validator output, against Step Functions' 256 KiB (less the invoke envelope): the longest S3 key (1024 bytes)
 * and bucket name (63), every valid order high value (an alert each), orders of every size up to the 32 KiB cap, made
 * of plain text or of the small values that grow most as DynamoDB JSON (as far as the growth bound admits them), and
 * batches filled to both ItemBatcher caps. Bytes per batch are counted on the Items alone (the smaller count, so more
 * items per batch than AWS would admit if it also counts BatchInput).
 */
const batchInput = {
  bucket: 'b'.repeat(63),
  key: `incoming/${'k'.repeat(1024 - 'incoming/'.length)}`,
  versionId: 'v'.repeat(32),
};
const validate = validateBatch({ highValueThreshold: 400, now: () => new Date('2024-05-01T12:00:05.000Z') });
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

const baseOrder = (index: number) => ({
  order_id: `order-${String(index).padStart(6, '0')}`,
  created_at: '2024-05-01T12:30:00.000+02:00',
  product: 'Professional Mirrorless Camera Kit',
  quantity: 3,
  price: 499.99,
  status: 'delivered',
  'contact-info': { email: 'jane.doe@example.com', phone: '+1-555-0100' },
});

type Filler = (count: number) => Record<string, unknown>;
const text: Filler = (count) => ({ note: 'x'.repeat(count) });
// Numbers grow 5× as DynamoDB JSON; the text makes up the rest of the size. Largest growth the bound admits.
const smallValues =
  (ones: number): Filler =>
  (count) => ({ note: 'x'.repeat(count), values: Array.from({ length: ones }, () => 1) });

/** The largest order of `filler` whose JSON fits `orderBytes`. */
const orderOf = (index: number, orderBytes: number, filler: Filler) => {
  let low = 0;
  let high = orderBytes;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (bytes({ ...baseOrder(index), ...filler(middle) }) <= orderBytes) low = middle;
    else high = middle - 1;
  }
  return { ...baseOrder(index), ...filler(low) };
};

/** The most small values an order of this size can hold and still be accepted. */
const mostSmallValues = (orderBytes: number): number => {
  let low = 0;
  let high = orderBytes;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const probe = validate({ Items: [{ index: 0, order: orderOf(0, orderBytes, smallValues(middle)) }], BatchInput: batchInput });
    if (probe.verdicts[0]?.valid) low = middle;
    else high = middle - 1;
  }
  return low;
};

/** Items up to both caps. */
const fill = (orderFor: (index: number) => unknown, first: readonly unknown[] = []): ValidatorInput['Items'] => {
  const items = first.map((order, index) => ({ index, order }));
  let itemsBytes = bytes(items);
  while (items.length < MaxItemsPerBatch) {
    const next = { index: items.length, order: orderFor(items.length) };
    const added = bytes(next) + (items.length > 0 ? 1 : 0);
    if (itemsBytes + added > MaxInputBytesPerBatch) break;
    items.push(next);
    itemsBytes += added;
  }
  return items;
};

const outputBytes = (items: ValidatorInput['Items']) => {
  const output = validate({ Items: items, BatchInput: batchInput });
  return { bytes: bytes(output), verdicts: output.verdicts };
};

const allValid = (verdicts: readonly Verdict[]) => verdicts.every((verdict) => verdict.valid);
const figures: string[] = [];
afterAll(() => console.log(`worst cases (items, input bytes -> output bytes):\n${figures.join('\n')}`));

describe(`batch caps: ${MaxItemsPerBatch} items, ${MaxInputBytesPerBatch} bytes`, () => {
  it('admits at least one maximum-size order and one batch of the generator', () => {
    const maximal = orderOf(0, 32 * 1024, text);
    expect(bytes({ Items: [{ index: 0, order: maximal }], BatchInput: batchInput })).toBeLessThanOrEqual(MaxInputBytesPerBatch);
  });

  it.each([150, 300, 512, 1024, 2048, 4096, 8192, 16_384, 32_768])(
    'keeps the output of valid %i-byte orders under the output budget, plain text or small values',
    (orderBytes) => {
      const ones = mostSmallValues(orderBytes);
      for (const [kind, filler] of [
        ['text', text],
        [`${ones} small values`, smallValues(ones)],
      ] as const) {
        const items = fill((index) => orderOf(index, orderBytes, filler));
        const { bytes: output, verdicts } = outputBytes(items);
        figures.push(`  ${orderBytes} B orders, ${kind}: ${items.length}, ${bytes(items)} -> ${output}`);
        expect(allValid(verdicts)).toBe(true);
        expect(output).toBeLessThan(MaxValidatorOutputBytes);
      }
    },
  );

  it('keeps the output of many tiny orders and one filling the rest of the bytes under the output budget', () => {
    const tiny = Array.from({ length: MaxItemsPerBatch - 1 }, (_, index) => orderOf(index, 150, text));
    const rest = MaxInputBytesPerBatch - bytes(tiny.map((order, index) => ({ index, order }))) - 40;
    const last = orderOf(MaxItemsPerBatch - 1, Math.min(rest, 32 * 1024), smallValues(mostSmallValues(Math.min(rest, 32 * 1024))));
    const items = fill(() => null, [...tiny, last]);
    const { bytes: output, verdicts } = outputBytes(items);
    figures.push(`  ${MaxItemsPerBatch - 1} tiny + one of ${bytes(last)} B: ${items.length}, ${bytes(items)} -> ${output}`);
    expect(allValid(verdicts)).toBe(true);
    expect(output).toBeLessThan(MaxValidatorOutputBytes);
  });

  it('keeps the output of invalid orders of every size under the output budget', () => {
    for (const orderBytes of [2, 150, 4096, 32_768, 40_000]) {
      const items = fill((index) => ({ ...orderOf(index, orderBytes, text), price: -1, quantity: 0, status: '?' }));
      const { bytes: output, verdicts } = outputBytes(items);
      figures.push(`  invalid ${orderBytes} B orders: ${items.length}, ${bytes(items)} -> ${output}`);
      expect(verdicts.every((verdict) => !verdict.valid)).toBe(true);
      expect(output).toBeLessThan(MaxValidatorOutputBytes);
    }
  });
});
