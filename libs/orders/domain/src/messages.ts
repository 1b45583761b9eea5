import * as t from 'io-ts';
import { Alert } from './high-value';
import { OrderFields, type Order } from './order';
import { Reason } from './reasons';

/**
 * The error of an order-failed dead letter whose alert was published but whose mark (`alerted_at`) failed for good
 * (the order-batch states' NoteAlertPublishedNotMarked): its redrive marks the item, nothing else.
 */
export const ALERT_PUBLISHED_NOT_MARKED = 'AlertPublishedNotMarked';

const NonNegativeInteger = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'NonNegativeInteger');

/**
 * The S3 object an order file came from. `versionId` is null for an object of an unversioned bucket (the S3 event
 * then has no version-id); in the validator input it may also be absent.
 */
export const FileSource = t.type({ bucket: t.string, key: t.string, versionId: t.union([t.string, t.null]) });
export type FileSource = t.TypeOf<typeof FileSource>;

/** One order of a file: the file plus the order's position in its array (from 0). */
export const OrderSource = t.type({
  bucket: t.string,
  key: t.string,
  versionId: t.union([t.string, t.null]),
  index: NonNegativeInteger,
});
export type OrderSource = t.TypeOf<typeof OrderSource>;

export const BatchInput = t.type({ bucket: t.string, key: t.string, versionId: t.union([t.string, t.null, t.undefined]) });
export type BatchInput = t.TypeOf<typeof BatchInput>;

/** One child execution's input, as the distributed Map's ItemSelector + ItemBatcher deliver it. */
export const ValidatorInput = t.type({
  Items: t.array(t.type({ index: NonNegativeInteger, order: t.unknown })),
  BatchInput,
});
export type ValidatorInput = t.TypeOf<typeof ValidatorInput>;

/**
 * A rejected order as the validator words it: everything of its rejected-orders message but the source, which the
 * state machine adds from the batch (the source file is carried once per batch, not once per order). `order` is the
 * raw order, or its JSON text cut short when `orderTruncated`, or (`orderFormat: "dynamodb-item"`, a conflict or a
 * store refusal, built by the state machine) the DynamoDB item the order would have been stored as.
 */
export const OrderRejection = t.intersection([
  t.type({
    type: t.literal('order-rejected'),
    id: t.string,
    reasons: t.array(Reason),
    order: t.unknown,
  }),
  t.partial({ orderTruncated: t.literal(true), orderFormat: t.literal('dynamodb-item') }),
]);
export type OrderRejection = t.TypeOf<typeof OrderRejection>;

/** SQS body on the rejected-orders queue: the rejection and where the order is in the data lake. */
export const RejectedOrderMessage = t.intersection([OrderRejection, t.type({ source: OrderSource })]);
export type RejectedOrderMessage = t.TypeOf<typeof RejectedOrderMessage>;

/** SQS body on the rejected-orders queue for a file that is not a JSON array (sent by the state machine). */
export const RejectedFileMessage = t.type({
  type: t.literal('file-rejected'),
  id: t.string,
  source: FileSource,
  reason: t.string,
});
export type RejectedFileMessage = t.TypeOf<typeof RejectedFileMessage>;

/** DynamoDB JSON (the low-level API's typed attribute values), as far as JSON orders can produce it. */
export type AttributeValue =
  | { readonly S: string }
  | { readonly N: string }
  | { readonly BOOL: boolean }
  | { readonly NULL: true }
  | { readonly L: readonly AttributeValue[] }
  | { readonly M: { readonly [name: string]: AttributeValue } };

export const AttributeValue: t.Type<AttributeValue> = t.recursion('AttributeValue', () =>
  t.union([
    t.strict({ S: t.string }),
    t.strict({ N: t.string }),
    t.strict({ BOOL: t.boolean }),
    t.strict({ NULL: t.literal(true) }),
    t.strict({ L: t.readonlyArray(AttributeValue) }),
    t.strict({ M: t.record(t.string, AttributeValue) }),
  ]),
);

export const DynamoDbItem = t.record(t.string, AttributeValue);
export type DynamoDbItem = t.TypeOf<typeof DynamoDbItem>;

/**
 * A valid order: its DynamoDB item and what the state machine needs around it. The order travels once (in `item`);
 * a conflict's rejection is built by the state machine only when a conflict happens, with `rejectionId`.
 */
