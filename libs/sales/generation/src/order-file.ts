import * as TE from 'fp-ts/TaskEither';
import * as t from 'io-ts';
import { pipe } from 'fp-ts/function';
import { isHighValue, mockSales } from '@sales-pipeline/orders-domain';
import type { ObjectWriter, S3WriteFailed } from '@sales-pipeline/aws-adapters';
import { describeInvalidEvent, type InvalidEvent, type ScheduledEvent } from './scheduled-event';

/** `incoming/generated/YYYY/MM/DD/<scheduled time as given>.json`, the date parts in UTC. */
export const orderFileKey = (scheduledTime: string): string => {
  const at = new Date(scheduledTime);
  const twoDigits = (n: number) => String(n).padStart(2, '0');
  return `incoming/generated/${at.getUTCFullYear()}/${twoDigits(at.getUTCMonth() + 1)}/${twoDigits(at.getUTCDate())}/${scheduledTime}.json`;
};

/** What the generator returns (its Lambda response): the file it wrote and its counts. */
export const OrderFileWritten = t.type({
  bucket: t.string,
  key: t.string,
  orders: t.number,
  /** Orders priced above the high-value threshold. */
  highValue: t.number,
});
export type OrderFileWritten = t.TypeOf<typeof OrderFileWritten>;

/** The one structured line per file; the fields carry counts only, never an order (contact info is personal data). */
export interface GenerationLog {
  readonly info: (message: string, fields: OrderFileWritten) => void;
}

/** What the function's environment sets (apps/sales-generator decodes it). */
export interface GenerationSettings {
  readonly bucket: string;
  readonly ordersPerFile: number;
  readonly invalidShare: number;
  readonly highValueThreshold: number;
}

export interface GenerationDependencies {
  readonly writer: ObjectWriter;
  readonly log: GenerationLog;
}

/**
 * Writes the scheduled run's order file. The orders come from the domain's generator seeded by the scheduled time,
 * so a retried invocation rewrites the same key with the same bytes.
 */
export const generateOrderFile =
  ({ writer, log }: GenerationDependencies, config: GenerationSettings) =>
  ({ scheduledTime }: ScheduledEvent): TE.TaskEither<S3WriteFailed, OrderFileWritten> => {
    const sales = mockSales({ scheduledTime, count: config.ordersPerFile, invalidShare: config.invalidShare });
    const written: OrderFileWritten = {
      bucket: config.bucket,
      key: orderFileKey(scheduledTime),
      orders: sales.length,
      highValue: sales.filter((sale) => isHighValue(config.highValueThreshold)(sale.price)).length,
    };
    return pipe(
      writer.putJson({ bucket: written.bucket, key: written.key, json: JSON.stringify(sales) }),
      TE.map(() => written),
      TE.tap((result) => TE.fromIO(() => log.info('order file written', result))),
    );
  };

/** Why a scheduled run failed: Lambda reports the `_tag` as the errorType. */
export type GenerationFailure = InvalidEvent | S3WriteFailed;

export const describeGenerationFailure = (failure: GenerationFailure): string =>
  failure._tag === 'InvalidEvent'
    ? describeInvalidEvent(failure)
    : `cannot write s3://${failure.bucket}/${failure.key}: ${failure.errorName}: ${failure.message}`;
