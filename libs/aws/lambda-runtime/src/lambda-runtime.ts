import { reasonsOf } from '@sales-pipeline/orders-domain';
import type { Context } from 'aws-lambda';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import type * as TE from 'fp-ts/TaskEither';
import type * as t from 'io-ts';
import type { PowertoolsSettings } from './environment';
import { ConfigurationError, handlerError, type TaggedError } from './handler-error';
import { lambdaObservability, observed, type LambdaObservability } from './observability';

/** What a function builds at cold start: its configuration and its Powertools, configured from that. */
export interface LambdaRuntime<C> extends LambdaObservability {
  readonly config: C;
}

/**
 * Cold start: the environment decoded by the function's own codec (`lambdaEnvironment`), then Logger and Metrics
 * from its LOG_LEVEL and service name. A wrong environment throws ConfigurationError at init, so every invocation
 * fails loudly, naming each wrong variable, until it is fixed.
 */
export const startLambda = <C extends PowertoolsSettings>(
  environment: t.Decoder<unknown, C>,
  variables: Readonly<Record<string, string | undefined>> = process.env,
): LambdaRuntime<C> => {
  const config = pipe(
    environment.decode(variables),
    E.getOrElseW((errors) => {
      throw new ConfigurationError(reasonsOf(errors, '(environment)'));
    }),
  );
  return { config, ...lambdaObservability({ serviceName: config.POWERTOOLS_SERVICE_NAME, logLevel: config.LOG_LEVEL }) };
};

export interface HandlerEdge<F extends TaggedError> {
  /** The correlation id an event names (the order file's bucket/key/version), on every log line of its invocation. */
  readonly correlationIdOf: (event: unknown) => string | undefined;
  /** The errorMessage of a failure; its `_tag` is the errorType. */
  readonly describe: (failure: F) => string;
}

/**
 * The one edge between a function's TaskEither and Lambda: Powertools' context and correlation id on every line,
 * the metrics flushed when it ends; a failure is logged once and thrown as a HandlerError named by its `_tag`.
 */
export const lambdaHandler = <F extends TaggedError, R>(
  runtime: LambdaRuntime<unknown>,
  edge: HandlerEdge<F>,
  work: (event: unknown) => TE.TaskEither<F, R>,
): ((event: unknown, context: Context) => Promise<R>) =>
  observed(runtime, edge.correlationIdOf, async (event) => {
    const result = await work(event)();
    if (E.isRight(result)) return result.right;
    const error = handlerError(edge.describe)(result.left);
    runtime.logger.error('invocation failed', { errorType: error.name, errorMessage: error.message });
    throw error;
  });
