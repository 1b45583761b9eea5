import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import type { LogLevel } from './environment';

export interface LambdaObservability {
  readonly logger: Logger;
  /** EMF metrics in the namespace of POWERTOOLS_METRICS_NAMESPACE (set per workspace by Terraform), dimension `service`. */
  readonly metrics: Metrics;
}

export const lambdaObservability = (settings: { readonly serviceName: string; readonly logLevel: LogLevel }): LambdaObservability => ({
  logger: new Logger({ serviceName: settings.serviceName, logLevel: settings.logLevel }),
  metrics: new Metrics({ serviceName: settings.serviceName }),
});

/**
 * A handler with Powertools' Lambda context on every log line (request id, cold start, function name and ARN),
 * the correlation id the event names (the order file's bucket/key/version) and the ColdStart metric; the metrics it
 * adds are flushed as one EMF line when it ends, also when it fails.
 */
export const observed =
  <R>({ logger, metrics }: LambdaObservability, correlationIdOf: (event: unknown) => string | undefined, handler: (event: unknown) => Promise<R>) =>
  async (event: unknown, context: Context): Promise<R> => {
    logger.addContext(context);
    logger.resetKeys();
    const correlationId = correlationIdOf(event);
    if (correlationId !== undefined) logger.appendKeys({ correlation_id: correlationId });
    metrics.captureColdStartMetric(context.functionName);
    try {
      return await handler(event);
    } finally {
      metrics.publishStoredMetrics();
    }
  };
