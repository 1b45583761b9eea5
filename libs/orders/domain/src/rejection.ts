import { canonicalJson, sha256Hex, utf8Bytes } from './canonical-json';
import { MaxOrderJsonBytes } from './order';
import { OrderSource, RejectedOrderMessage } from './messages';
import { Reason } from './reasons';

/**
 * Deterministic id of a rejection: the same order at the same place of the same file (a replayed event, an
 * identical file uploaded again) gets the same id, so consumers can de-duplicate.
 */
export const rejectionId = (source: Pick<OrderSource, 'bucket' | 'key' | 'index'>, rawOrder: unknown): string =>
  sha256Hex(canonicalJson({ bucket: source.bucket, key: source.key, index: source.index, order: rawOrder }));

/** The longest prefix of `text` whose UTF-8 encoding fits in `maxBytes` (never splits a character). */
export const truncateUtf8 = (text: string, maxBytes: number): string => {
  if (utf8Bytes(text) <= maxBytes) return text;
  const cut = Buffer.from(text, 'utf8').subarray(0, maxBytes).toString('utf8');
  // A character split at the cut decodes to U+FFFD: drop it.
  return cut.endsWith('\uFFFD') ? cut.slice(0, -1) : cut;
};

/**
 * The rejected-order message. A raw order whose JSON exceeds `maxOrderBytes` is carried as its JSON text cut to that
 * size with `orderTruncated: true`, so every message stays far below SQS's 256 KiB (the whole order stays in the
 * data lake at `source`).
 */
export const rejectedOrderMessage = (
  source: OrderSource,
  reasons: readonly Reason[],
  rawOrder: unknown,
  maxOrderBytes: number = MaxOrderJsonBytes,
): RejectedOrderMessage => {
  const id = rejectionId(source, rawOrder);
  const orderJson = JSON.stringify(rawOrder) ?? 'null';
  const base = { type: 'order-rejected' as const, id, source, reasons: [...reasons] };
  return utf8Bytes(orderJson) <= maxOrderBytes
    ? { ...base, order: rawOrder ?? null }
    : { ...base, order: truncateUtf8(orderJson, maxOrderBytes), orderTruncated: true as const };
};
