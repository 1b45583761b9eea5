import type { AwsCallFailed, LambdaFunction, ObjectWriter } from '@sales-pipeline/aws-adapters';
import type { StoredOrders } from '@sales-pipeline/aws-adapters/order-documents';
import { decodeZoneBatch, describeZoneWriteError, writeZoneBatch, ZoneObjectContentType, type ZoneWriteError } from '@sales-pipeline/analytics-zone';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import type { ZoneRewriter } from './ports';

/** On AWS: the deployed zone writer, invoked with the dead letter's batch (its role, its code). */
export const lambdaZoneRewriter = (writer: LambdaFunction): ZoneRewriter => ({
  rewrite: (batch) => pipe(writer.invoke(batch), TE.map(JSON.stringify)),
});

const failed = (error: ZoneWriteError): AwsCallFailed => ({ _tag: 'AwsCallFailed', operation: 'WriteZone', resource: 'analytics zone', errorName: error._tag, message: describeZoneWriteError(error) });

/**
 * Locally (the Lambda functions run inside `npm start`): the zone writer's own library over the emulators, the zone
 * objects put into the batch's data lake.
 */
export const directZoneRewriter = (orders: StoredOrders, lake: Pick<ObjectWriter, 'putText'>): ZoneRewriter => ({
  rewrite: (batch) =>
    pipe(
      TE.fromEither(decodeZoneBatch(batch)),
      TE.flatMap((decoded) =>
        writeZoneBatch({
          readStoredOrders: orders.getMany,
          putZoneObject: ({ key, body }) => lake.putText({ bucket: decoded.source.bucket, key, body, contentType: ZoneObjectContentType }),
        })(decoded),
      ),
      TE.bimap(failed, (written) => `${written.objects} objects, ${written.orders} order rows, ${written.rejections} rejection rows`),
    ),
});
