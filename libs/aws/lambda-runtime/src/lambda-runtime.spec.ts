import type { Context } from 'aws-lambda';
import * as TE from 'fp-ts/TaskEither';
import * as t from 'io-ts';
import { environmentVariable, lambdaEnvironment, matching } from './environment';
import { lambdaHandler, startLambda } from './lambda-runtime';

const Environment = lambdaEnvironment('probe', { TABLE: environmentVariable(t.string, 'must be a table name', matching(/^[a-z-]+$/)) });
const context = { functionName: 'probe', awsRequestId: 'request-1', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:probe' } as Context;

/** The process's output lines (Powertools writes JSON log lines and EMF to stdout, errors to stderr) while `action` runs. */
const outputOf = async (action: () => Promise<unknown>): Promise<Record<string, unknown>[]> => {
  const lines: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  };
  const spies = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
  try {
    await action().catch(() => undefined);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines.flatMap((line) => line.split('\n')).filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
};

describe('the Lambda runtime', () => {
  const runtime = startLambda(Environment, { TABLE: 'orders', POWERTOOLS_METRICS_NAMESPACE: 'test' });

  it('decodes the function environment with the Powertools settings defaulted', () => {
    expect(runtime.config).toEqual({ TABLE: 'orders', LOG_LEVEL: 'INFO', POWERTOOLS_SERVICE_NAME: 'probe' });
  });

  it('throws ConfigurationError at start, naming each wrong variable', () => {
    expect(() => startLambda(Environment, { TABLE: 'Orders!', LOG_LEVEL: 'loud' })).toThrow(
      expect.objectContaining({
        name: 'ConfigurationError',
        message: 'invalid environment: TABLE: must be a table name (got "Orders!"); LOG_LEVEL: must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT (got "loud")',
      }),
    );
  });

  it('returns what the work returns, with the correlation id and the flushed metrics', async () => {
    const handler = lambdaHandler(runtime, { correlationIdOf: () => 'lake/key', describe: () => 'unused' }, (event) =>
      TE.fromIO(() => {
        runtime.metrics.addMetric('Probed', 'Count', 1);
        runtime.logger.info('probed', { event: String(event) });
        return 42;
      }),
    );
    let result: unknown;
    const lines = await outputOf(async () => {
      result = await handler('e', context);
    });
    expect(result).toBe(42);
    expect(lines.find((line) => line['message'] === 'probed')).toMatchObject({ correlation_id: 'lake/key', function_request_id: 'request-1' });
    expect(lines.find((line) => 'Probed' in line)).toMatchObject({ service: 'probe', Probed: 1 });
  });

  it('throws a failure as a HandlerError named by its _tag, logged once', async () => {
    const handler = lambdaHandler(
      runtime,
      { correlationIdOf: () => undefined, describe: (failure: { readonly _tag: 'TableGone'; readonly table: string }) => `no table ${failure.table}` },
      () => TE.left({ _tag: 'TableGone' as const, table: 'orders' }),
    );
    let failure: unknown;
    const lines = await outputOf(() => handler({}, context).catch((error: unknown) => (failure = error)));
    expect(failure).toMatchObject({ name: 'TableGone', message: 'no table orders' });
    expect(lines.filter((line) => line['level'] === 'ERROR')).toEqual([
      expect.objectContaining({ message: 'invocation failed', errorType: 'TableGone', errorMessage: 'no table orders' }),
    ]);
  });
});
