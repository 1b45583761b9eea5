import { marshall } from '@aws-sdk/util-dynamodb';
import {
  contentHash,
  DynamoDbItem,
  highValueAlert,
  InvalidVerdict,
  isHighValue,
  Order,
  OrderSource,
  Reason,
  rejectedOrderMessage,
  validateOrder,
  ValidatorInput,
  ValidatorOutput,
  ValidVerdict,
  Verdict,
} from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { storableOrder } from './store-limits';

export interface ValidationSettings {
  /** Prices strictly above this (USD) are high value and alert. */
  readonly highValueThreshold: number;
  /** The clock that stamps `ingested_at`. */
  readonly now: () => Date;
}

export const ConflictReason: Reason = {
  path: 'order_id',
  message: 'an order with this order_id and different content is already stored',
};

/**
 * A conflict rejection carries at most this much of the order's JSON (cut short with `orderTruncated` beyond): every
 * valid verdict carries one in case the store holds another order under its id, and a second full copy of the order
 * next to its DynamoDB item would double the output. The whole order stays in the data lake at `source`.
 */
export const MaxConflictOrderBytes = 512;

/** The DynamoDB item: the order's fields, its content hash and where it came from, in DynamoDB JSON. */
export const dynamoDbItem = (typed: DynamoDbItem, hash: string, source: OrderSource, ingestedAt: string): DynamoDbItem => ({
  ...typed,
  ...(marshall(
    {
      content_hash: hash,
      source_bucket: source.bucket,
      source_key: source.key,
      source_version_id: source.versionId ?? undefined,
      source_index: source.index,
      ingested_at: ingestedAt,
    },
    { removeUndefinedValues: true },
  ) as DynamoDbItem),
});

interface AcceptedOrder {
  readonly order: Order;
  readonly typed: DynamoDbItem;
}

const validVerdict = (
  settings: ValidationSettings,
  source: OrderSource,
  ingestedAt: string,
  { order, typed }: AcceptedOrder,
): ValidVerdict => {
  const hash = contentHash(order);
  const highValue = isHighValue(settings.highValueThreshold)(order.price);
  return {
    index: source.index,
    valid: true,
    orderId: order.order_id,
    contentHash: hash,
    highValue,
    item: dynamoDbItem(typed, hash, source, ingestedAt),
    alert: highValue ? highValueAlert(order) : null,
    conflictRejection: rejectedOrderMessage(source, [ConflictReason], order, MaxConflictOrderBytes),
  };
};

const invalidVerdict = (source: OrderSource, rawOrder: unknown, reasons: readonly Reason[]): InvalidVerdict => ({
  index: source.index,
  valid: false,
  rejection: rejectedOrderMessage(source, reasons, rawOrder),
});

/** The order and its DynamoDB form, or every reason it cannot be stored: its schema first, then the store's limits. */
export const acceptOrder = (rawOrder: unknown): E.Either<Reason[], AcceptedOrder> =>
  pipe(
    validateOrder(rawOrder),
    E.flatMap((order) =>
      pipe(
        storableOrder(order),
        E.map((typed) => ({ order, typed })),
      ),
    ),
  );

/**
 * One verdict per item, in order: a valid order with its DynamoDB item, content hash, high-value flag, alert text and
 * the rejection to send should the store hold another order under its id; an invalid one with its rejection and
 * every reason. Never fails on a bad order: any JSON value is an order to judge.
 */
export const validateBatch =
  (settings: ValidationSettings) =>
  (input: ValidatorInput): ValidatorOutput => {
    const ingestedAt = settings.now().toISOString();
    const { bucket, key } = input.BatchInput;
    const versionId = input.BatchInput.versionId ?? null;
    return {
      verdicts: input.Items.map(({ index, order }): Verdict => {
        const source: OrderSource = { bucket, key, versionId, index };
        return pipe(
          acceptOrder(order),
          E.match<Reason[], AcceptedOrder, Verdict>(
            (reasons) => invalidVerdict(source, order, reasons),
            (accepted) => validVerdict(settings, source, ingestedAt, accepted),
          ),
        );
      }),
    };
  };

export interface BatchSummary {
  readonly items: number;
  readonly valid: number;
  readonly invalid: number;
  readonly highValue: number;
}

/** Counts for the one log line per batch: no order content, no contact info. */
export const summarize = (output: ValidatorOutput): BatchSummary => {
  const valid = output.verdicts.filter((verdict): verdict is ValidVerdict => verdict.valid);
  return {
    items: output.verdicts.length,
    valid: valid.length,
    invalid: output.verdicts.length - valid.length,
    highValue: valid.filter((verdict) => verdict.highValue).length,
  };
};
