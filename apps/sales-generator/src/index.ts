import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { s3ClientFromEnvironment, s3ObjectWriter } from '@sales-pipeline/aws-adapters';
import { lambdaHandler, startLambda } from '@sales-pipeline/lambda-runtime';
import {
  decodeScheduledEvent,
  describeGenerationFailure,
  generateOrderFile,
  orderFileKey,
  ScheduledEvent,
  type OrderFileWritten,
} from '@sales-pipeline/sales-generation';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { GeneratorEnvironment, generationSettings } from './environment';

const runtime = startLambda(GeneratorEnvironment);
const { config, logger, metrics } = runtime;
const settings = generationSettings(config);
const generate = generateOrderFile({ writer: s3ObjectWriter(s3ClientFromEnvironment()), log: { info: (message, fields) => logger.info(message, fields) } }, settings);

/** The file a scheduled run writes, as bucket/key: the correlation id of its lines (the version exists once written). */
const fileOf = (event: unknown): string | undefined => (ScheduledEvent.is(event) ? `${settings.bucket}/${orderFileKey(event.scheduledTime)}` : undefined);

const recordMetrics = (written: OrderFileWritten) => {
  metrics.addMetric('FilesWritten', MetricUnit.Count, 1);
  metrics.addMetric('OrdersGenerated', MetricUnit.Count, written.orders);
  metrics.addMetric('HighValueOrdersGenerated', MetricUnit.Count, written.highValue);
};

/** The scheduled generator: one order file in the data lake per scheduled time. */
export const handler = lambdaHandler(runtime, { correlationIdOf: fileOf, describe: describeGenerationFailure }, (event) =>
  pipe(
    TE.fromEither(decodeScheduledEvent(event)),
    TE.flatMap(generate),
    TE.tap((written) => TE.fromIO(() => recordMetrics(written))),
  ),
);
