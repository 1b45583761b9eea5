import { FileSource, OrderOutcome, Reason, sha256Hex, ZoneVerdict } from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { AnalyticsPrefix, columnName, OrdersTable, RejectionsTable, ZoneOrderFields, type ZoneTable, zoneObjectPath } from './columns';
import { jsonLines, type ZoneRow } from './rows';

/**
 * A stored order as the orders table holds it (plain JSON, unmarshalled): what the zone reads of it. Only the item
 * says which file first stored an order, and whether its alert went out.
 */
export const StoredOrderItem = t.intersection([
  ZoneOrderFields,
  t.type({ source_bucket: t.string, source_key: t.string, source_index: t.number, ingested_at: t.string }),
  t.partial({ source_version_id: t.string, alerted_at: t.unknown }),
]);
export type StoredOrderItem = t.TypeOf<typeof StoredOrderItem>;

/**
 * One batch after its writes, as the order-batch states hand it to the zone writer: the file, its ingestion time, the
 * verdicts without order content, and what became of each order. No contact info, no order content.
 */
export const ZoneBatch = t.type({
  source: FileSource,
  ingestedAt: t.string,
  verdicts: t.array(ZoneVerdict),
  outcomes: t.array(OrderOutcome),
});
export type ZoneBatch = t.TypeOf<typeof ZoneBatch>;

/** A zone batch with the stored items of its valid orders read back, by order id. */
export interface BatchResult extends ZoneBatch {
  readonly storedItems: ReadonlyMap<string, unknown>;
}

/**
 * The order ids whose stored items `batchZoneObjects` reads back: the valid orders found stored (duplicates: only the
 * item says which place stored them) and the failed ones (their put may have landed). An order this batch stored is
 * written from its verdict's sale: no read.
 */
export const storedOrderIds = (batch: ZoneBatch): string[] => {
  const settled = new Set(batch.outcomes.filter((outcome) => outcome.outcome === 'duplicate' || outcome.outcome === 'failed').map((outcome) => outcome.index));
  return batch.verdicts.flatMap((verdict) => (verdict.valid && settled.has(verdict.index) ? [verdict.orderId] : []));
};

/** One object of the zone: its key under the data lake and its JSON Lines body. */
export interface ZoneObject {
  readonly table: ZoneTable['name'];
  readonly key: string;
  readonly body: string;
  readonly rows: number;
}

export type ZoneError =
  | { readonly _tag: 'StoredItemMissing'; readonly orderId: string; readonly index: number }
  | { readonly _tag: 'StoredItemUnreadable'; readonly orderId: string; readonly reasons: string };

/** The reason the state machine gives a conflict (order-batch.asl.json.tftpl, RejectConflictingOrder). */
export const ConflictReason: Reason = {
  path: 'order_id',
  message: 'an order with this order_id and different content is already stored',
};
/** A store refusal's reason text lives only in its rejected-orders message; the zone records that it happened. */
const RefusalReason: Reason = { path: '(order)', message: 'The order store refused this order' };

const utcDate = (isoDateTime: string): Date => new Date(isoDateTime);
/** The UTC day (YYYY-MM-DD) of an ISO-8601 date-time with any offset: an order's sale date. */
export const saleDateOf = (isoDateTime: string): string => utcDate(isoDateTime).toISOString().slice(0, 10);

/**
 * The batch's name in the zone: the file version and the batch's first and last index. A replay or redrive of the same
 * batch rewrites the same keys; another version of the file (a re-upload) names other objects, but its orders are
 * duplicates stored by the first version, so they give no row.
 */
const batchObjectName = (source: FileSource, verdicts: readonly ZoneVerdict[]): string => {
  const file = sha256Hex(JSON.stringify([source.bucket, source.key, source.versionId])).slice(0, 16);
  const indexes = verdicts.map((verdict) => verdict.index);
  return `${file}-${Math.min(...indexes)}-${Math.max(...indexes)}.jsonl`;
};

const objectKey = (table: ZoneTable, date: string, name: string): string => `${AnalyticsPrefix}${zoneObjectPath(table, date, name)}`;

const isThisSource = (item: StoredOrderItem, source: FileSource, index: number): boolean =>
  item.source_bucket === source.bucket &&
  item.source_key === source.key &&
  (item.source_version_id ?? null) === source.versionId &&
  item.source_index === index;

interface DatedRow {
  readonly date: string;
  readonly row: ZoneRow;
}

/** The order fields of a stored item, each under its column name (the fields come from the order codec). */
const orderFieldsRow = (item: StoredOrderItem): ZoneRow =>
  Object.fromEntries((Object.keys(ZoneOrderFields.props) as (keyof ZoneOrderFields)[]).map((field) => [columnName(field), item[field]]));

const orderRow = (item: StoredOrderItem, highValue: boolean, alerted: boolean): DatedRow => ({
  date: saleDateOf(item.created_at),
  row: {
    ...orderFieldsRow(item),
    sale_hour: utcDate(item.created_at).getUTCHours(),
    source_bucket: item.source_bucket,
    source_key: item.source_key,
    source_version_id: item.source_version_id ?? null,
    source_index: item.source_index,
    ingested_at: item.ingested_at,
    high_value: highValue,
    alerted: alerted || item.alerted_at !== undefined,
  },
});

