import { canonicalJson, nestingDepth, sha256Hex, utf8Bytes } from './canonical-json';
import { MaxOrderJsonBytes } from './order';
import { FileSource, OrderRejection, OrderSource } from './messages';
import { Reason } from './reasons';

/** Nesting (object levels included) beyond which a rejected order travels as JSON text, never as nested JSON. */
const MaxCarriedOrderDepth = 33;

/**
 * Deterministic id of a rejection: the same order at the same place of the same file (a replayed event, an
 * identical file uploaded again) gets the same id, so consumers can de-duplicate.
 */
export const rejectionId = (source: Pick<OrderSource, 'bucket' | 'key' | 'index'>, rawOrder: unknown): string =>
  sha256Hex(canonicalJson({ bucket: source.bucket, key: source.key, index: source.index, order: rawOrder ?? null }));

/** The longest prefix of `text` whose UTF-8 encoding fits in `maxBytes` (never splits a character). */
export const truncateUtf8 = (text: string, maxBytes: number): string => {
  if (utf8Bytes(text) <= maxBytes) return text;
  const cut = Buffer.from(text, 'utf8').subarray(0, maxBytes).toString('utf8');
  // A character split at the cut decodes to U+FFFD: drop it.
  return cut.endsWith('\uFFFD') ? cut.slice(0, -1) : cut;
};

/**
 * The rejection of an order (its rejected-orders message without the source, which the state machine adds). A raw
 * order whose JSON exceeds `maxOrderBytes`, or that nests deeper than `MaxCarriedOrderDepth`, travels as its JSON text
 * cut to `maxOrderBytes`, with `orderTruncated: true`: every message stays far below SQS's 256 KiB and plain to
 * serialize; the whole order stays in the data lake at `source`.
 */
export const orderRejection = (
  source: OrderSource,
  reasons: readonly Reason[],
  rawOrder: unknown,
  maxOrderBytes: number = MaxOrderJsonBytes,
): OrderRejection => {
  const order = rawOrder ?? null;
  const orderJson = canonicalJson(order);
  const base = { type: 'order-rejected' as const, id: rejectionId(source, order), reasons: [...reasons] };
  return utf8Bytes(orderJson) <= maxOrderBytes && nestingDepth(order) <= MaxCarriedOrderDepth
    ? { ...base, order }
    : { ...base, order: truncateUtf8(orderJson, maxOrderBytes), orderTruncated: true as const };
};

/**
 * Deterministic id of a file rejection: `<bucket>/<key>/<versionId>` (`null` for an unversioned object), exactly what
 * the state machine builds with `States.Format('{}/{}/{}', …)`: the same file version always gets the same id.
 */
export const fileRejectionId = (source: FileSource): string => `${source.bucket}/${source.key}/${source.versionId ?? null}`;
