import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { s3ClientFromEnvironment } from '@sales-pipeline/aws-adapters';
import { s3ObjectStreams } from '@sales-pipeline/aws-adapters/object-streams';
import { lambdaHandler, startLambda } from '@sales-pipeline/lambda-runtime';
import { decodePreparerInput, describePreparerFailure, prepareOrderFile, PreparerInput, type PreparedOrderFile } from '@sales-pipeline/order-file-preparation';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { PreparerEnvironment } from './environment';

const runtime = startLambda(PreparerEnvironment);
const { config, logger, metrics } = runtime;
const streams = s3ObjectStreams(s3ClientFromEnvironment());
const prepare = prepareOrderFile(
  {
    readStream: ({ bucket, key, versionId }) => streams.readStream({ bucket, key, ...(versionId === null ? {} : { versionId }) }),
    writeStream: streams.writeStream,
  },
  { preparedPrefix: config.PREPARED_PREFIX },
);

/** The order file as bucket/key/version: the correlation id of every line about it. */
const fileOf = (event: unknown): string | undefined => (PreparerInput.is(event) ? `${event.bucket}/${event.key}/${event.versionId ?? 'null'}` : undefined);

const recordMetrics = (prepared: PreparedOrderFile) => {
  metrics.addMetric('OrderFilesPrepared', MetricUnit.Count, 1);
  metrics.addMetric('OversizedOrders', MetricUnit.Count, prepared.oversizedOrders);
};

/**
 * The PrepareOrderFile Task: an order file large enough to hold an order over the cap in, the key and version the
 * distributed Map's ItemReader reads out. Logs counts and keys, never an order's content.
 */
export const handler = lambdaHandler(runtime, { correlationIdOf: fileOf, describe: describePreparerFailure }, (event) =>
  pipe(
    TE.fromEither(decodePreparerInput(event)),
    TE.flatMap(prepare),
    TE.tap((prepared) =>
      TE.fromIO(() => {
        recordMetrics(prepared);
        logger.info('order file prepared', { ...prepared });
      }),
    ),
  ),
);
