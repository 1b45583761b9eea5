import type { SQSSendFailed } from '@sales-pipeline/aws-adapters';
import type { LambdaFunction } from '@sales-pipeline/local-lambda-zip';
import type { ExecutionResult, Json } from '@sales-pipeline/local-step-functions';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import type * as t from 'io-ts';
import { PathReporter } from 'io-ts/PathReporter';

/**
 * The failure paths AWS provides around the state machine, emulated as AWS documents them: Lambda's asynchronous
 * invocation (retries, then the on-failure destination) and the failed-executions rule (Step Functions Execution
 * Status Change events to the dead-letter queue).
 */

export type AsyncInvocation<A> =
  | { readonly _tag: 'Succeeded'; readonly value: A; readonly attempts: number }
  | { readonly _tag: 'RetriesExhausted'; readonly attempts: number; readonly errorMessage: string; readonly deadLetterBody: string };

/** Sends a message to the dead-letter queue: Lambda's on-failure destination, the failed-executions rule's target. */
export type SendDeadLetter = (body: string) => TE.TaskEither<SQSSendFailed, unknown>;

export interface AsyncInvoker {
  readonly functionArn: string;
  readonly fn: LambdaFunction;
  /** Terraform's `maximum_retry_attempts` of the function's event invoke config. */
  readonly maximumRetryAttempts: number;
  readonly sendDeadLetter: SendDeadLetter;
}

/** Lambda's on-failure destination record for an asynchronous invocation whose retries ran out. */
const onFailureRecord = (functionArn: string, payload: unknown, attempts: number, errorMessage: string, now: Date) => ({
  version: '1.0',
  timestamp: now.toISOString(),
  requestContext: { functionArn, condition: 'RetriesExhausted', approximateInvokeCount: attempts },
  requestPayload: payload,
  responseContext: { statusCode: 200, functionError: 'Unhandled' },
  responsePayload: { errorMessage },
});

const attempt = <A>(fn: LambdaFunction, payload: unknown, answer: t.Decoder<unknown, A>): TE.TaskEither<string, A> =>
  pipe(
    TE.tryCatch(
      () => fn.invoke(payload),
      (error) => `the local function runner failed: ${String(error)}`,
    ),
    TE.flatMap((invocation) =>
      invocation.ok
        ? pipe(
            answer.decode(invocation.payload),
            E.mapLeft((errors) => `the function returned an unexpected answer: ${PathReporter.report(E.left(errors)).join('; ')}`),
            TE.fromEither,
          )
        : TE.left(`${invocation.errorType}: ${invocation.errorMessage}`),
    ),
  );

/**
 * One asynchronous invocation: up to 1 + maximumRetryAttempts attempts (each failed one reported), then the
 * on-failure destination. Left only when the destination itself could not be reached.
 */
export const invokeAsynchronously =
  (invoker: AsyncInvoker) =>
  <A>(payload: unknown, answer: t.Decoder<unknown, A>, onAttemptFailed: (attempt: number, message: string) => void): TE.TaskEither<SQSSendFailed, AsyncInvocation<A>> => {
    const attempts = 1 + invoker.maximumRetryAttempts;
    const from = (number: number): TE.TaskEither<SQSSendFailed, AsyncInvocation<A>> =>
      pipe(
        TE.fromTask(attempt(invoker.fn, payload, answer)),
        TE.flatMap((outcome) => {
          if (E.isRight(outcome)) return TE.right<SQSSendFailed, AsyncInvocation<A>>({ _tag: 'Succeeded', value: outcome.right, attempts: number });
          onAttemptFailed(number, outcome.left);
          if (number < attempts) return from(number + 1);
          const body = JSON.stringify(onFailureRecord(invoker.functionArn, payload, number, outcome.left, new Date()));
          return pipe(
            invoker.sendDeadLetter(body),
            TE.map((): AsyncInvocation<A> => ({ _tag: 'RetriesExhausted', attempts: number, errorMessage: outcome.left, deadLetterBody: body })),
          );
        }),
      );
    return from(1);
  };

export interface FailedExecutionRule {
  readonly account: string;
  readonly region: string;
  readonly stateMachineArn: string;
  readonly sendDeadLetter: SendDeadLetter;
}

/** The Step Functions Execution Status Change event of a failed execution, as EventBridge delivers it. */
const executionStatusChange = (rule: Pick<FailedExecutionRule, 'account' | 'region' | 'stateMachineArn'>, result: ExecutionResult, input: Json) => ({
  version: '0',
  id: result.name,
  'detail-type': 'Step Functions Execution Status Change',
  source: 'aws.states',
  account: rule.account,
  time: result.stopDate.toISOString(),
  region: rule.region,
  resources: [result.executionArn],
  detail: {
    executionArn: result.executionArn,
    stateMachineArn: rule.stateMachineArn,
    name: result.name,
    status: result.status,
    startDate: result.startDate.getTime(),
    stopDate: result.stopDate.getTime(),
    input: JSON.stringify(input),
    error: result.error,
    cause: result.cause,
  },
});

/**
 * The failed-executions rule's target: the dead-letter queue gets every FAILED execution's status change event.
 * Right: the body sent, or undefined for an execution the rule does not match.
 */
export const deadLetterFailedExecution =
  (rule: FailedExecutionRule) =>
  (result: ExecutionResult, input: Json): TE.TaskEither<SQSSendFailed, string | undefined> => {
    if (result.status !== 'FAILED') return TE.right(undefined);
    const body = JSON.stringify(executionStatusChange(rule, result, input));
    return pipe(
      rule.sendDeadLetter(body),
      TE.map(() => body),
    );
  };