const rejectionRows = (source: FileSource, rejectedAt: string, id: string, index: number, reasons: readonly Reason[]): DatedRow[] =>
  reasons.map((reason) => ({
    date: saleDateOf(rejectedAt),
    row: {
      rejection_id: id,
      reason_path: reason.path,
      reason_message: reason.message,
      source_bucket: source.bucket,
      source_key: source.key,
      source_version_id: source.versionId,
      source_index: index,
      rejected_at: rejectedAt,
    },
  }));

const storedBySale = (batch: ZoneBatch, verdict: Extract<ZoneVerdict, { valid: true }>): StoredOrderItem => ({
  order_id: verdict.orderId,
  ...verdict.sale,
  source_bucket: batch.source.bucket,
  source_key: batch.source.key,
  ...(batch.source.versionId === null ? {} : { source_version_id: batch.source.versionId }),
  source_index: verdict.index,
  ingested_at: batch.ingestedAt,
});

const storedRow = (
  result: BatchResult,
  verdict: Extract<ZoneVerdict, { valid: true }>,
  outcome: OrderOutcome,
): E.Either<ZoneError, DatedRow[]> => {
  const stored = result.storedItems.get(verdict.orderId);
  if (stored === undefined) return E.left({ _tag: 'StoredItemMissing', orderId: verdict.orderId, index: verdict.index });
  return pipe(
    StoredOrderItem.decode(stored),
    E.mapLeft((errors): ZoneError => ({
      _tag: 'StoredItemUnreadable',
      orderId: verdict.orderId,
      reasons: errors.map((error) => error.context.map((entry) => entry.key).filter(Boolean).join('.')).join(', '),
    })),
    // A duplicate counts here only when the stored item names this very place: a replay keeps its rows, and an
    // order first stored by another file is counted by that file's batch, never twice.
    E.map((item) =>
      isThisSource(item, result.source, verdict.index) ? [orderRow(item, verdict.highValue, outcome.alerted)] : [],
    ),
  );
};

const rowsOfOutcome = (result: BatchResult, rejectedAt: string) => {
  const verdicts = new Map(result.verdicts.map((verdict) => [verdict.index, verdict]));
  return (outcome: OrderOutcome): E.Either<ZoneError, { orders: DatedRow[]; rejections: DatedRow[] }> => {
    const verdict = verdicts.get(outcome.index);
    const none = { orders: [], rejections: [] };
    if (verdict === undefined) return E.right(none);
    const source = result.source;
    if (!verdict.valid) return E.right({ orders: [], rejections: rejectionRows(source, rejectedAt, verdict.rejectionId, verdict.index, verdict.reasons) });
    switch (outcome.outcome) {
      case 'stored':
        // This batch's put wrote the item: the verdict's sale, the batch's source and ingestion time.
        return E.right({ orders: [orderRow(storedBySale(result, verdict), verdict.highValue, outcome.alerted)], rejections: [] });
      case 'duplicate':
        return pipe(
          storedRow(result, verdict, outcome),
          E.map((orders) => ({ orders, rejections: [] })),
        );
      case 'conflict':
        return E.right({ orders: [], rejections: rejectionRows(source, rejectedAt, verdict.rejectionId, verdict.index, [ConflictReason]) });
      case 'refused':
        return E.right({ orders: [], rejections: rejectionRows(source, rejectedAt, verdict.rejectionId, verdict.index, [RefusalReason]) });
      case 'failed':
        // Dead-lettered, but its put may have landed before the retries ran out (an alert claim, publish or mark that
        // failed): then the table holds it and so does the zone. Not stored: its redrive writes its row.
        return result.storedItems.has(verdict.orderId)
          ? pipe(
              storedRow(result, verdict, outcome),
              E.map((orders) => ({ orders, rejections: [] })),
            )
          : E.right(none);
      case 'rejected':
        return E.right(none);
    }
  };
};

const groupByDate = (rows: readonly DatedRow[]): ReadonlyMap<string, ZoneRow[]> => {
  const byDate = new Map<string, ZoneRow[]>();
  for (const { date, row } of rows) {
    const dated = byDate.get(date);
    if (dated === undefined) byDate.set(date, [row]);
    else dated.push(row);
  }
  return byDate;
};

const objectsOf = (table: ZoneTable, name: string, rows: readonly DatedRow[]): ZoneObject[] =>
  [...groupByDate(rows)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, dated]) => ({ table: table.name, key: objectKey(table, date, name), body: jsonLines(table, dated), rows: dated.length }));

/**
 * A batch's zone objects: one per table and date, holding exactly the orders this batch stored (or whose stored item
 * names this batch's place) and its rejections, one row per reason. Pure and deterministic: the same batch gives the
 * same keys and bodies, so writing them again changes nothing. An empty batch gives no object.
 */
export const batchZoneObjects = (result: BatchResult): E.Either<ZoneError, ZoneObject[]> =>
  pipe(
    result.outcomes,
    E.traverseArray(rowsOfOutcome(result, result.ingestedAt)),
    E.map((parts) => {
      if (result.verdicts.length === 0) return [];
      const name = batchObjectName(result.source, result.verdicts);
      return [
        ...objectsOf(OrdersTable, name, parts.flatMap((part) => part.orders)),
        ...objectsOf(RejectionsTable, name, parts.flatMap((part) => part.rejections)),
      ];
    }),
  );
