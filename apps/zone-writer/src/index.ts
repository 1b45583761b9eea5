import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { dynamoDBClientFromEnvironment, s3ClientFromEnvironment, s3ObjectWriter } from '@sales-pipeline/aws-adapters';
import { dynamoDBStoredOrders } from '@sales-pipeline/aws-adapters/order-documents';
import { decodeZoneBatch, describeZoneWriteError, writeZoneBatch, ZoneBatch, ZoneObjectContentType } from '@sales-pipeline/analytics-zone';
import { lambdaHandler, startLambda } from '@sales-pipeline/lambda-runtime';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { ZoneWriterEnvironment } from './environment';

const runtime = startLambda(ZoneWriterEnvironment);
const { config, logger, metrics } = runtime;
const orders = dynamoDBStoredOrders(dynamoDBClientFromEnvironment(), config.ORDERS_TABLE_NAME);
const lake = s3ObjectWriter(s3ClientFromEnvironment());
const write = writeZoneBatch({
  readStoredOrders: orders.getMany,
  putZoneObject: ({ key, body }) => lake.putText({ bucket: config.DATA_LAKE_BUCKET, key, body, contentType: ZoneObjectContentType }),
});

/** The order file as bucket/key/version: the correlation id of every line about it. */
const fileOf = (event: unknown): string | undefined =>
  ZoneBatch.is(event) ? `${event.source.bucket}/${event.source.key}/${event.source.versionId ?? 'null'}` : undefined;

/**
 * The WriteZone Task: one batch after its writes in (no order content), its zone objects in the data lake out.
 * Logs counts and keys, never an order's content.
 */
export const handler = lambdaHandler(runtime, { correlationIdOf: fileOf, describe: describeZoneWriteError }, (event) =>
  pipe(
    TE.fromEither(decodeZoneBatch(event)),
    TE.flatMap(write),
    TE.tap((written) =>
      TE.fromIO(() => {
        metrics.addMetric('ZoneObjectsWritten', MetricUnit.Count, written.objects);
        metrics.addMetric('ZoneOrderRows', MetricUnit.Count, written.orders);
        logger.info('zone written', { ...written });
      }),
    ),
  ),
);
