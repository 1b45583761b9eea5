import * as E from 'fp-ts/Either';
import type { Json } from './asl';
import type { StatesError } from './errors';
import { faultError } from './faults';
import type { ExecutionFrame, PreparedTask, RunnerContext } from './runner-context';
import { runService, type ServiceContext } from './services';

/**
 * One Task call: an injected fault before or after it, else the service; reported (and so counted) as a TaskCall
 * event. Rejects with the StatesError the Task fails with (the library's Retry/Catch see it).
 */
export const dispatchTask = async (runner: RunnerContext, frame: ExecutionFrame, task: PreparedTask, parameters: unknown): Promise<Json> => {
  const { executionArn } = frame.ids;
  const call = { state: task.name, resource: task.resource, parameters };
  const calledAt = performance.now();
  let functionDurationMs: number | undefined;
  const timings = () => ({ durationMs: performance.now() - calledAt, ...(functionDurationMs === undefined ? {} : { functionDurationMs }) });
  const fail = (error: StatesError, injected: boolean): never => {
    if (injected) frame.report({ type: 'FaultInjected', executionArn, state: task.name, resource: task.resource, error: error.error });
    frame.report({ type: 'TaskCall', executionArn, state: task.name, resource: task.resource, ok: false, error: error.error, request: parameters, ...timings() });
    throw error;
  };
  const before = runner.faults.take(call, 'before');
  if (before) return fail(faultError(before, call), true);
  const context: ServiceContext = {
    ...runner,
    onAlert: (topicArn, subject, message) => frame.report({ type: 'AlertPublished', executionArn, topicArn, ...(subject === undefined ? {} : { subject }), message }),
    onMessageSent: (queueUrl, body) => frame.report({ type: 'MessageSent', executionArn, state: task.name, queueUrl, body }),
    onFunctionRun: (ms) => {
      functionDurationMs = ms;
    },
  };
  const result = await runService(task.handler, parameters, context, task.resource)();
  if (E.isLeft(result)) return fail(result.left, false);
  const after = runner.faults.take(call, 'after');
  if (after) return fail(faultError(after, call), true);
  frame.report({ type: 'TaskCall', executionArn, state: task.name, resource: task.resource, ok: true, request: parameters, response: result.right, ...timings() });
  return result.right;
};
