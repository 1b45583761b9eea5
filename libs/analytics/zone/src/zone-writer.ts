import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { formatReason, reasonsOf, type Reason } from '@sales-pipeline/orders-domain';
import { batchZoneObjects, StoredOrderItem, storedOrderIds, ZoneBatch, type ZoneError } from './batch-zone-objects';

/** The stored order's attributes the zone reads (StoredOrderItem's, never `contact-info`): the read's projection. */
export const StoredOrderAttributes: readonly string[] = StoredOrderItem.types.flatMap((part) => Object.keys(part.props));

/** The content type of a zone object (JSON Lines). */
export const ZoneObjectContentType = 'application/x-ndjson; charset=utf-8';

/** What the zone writer needs of AWS: the orders table (read) and the data lake (write), each a small port. */
export interface ZoneWriterPorts {
  readonly readStoredOrders: (orderIds: readonly string[], attributes: readonly string[]) => TE.TaskEither<unknown, ReadonlyMap<string, unknown>>;
  readonly putZoneObject: (object: { readonly key: string; readonly body: string }) => TE.TaskEither<unknown, unknown>;
}

export type ZoneWriteError =
  | ZoneError
  | { readonly _tag: 'InvalidZoneBatch'; readonly reasons: readonly Reason[] }
  | { readonly _tag: 'StoredOrdersUnread'; readonly cause: unknown }
  | { readonly _tag: 'ZoneObjectNotWritten'; readonly key: string; readonly cause: unknown };

export interface ZoneWriteSummary {
  readonly objects: number;
  readonly orders: number;
  readonly rejections: number;
}

/**
 * One batch's zone objects, written: the stored items of its valid orders read back (their zone columns only), the
 * objects built (`batchZoneObjects`: deterministic keys and bodies) and put, each replacing any earlier write of
 * the same key. Idempotent: a retry, a redrive or a replay of the batch writes the same objects again.
 */
export const writeZoneBatch =
  (ports: ZoneWriterPorts) =>
  (batch: ZoneBatch): TE.TaskEither<ZoneWriteError, ZoneWriteSummary> =>
    pipe(
      ports.readStoredOrders(storedOrderIds(batch), StoredOrderAttributes),
      TE.mapLeft((cause): ZoneWriteError => ({ _tag: 'StoredOrdersUnread', cause })),
      TE.flatMapEither((storedItems) => pipe(batchZoneObjects({ ...batch, storedItems }), E.mapLeft((error): ZoneWriteError => error))),
      TE.flatMap((objects) =>
        pipe(
          objects,
          TE.traverseArray((object) =>
            pipe(
              ports.putZoneObject({ key: object.key, body: object.body }),
              TE.mapLeft((cause): ZoneWriteError => ({ _tag: 'ZoneObjectNotWritten', key: object.key, cause })),
              TE.as(object),
            ),
          ),
        ),
      ),
      TE.map((written) => ({
        objects: written.length,
        orders: written.filter((object) => object.table === 'orders').reduce((sum, object) => sum + object.rows, 0),
        rejections: written.filter((object) => object.table === 'rejections').reduce((sum, object) => sum + object.rows, 0),
      })),
    );

export const decodeZoneBatch = (event: unknown): E.Either<ZoneWriteError, ZoneBatch> =>
  pipe(
    ZoneBatch.decode(event),
    E.mapLeft((errors): ZoneWriteError => ({ _tag: 'InvalidZoneBatch', reasons: reasonsOf(errors, '(input)').slice(0, 10) })),
  );

const causeText = (cause: unknown): string => (cause instanceof Error ? cause.message : JSON.stringify(cause));

/** A failure's errorMessage: what failed and where, never an order's content. */
export const describeZoneWriteError = (error: ZoneWriteError): string => {
  switch (error._tag) {
    case 'InvalidZoneBatch':
      return `invalid zone batch (expected { source, ingestedAt, verdicts, outcomes }): ${error.reasons.map(formatReason).join('; ')}`;
    case 'StoredOrdersUnread':
      return `the stored orders could not be read back: ${causeText(error.cause)}`;
    case 'ZoneObjectNotWritten':
      return `zone object ${error.key} not written: ${causeText(error.cause)}`;
    case 'StoredItemMissing':
      return `order ${error.orderId} (index ${error.index}) is stored or a duplicate but has no stored item`;
    case 'StoredItemUnreadable':
      return `the stored item of order ${error.orderId} lacks zone columns: ${error.reasons}`;
  }
};
