import { Logger } from '@aws-lambda-powertools/logger';
import {
  decodeEnvironment,
  decodeValidatorInput,
  describeError,
  summarize,
  validateBatch,
} from '@sales-pipeline/order-validation';
import type { ValidatorOutput } from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';

/** A misconfigured function: thrown at cold start (init), so every invocation fails loudly until it is fixed. */
class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** The batch envelope is not { Items, BatchInput }: an error Step Functions sees by this name (Retry/Catch). */
class InvalidValidatorInput extends Error {
  override readonly name = 'InvalidValidatorInput';
}

const environment = pipe(
  decodeEnvironment(process.env),
  E.getOrElseW((error) => {
    throw new ConfigurationError(describeError(error));
  }),
);

const logger = new Logger({ serviceName: environment.POWERTOOLS_SERVICE_NAME, logLevel: environment.LOG_LEVEL });
const validate = validateBatch({ highValueThreshold: environment.HIGH_VALUE_THRESHOLD, now: () => new Date() });

/**
 * One ItemBatcher batch in, one verdict per order out. Bad orders are verdicts, never errors; only a malformed
 * envelope (or a crash) fails the invocation. Logs counts and the file, never an order's content or contact info.
 */
export const handler = async (event: unknown): Promise<ValidatorOutput> => {
  const input = pipe(
    decodeValidatorInput(event),
    E.getOrElseW((error) => {
      logger.error('invalid validator input', { reasons: error.reasons });
      throw new InvalidValidatorInput(describeError(error));
    }),
  );
  const output = validate(input);
  logger.info('batch validated', {
    bucket: input.BatchInput.bucket,
    key: input.BatchInput.key,
    versionId: input.BatchInput.versionId ?? null,
    firstIndex: input.Items[0]?.index ?? null,
    ...summarize(output),
  });
  return output;
};