export const ValidVerdict = t.type({
  index: NonNegativeInteger,
  valid: t.literal(true),
  orderId: t.string,
  contentHash: t.string,
  highValue: t.boolean,
  item: DynamoDbItem,
  alert: t.union([Alert, t.null]),
  /** The id a rejection of this order at this place gets (rejectionId), should the store refuse it or hold another. */
  rejectionId: t.string,
});
export type ValidVerdict = t.TypeOf<typeof ValidVerdict>;

export const InvalidVerdict = t.type({
  index: NonNegativeInteger,
  valid: t.literal(false),
  rejection: OrderRejection,
});
export type InvalidVerdict = t.TypeOf<typeof InvalidVerdict>;

export const Verdict = t.union([ValidVerdict, InvalidVerdict]);
export type Verdict = t.TypeOf<typeof Verdict>;

/**
 * The alert lease, as DynamoDB numbers (epoch seconds, as text): a claim made with this batch's verdicts holds until
 * `until`; a claim whose `alert_claimed_until` is below `now` has expired and may be taken (docs/architecture.md).
 */
export const AlertLease = t.type({ now: t.string, until: t.string });
export type AlertLease = t.TypeOf<typeof AlertLease>;

/**
 * One batch's verdicts, in item order, with what they share, carried once: the source file, the attributes every
 * stored item of the batch gets (`source_bucket`, `source_key`, `source_version_id`, `ingested_at`, as DynamoDB JSON:
 * the state machine merges them into each item it writes) and the alert lease.
 */
/** A valid order's fields the analytics zone has columns for: every field but `contact-info`. */
const ZoneSale = t.type({
  created_at: OrderFields.props.created_at,
  product: OrderFields.props.product,
  quantity: OrderFields.props.quantity,
  price: OrderFields.props.price,
  status: OrderFields.props.status,
});
export type ZoneSale = t.TypeOf<typeof ZoneSale>;

/**
 * A verdict as the analytics zone needs it, without contact info or any other order content than the zone's columns
 * (no DynamoDB item, no raw order): the zone writer's input carries these. A valid order stored by this batch is
 * written from its `sale`; a duplicate's (or a failed one's) stored item is read back.
 */
export const ZoneVerdict = t.union([
  t.type({ index: NonNegativeInteger, valid: t.literal(true), orderId: OrderFields.props.order_id, highValue: t.boolean, rejectionId: t.string, sale: ZoneSale }),
  t.type({ index: NonNegativeInteger, valid: t.literal(false), rejectionId: t.string, reasons: t.array(Reason) }),
]);
export type ZoneVerdict = t.TypeOf<typeof ZoneVerdict>;

/** The zone's view of a valid verdict, with the validated order's zone columns. */
export const validZoneVerdict = (verdict: ValidVerdict, order: Order): ZoneVerdict => ({
  index: verdict.index,
  valid: true,
  orderId: order.order_id,
  highValue: verdict.highValue,
  rejectionId: verdict.rejectionId,
  sale: { created_at: order.created_at, product: order.product, quantity: order.quantity, price: order.price, status: order.status },
});

/** The zone's view of an invalid verdict: its rejection's id and reasons, not the raw order. */
export const invalidZoneVerdict = (verdict: InvalidVerdict): ZoneVerdict => ({
  index: verdict.index,
  valid: false,
  rejectionId: verdict.rejection.id,
  reasons: verdict.rejection.reasons,
});

export const ValidatorOutput = t.type({
  verdicts: t.array(Verdict),
  /** The same verdicts as the zone needs them (what the WriteZone Task passes on: no contact info, no item). */
  zoneVerdicts: t.array(ZoneVerdict),
  source: FileSource,
  sourceAttributes: DynamoDbItem,
  alertLease: AlertLease,
});
export type ValidatorOutput = t.TypeOf<typeof ValidatorOutput>;

export const Outcomes = ['stored', 'duplicate', 'rejected', 'conflict', 'refused', 'failed'] as const;

/** What each iteration of a child's inline Map outputs; the ResultWriter stores these. */
export const OrderOutcome = t.type({
  index: NonNegativeInteger,
  outcome: t.keyof(Object.fromEntries(Outcomes.map((outcome) => [outcome, null])) as Record<(typeof Outcomes)[number], null>),
  alerted: t.boolean,
});
export type OrderOutcome = t.TypeOf<typeof OrderOutcome>;
