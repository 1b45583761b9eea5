import { Logger } from '@aws-lambda-powertools/logger';
import { s3ClientFromEnvironment, s3ObjectStore, type S3WriteFailed } from '@sales-pipeline/aws-adapters';
import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { pipe } from 'fp-ts/function';
import { ConfigurationError, decodeGeneratorConfig } from './configuration';
import { generateOrderFile, type OrderFileWritten } from './order-file';
import { decodeScheduledEvent, describeInvalidEvent } from './scheduled-event';

/** An invocation that cannot succeed as given (a bad event) or did not (the write failed): Lambda reports it. */
export class GenerationError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

const writeFailure = (error: S3WriteFailed): GenerationError =>
  new GenerationError(error._tag, `cannot write s3://${error.bucket}/${error.key}: ${error.errorName}: ${error.message}`);

/**
 * The sales-generator Lambda handler, built once at cold start: the environment is decoded here, and a
 * misconfiguration throws a ConfigurationError naming each wrong variable (the function fails to initialise).
 */
export const salesGeneratorHandler = (environment: Readonly<Record<string, string | undefined>>) => {
  const config = pipe(
    decodeGeneratorConfig(environment),
    E.getOrElseW((error) => {
      throw new ConfigurationError(error);
    }),
  );
  const logger = new Logger({ serviceName: config.serviceName, logLevel: config.logLevel });
  const generate = generateOrderFile(
    { writer: s3ObjectStore(s3ClientFromEnvironment(environment)), log: { info: (message, fields) => logger.info(message, fields) } },
    config,
  );

  return async (event: unknown): Promise<OrderFileWritten> =>
    pipe(
      TE.fromEither(decodeScheduledEvent(event)),
      TE.mapError((error) => new GenerationError(error._tag, describeInvalidEvent(error))),
      TE.flatMap((scheduled) => pipe(generate(scheduled), TE.mapError(writeFailure))),
      TE.getOrElse((error): never => {
        throw error;
      }),
    )();
};
