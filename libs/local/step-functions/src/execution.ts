import { allStates, type Definition, type Json } from './asl';
import { type Counters, countEvent, emptyCounters } from './counters';
import { runMapRun, type ChildOutcome, type MapRunEnvironment } from './distributed-map';
import { errorOfRun, type libraryMachine } from './library';
import type { ExecutionFrame, ExecutionIds, PreparedScope, RunnerContext } from './runner-context';
import { dispatchTask } from './task-dispatch';

type Settled = { readonly status: 'SUCCEEDED'; readonly output: Json } | { readonly status: 'FAILED'; readonly error: string; readonly cause: string };
type LibraryExecution = ReturnType<ReturnType<typeof libraryMachine>['run']>;

/** Reports ExecutionStarted; the execution's events count into its own counters, its parents' and the runner's totals. */
const startFrame = (runner: RunnerContext, ids: ExecutionIds, parentCountedIn: readonly Counters[]): ExecutionFrame => {
  const own = emptyCounters();
  const countedIn = [own, ...parentCountedIn];
  const startDate = new Date();
  const frame: ExecutionFrame = {
    ids,
    own,
    countedIn,
    report: (event) => {
      for (const counters of countedIn) countEvent(counters, event);
      runner.events.emit(event);
    },
    startedInGeneration: runner.aborts.generation,
    startDate,
    context: {
      Execution: { Id: ids.executionArn, Name: ids.name, RoleArn: `arn:aws:iam::${runner.accountId}:role/local-state-machine`, StartTime: startDate.toISOString() },
      StateMachine: { Id: runner.stateMachineArn, Name: runner.stateMachineName },
    },
  };
  frame.report({ type: 'ExecutionStarted', executionArn: ids.executionArn, kind: ids.kind, ...(ids.parentArn ? { parentArn: ids.parentArn } : {}) });
  return frame;
};

/** The local handlers the library calls for this scope's Tasks and distributed Maps. */
const stateHandlers = (runner: RunnerContext, frame: ExecutionFrame, prepared: PreparedScope): Record<string, (input: Json) => Promise<Json>> => {
  const environment: MapRunEnvironment = {
    runner,
    frame,
    runChild: (processor, input, ids) => runExecution(runner, processor, input, ids, frame.countedIn),
  };
  return Object.fromEntries([
    ...prepared.tasks.map((task) => [task.name, (parameters: Json) => dispatchTask(runner, frame, task, parameters)] as const),
    ...prepared.distributedMaps.map(({ name, state }) => [name, (input: Json) => runMapRun(name, state, input, environment)] as const),
  ]);
};

/** Counts and reports the states the library entered, retried and caught. */
const followStates = async (frame: ExecutionFrame, eventLogs: LibraryExecution['eventLogs']): Promise<void> => {
  for await (const event of eventLogs) {
    if (event.type === 'StateEntered' || event.type === 'StateRetried' || event.type === 'StateCaught')
      frame.report({ type: event.type, executionArn: frame.ids.executionArn, state: event.state.name });
  }
};

const settle = (result: Promise<Json>): Promise<Settled> =>
  result.then(
    (output): Settled => ({ status: 'SUCCEEDED', output }),
    (caught: unknown): Settled => {
      const error = errorOfRun(caught);
      return { status: 'FAILED', error: error.error, cause: error.causeText };
    },
  );

/**
 * The library forwards an inline Map iteration's events asynchronously and drops those that arrive after the
 * execution failed: the Fail state that ended the iteration goes missing. Recovers it from the error it raised.
 */
const recoverLostFailState = (frame: ExecutionFrame, scope: Definition, failed: Extract<Settled, { status: 'FAILED' }>): void => {
  const failState = allStates(scope).find(({ state }) => state.Type === 'Fail' && state['Error'] === failed.error && state['Cause'] === failed.cause);
  if (!failState || frame.own.statesEntered[failState.name] !== undefined) return;
  frame.report({ type: 'StateEntered', executionArn: frame.ids.executionArn, state: failState.name });
};

const endFrame = (frame: ExecutionFrame, settled: Settled, stopDate: Date): void => {
  const { ids } = frame;
  frame.report({
    type: 'ExecutionEnded',
    executionArn: ids.executionArn,
    kind: ids.kind,
    status: settled.status,
    durationMs: stopDate.getTime() - frame.startDate.getTime(),
    ...(ids.parentArn ? { parentArn: ids.parentArn } : {}),
    ...(settled.status === 'FAILED' ? { error: settled.error, cause: settled.cause } : {}),
  });
};

/** Runs one execution of a scope (the definition, or a distributed Map's processor for a child) to its end. */
export const runExecution = async (
  runner: RunnerContext,
  scope: Definition,
  input: Json,
  ids: ExecutionIds,
  parentCountedIn: readonly Counters[],
): Promise<ChildOutcome & { readonly counters: Counters }> => {
  const frame = startFrame(runner, ids, parentCountedIn);
  const prepared = runner.scopeOf(scope);
  const execution = prepared.machine.run(input, { overrides: { taskResourceLocalHandlers: stateHandlers(runner, frame, prepared) }, context: frame.context });
  const followed = followStates(frame, execution.eventLogs);
  const settled = await settle(execution.result);
  await followed;
  if (settled.status === 'FAILED') recoverLostFailState(frame, scope, settled);
  const stopDate = new Date();
  endFrame(frame, settled, stopDate);
  return { executionArn: ids.executionArn, name: ids.name, ...settled, startDate: frame.startDate, stopDate, counters: frame.own };
};
