import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { BatchInput, ValidatorInput } from './messages';

/**
 * Why an order file's content is refused, worded as the Standard machine's file rejection words it (its
 * DescribeFileNotJson / DescribeFileNotArray states; a contract test holds the two to the same text): quoting
 * nothing of the file, whose content may hold contact info.
 */
export const OrderFileNotJson = 'The order file is not valid JSON: it must be a JSON array of orders.';
export const OrderFileNotArray = 'The order file is JSON but not an array: it must be a JSON array of orders.';

const PositiveInteger = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n > 0, 'PositiveInteger');

/**
 * The Express entry's read of a small order file: the object's body as S3 returned it, the file it is, the
 * distributed Map's batch caps, how many orders a batch's inline Map (StoreVerdicts) runs at once (a batch of at
 * most that many takes one wave, which keeps the entry's whole run within the Express limit), and how many batches
 * (one wave of the entry's inline Map) and bytes of batches the entry's state can carry.
 */
export const OrderFileInput = t.type({
  OrderFileBody: t.string,
  BatchInput,
  MaxItemsPerBatch: PositiveInteger,
  MaxItemsAtOnce: PositiveInteger,
  MaxInputBytesPerBatch: PositiveInteger,
  MaxBatches: PositiveInteger,
  MaxBatchesBytes: PositiveInteger,
});
export type OrderFileInput = t.TypeOf<typeof OrderFileInput>;

/**
 * The file's orders in batches as the distributed Map's ItemSelector and ItemBatcher give them to a child, or why
 * the content is refused (`rejection`), or that the file is too many batches for one run of the Express entry
 * (`handOver`: the Standard machine takes it). Only `batches` of a file neither rejected nor handed over is non-empty.
 */
export const OrderFileOutput = t.type({
  batches: t.array(ValidatorInput),
  rejection: t.union([t.type({ reason: t.string }), t.null]),
  handOver: t.boolean,
});
export type OrderFileOutput = t.TypeOf<typeof OrderFileOutput>;

type Limits = Pick<OrderFileInput, 'MaxItemsPerBatch' | 'MaxItemsAtOnce' | 'MaxInputBytesPerBatch' | 'MaxBatches' | 'MaxBatchesBytes'>;
type Item = ValidatorInput['Items'][number];

const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

const parseJson = (text: string): E.Either<string, unknown> => E.tryCatch(() => JSON.parse(text) as unknown, () => OrderFileNotJson);

/**
 * Items into batches as ItemBatcher fills them: in order, each batch at most MaxItemsPerBatch (and MaxItemsAtOnce)
 * items and (as JSON, with its BatchInput) MaxInputBytesPerBatch bytes; an item larger than that alone goes in a
 * batch of its own.
 */
const batchesOf = (items: readonly Item[], batchInput: BatchInput, limits: Limits): ValidatorInput[] => {
  const maxItems = Math.min(limits.MaxItemsPerBatch, limits.MaxItemsAtOnce);
  const empty = bytes({ Items: [], BatchInput: batchInput });
  const batches: { Items: Item[]; size: number }[] = [];
  for (const item of items) {
    const size = bytes(item);
    const last = batches[batches.length - 1];
    if (last && last.Items.length < maxItems && last.size + 1 + size <= limits.MaxInputBytesPerBatch) {
      last.Items.push(item);
      last.size += 1 + size;
    } else batches.push({ Items: [item], size: empty + size });
  }
  return batches.map(({ Items }) => ({ Items, BatchInput: batchInput }));
};

/** A small file's text as the batches its orders make, its rejection (a JSON array is the only file of orders), or its hand-over. */
export const readOrderFile = (input: OrderFileInput): OrderFileOutput => {
  const parsed = parseJson(input.OrderFileBody);
  if (E.isLeft(parsed)) return { batches: [], rejection: { reason: parsed.left }, handOver: false };
  const orders = parsed.right;
  if (!Array.isArray(orders)) return { batches: [], rejection: { reason: OrderFileNotArray }, handOver: false };
  const batches = batchesOf(
    orders.map((order: unknown, index) => ({ index, order })),
    input.BatchInput,
    input,
  );
  return batches.length > input.MaxBatches || bytes(batches) > input.MaxBatchesBytes
    ? { batches: [], rejection: null, handOver: true }
    : { batches, rejection: null, handOver: false };
};
