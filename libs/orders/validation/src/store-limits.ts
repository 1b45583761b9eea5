import { marshall } from '@aws-sdk/util-dynamodb';
import { DynamoDbItem, jsonBytes, nestingDepth, Order, OrderPath, Reason } from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';

/** Attributes the pipeline writes next to the order's own fields in its DynamoDB item. */
const PipelineAttributes = [
  'content_hash',
  'source_bucket',
  'source_key',
  'source_version_id',
  'source_index',
  'ingested_at',
  'alert_claimed_until',
  'alert_claim',
  'alerted_at',
] as const;

/** DynamoDB stores attribute values nested at most this deep. */
const MaxStoredNesting = 32;
// DynamoDB numbers: magnitude from 1E-130 to 9.9999999999999999999999999999999999999E+125 (or zero); the largest is
// not a double, the next double up is 1e126.
const MinStoredMagnitude = 1e-130;
const StoredMagnitudeLimit = 1e126;

const isStorableNumber = (n: number): boolean =>
  n === 0 || (Math.abs(n) >= MinStoredMagnitude && Math.abs(n) < StoredMagnitudeLimit);

/** Paths (dot-separated, from the field) of the numbers in a JSON value that DynamoDB cannot store. Iterative. */
const unstorableNumberPaths = (field: string, value: unknown): string[] => {
  const found: string[] = [];
  const pending: Array<readonly [string, unknown]> = [[field, value]];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    const [path, next] = entry;
    if (typeof next === 'number' && !isStorableNumber(next)) found.push(path);
    else if (next !== null && typeof next === 'object')
      for (const [key, child] of Object.entries(next)) pending.push([`${path}.${key}`, child]);
  }
  return found.sort();
};

/** The order's own fields as DynamoDB JSON. Numbers are JSON doubles already: their text is exact whatever their size. */
const typedOrder = (order: Order): DynamoDbItem =>
  // marshall turns JSON values into S, N, BOOL, NULL, L and M only: exactly DynamoDbItem.
  // convertClassInstanceToMap: an object with a field named `constructor` looks like a class instance to the marshaller.
  marshall(order, { removeUndefinedValues: true, allowImpreciseNumbers: true, convertClassInstanceToMap: true }) as DynamoDbItem;

/**
 * How large an order's DynamoDB JSON may be for its JSON size. DynamoDB JSON wraps every value (`1` becomes
 * `{"N":"1"}`), so an order made of many small values grows up to 5×; the verdict carries this form, and the batch caps
 * (batch-limits.ts) hold the output under 256 KiB only if the growth is bounded. Real orders stay below: strings grow
 * a few bytes each, a generated order about 1.4×, line items of short values (`{"sku":"A1","qty":2}`) under 2×.
 */
const maxTypedOrderBytes = (orderJsonBytes: number): number => 2 * orderJsonBytes + 512;

/**
 * What DynamoDB would refuse in a valid order, found before the write so that the order is rejected with a reason
 * instead of failing in the state machine: a field named like one of the pipeline's attributes (it would overwrite
 * or fake `content_hash`, `alerted_at`, ...), a field with an empty name, nesting deeper than 32 levels, numbers out
 * of DynamoDB's range.
 */
const fieldRefusals = (order: Order): Reason[] =>
  Object.entries(order).flatMap(([field, value]): Reason[] => {
    if ((PipelineAttributes as readonly string[]).includes(field))
      return [{ path: field, message: "is the name of one of the pipeline's own attributes; rename the field" }];
    if (field === '') return [{ path: OrderPath, message: 'has a field with an empty name, which DynamoDB cannot store' }];
    if (nestingDepth(value) > MaxStoredNesting)
      return [{ path: field, message: `nests deeper than the ${MaxStoredNesting} levels DynamoDB can store` }];
    return unstorableNumberPaths(field, value).map((path) => ({
      path,
      message: 'is a number DynamoDB cannot store (magnitude from 1E-130 to 9.99E+125, or 0)',
    }));
  });

/**
 * The order as DynamoDB JSON, or every reason it cannot be stored or carried: DynamoDB's refusals (above) and the
 * growth bound of `maxTypedOrderBytes`.
 */
export const storableOrder = (order: Order): E.Either<Reason[], DynamoDbItem> => {
  const refusals = fieldRefusals(order);
  if (refusals.length > 0) return E.left(refusals);
  const typed = typedOrder(order);
  const orderBytes = jsonBytes(order);
  const typedBytes = jsonBytes(typed);
  return typedBytes <= maxTypedOrderBytes(orderBytes)
    ? E.right(typed)
    : E.left([
        {
          path: OrderPath,
          message:
            `has too many small values to carry: as DynamoDB JSON it takes ${typedBytes} bytes, more than the ` +
            `${maxTypedOrderBytes(orderBytes)} allowed for its ${orderBytes} bytes of JSON (2 × + 512)`,
        },
      ]);
};
