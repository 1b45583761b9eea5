import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import * as TE from 'fp-ts/TaskEither';
import { awsCallFailed, type AwsCallFailed } from './aws-error';

export interface LambdaFunction {
  /** A synchronous invocation; a function error (`FunctionError`) is a failure named by the function's errorType. */
  readonly invoke: (payload: unknown) => TE.TaskEither<AwsCallFailed, unknown>;
}

const errorOf = (payload: unknown): { errorType?: string; errorMessage?: string } =>
  typeof payload === 'object' && payload !== null ? (payload as { errorType?: string; errorMessage?: string }) : {};

export const lambdaFunction = (client: LambdaClient, functionName: string): LambdaFunction => ({
  invoke: (payload) =>
    TE.tryCatch(async () => {
      const response = await client.send(new InvokeCommand({ FunctionName: functionName, Payload: JSON.stringify(payload) }));
      const text = response.Payload ? Buffer.from(response.Payload).toString('utf-8') : '';
      const result: unknown = text === '' ? null : JSON.parse(text);
      if (response.FunctionError) {
        const { errorType, errorMessage } = errorOf(result);
        throw Object.assign(new Error(errorMessage ?? response.FunctionError), { name: errorType ?? response.FunctionError });
      }
      return result;
    }, awsCallFailed('Invoke', functionName)),
});
