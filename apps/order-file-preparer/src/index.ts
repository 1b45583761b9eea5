import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { HandlerError, lambdaObservability, observed, s3ClientFromEnvironment } from '@sales-pipeline/aws-adapters';
import { s3ObjectStreams } from '@sales-pipeline/aws-adapters/object-streams';
import {
  decodePreparerEnvironment,
  decodePreparerInput,
  describePreparationError,
  describeSettingError,
  prepareOrderFile,
  PreparerInput,
  type PreparedOrderFile,
} from '@sales-pipeline/order-file-preparation';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';


// Built at cold start: a misconfigured environment fails the initialisation, naming each wrong variable.
const environment = pipe(
  decodePreparerEnvironment(process.env),
  E.getOrElseW((error) => {
    throw new HandlerError(error._tag, describeSettingError(error));
  }),
);
const observability = lambdaObservability({ serviceName: environment.POWERTOOLS_SERVICE_NAME, logLevel: environment.LOG_LEVEL });
const { logger, metrics } = observability;
const streams = s3ObjectStreams(s3ClientFromEnvironment());
const prepare = prepareOrderFile(
  {
    readStream: ({ bucket, key, versionId }) => streams.readStream({ bucket, key, ...(versionId === null ? {} : { versionId }) }),
    writeStream: streams.writeStream,
  },
  { preparedPrefix: environment.PREPARED_PREFIX },
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
export const handler = observed(observability, fileOf, (event) =>
  pipe(
    TE.fromEither(decodePreparerInput(event)),
    TE.mapError((error) => new HandlerError(error._tag, describeSettingError(error))),
    TE.flatMap((file) => pipe(prepare(file), TE.mapError((error) => new HandlerError(error._tag, describePreparationError(error))))),
    TE.tap((prepared) =>
      TE.fromIO(() => {
        recordMetrics(prepared);
        logger.info('order file prepared', { ...prepared });
      }),
    ),
    TE.getOrElse((error): never => {
      logger.error('order file not prepared', { error: error.name, cause: error.message });
      throw error;
    }),
  )(),
);
