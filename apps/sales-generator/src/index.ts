import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { HandlerError, lambdaObservability, observed, s3ClientFromEnvironment, s3ObjectWriter, type S3WriteFailed } from '@sales-pipeline/aws-adapters';
import {
  ConfigurationError,
  decodeGeneratorConfig,
  decodeScheduledEvent,
  describeInvalidEvent,
  generateOrderFile,
  orderFileKey,
  ScheduledEvent,
  type OrderFileWritten,
} from '@sales-pipeline/sales-generation';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';


const writeFailure = (error: S3WriteFailed): HandlerError =>
  new HandlerError(error._tag, `cannot write s3://${error.bucket}/${error.key}: ${error.errorName}: ${error.message}`);

// Built at cold start: a misconfigured environment fails the initialisation, naming each wrong variable.
const config = pipe(
  decodeGeneratorConfig(process.env),
  E.getOrElseW((error) => {
    throw new ConfigurationError(error);
  }),
);
const observability = lambdaObservability({ serviceName: config.serviceName, logLevel: config.logLevel });
const { logger, metrics } = observability;
const generate = generateOrderFile({ writer: s3ObjectWriter(s3ClientFromEnvironment()), log: { info: (message, fields) => logger.info(message, fields) } }, config);

/** The file a scheduled run writes, as bucket/key: the correlation id of its lines (the version exists once written). */
const fileOf = (event: unknown): string | undefined => (ScheduledEvent.is(event) ? `${config.bucket}/${orderFileKey(event.scheduledTime)}` : undefined);

const recordMetrics = (written: OrderFileWritten) => {
  metrics.addMetric('FilesWritten', MetricUnit.Count, 1);
  metrics.addMetric('OrdersGenerated', MetricUnit.Count, written.orders);
  metrics.addMetric('HighValueOrdersGenerated', MetricUnit.Count, written.highValue);
};

/** The scheduled generator: one order file in the data lake per scheduled time. */
export const handler = observed(observability, fileOf, (event) =>
  pipe(
    TE.fromEither(decodeScheduledEvent(event)),
    TE.mapError((error) => new HandlerError(error._tag, describeInvalidEvent(error))),
    TE.flatMap((scheduled) => pipe(generate(scheduled), TE.mapError(writeFailure))),
    TE.tap((written) => TE.fromIO(() => recordMetrics(written))),
    TE.getOrElse((error): never => {
      throw error;
    }),
  )(),
);
