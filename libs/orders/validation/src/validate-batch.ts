import { marshall } from '@aws-sdk/util-dynamodb';
import {
  AlertLease,
  contentHash,
  DynamoDbItem,
  highValueAlert,
  InvalidVerdict,
  isHighValue,
  Order,
  FileSource,
  OrderSource,
  orderRejection,
  Reason,
  rejectionId,
  validateOrder,
  ValidatorInput,
  ValidatorOutput,
  ValidVerdict,
  Verdict,
  invalidZoneVerdict,
  validZoneVerdict,
  type ZoneVerdict,
} from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { storableOrder } from './store-limits';

export interface ValidationSettings {
  /** Prices strictly above this (USD) are high value and alert. */
  readonly highValueThreshold: number;
  /** The clock that stamps `ingested_at` and starts the batch's alert lease. */
  readonly now: () => Date;
}

/**
 * How long an alert claim holds, counted from the validator's clock at the batch (seconds). The claim's child (an
 * Express execution) started before the validator ran and ends within 5 minutes of starting, so with a lease longer
 * than 5 minutes a claim is never taken over from a child that is still running, whatever its retries. A child that
 * died holding the claim lets a replay or redrive alert once the lease has run out (docs/architecture.md).
 */
export const AlertLeaseSeconds = 600;

/** The alert lease of a batch validated at `now`: DynamoDB numbers of epoch seconds. */
const alertLease = (now: Date): AlertLease => {
  const seconds = Math.floor(now.getTime() / 1000);
  return { now: String(seconds), until: String(seconds + AlertLeaseSeconds) };
};

/** The DynamoDB item as the verdict carries it: the order's fields, its content hash and its place in the file. */
const dynamoDbItem = (typed: DynamoDbItem, hash: string, index: number): DynamoDbItem => ({
  ...typed,
  ...(marshall({ content_hash: hash, source_index: index }) as DynamoDbItem),
});

/**
 * What every stored item of a batch gets besides its own attributes: the file it came from and when it was
 * ingested. Carried once per batch; the state machine merges it into each item it writes (`States.JsonMerge`).
 */
const sourceAttributes = (source: FileSource, ingestedAt: string): DynamoDbItem =>
  marshall(
    { source_bucket: source.bucket, source_key: source.key, source_version_id: source.versionId ?? undefined, ingested_at: ingestedAt },
    { removeUndefinedValues: true },
  ) as DynamoDbItem;

interface AcceptedOrder {
  readonly order: Order;
  readonly typed: DynamoDbItem;
}

const validVerdict = (settings: ValidationSettings, source: OrderSource, { order, typed }: AcceptedOrder): ValidVerdict => {
  const hash = contentHash(order);
  const highValue = isHighValue(settings.highValueThreshold)(order.price);
  return {
    index: source.index,
    valid: true,
    orderId: order.order_id,
    contentHash: hash,
    highValue,
    item: dynamoDbItem(typed, hash, source.index),
    alert: highValue ? highValueAlert(order) : null,
    rejectionId: rejectionId(source, order),
  };
};

const invalidVerdict = (source: OrderSource, rawOrder: unknown, reasons: readonly Reason[]): InvalidVerdict => ({
  index: source.index,
  valid: false,
  rejection: orderRejection(source, reasons, rawOrder),
});

/** One order's verdict, and the same verdict as the analytics zone needs it. */
interface Judged {
  readonly verdict: Verdict;
  readonly zone: ZoneVerdict;
}

/** The order and its DynamoDB form, or every reason it cannot be stored: its schema first, then the store's limits. */
const acceptOrder = (rawOrder: unknown): E.Either<Reason[], AcceptedOrder> =>
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
 * the id its rejection would get; an invalid one with its rejection and every reason; plus the batch's source file
 * and alert lease. Never fails on a bad order: any JSON value is an order to judge.
 */
export const validateBatch =
  (settings: ValidationSettings) =>
  (input: ValidatorInput): ValidatorOutput => {
    const now = settings.now();
    const ingestedAt = now.toISOString();
    const { bucket, key } = input.BatchInput;
    const versionId = input.BatchInput.versionId ?? null;
    const judged = input.Items.map(({ index, order }): Judged => {
      const source: OrderSource = { bucket, key, versionId, index };
      return pipe(
        acceptOrder(order),
        E.match<Reason[], AcceptedOrder, Judged>(
          (reasons) => {
            const verdict = invalidVerdict(source, order, reasons);
            return { verdict, zone: invalidZoneVerdict(verdict) };
          },
          (accepted) => {
            const verdict = validVerdict(settings, source, accepted);
            return { verdict, zone: validZoneVerdict(verdict, accepted.order) };
          },
        ),
      );
    });
    return {
      verdicts: judged.map(({ verdict }) => verdict),
      zoneVerdicts: judged.map(({ zone }) => zone),
      source: { bucket, key, versionId },
      sourceAttributes: sourceAttributes({ bucket, key, versionId }, ingestedAt),
      alertLease: alertLease(now),
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
