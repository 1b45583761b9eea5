import { allStates, type Definition, type Json } from './asl';
import { type Counters, emptyCounters, tallyInto } from './counters';
import type { ChildOutcome } from './distributed-map';
import { errorOfRun, type libraryMachine } from './library';
import { dispatchDistributedMap } from './map-dispatch';
import type { ExecutionFrame, ExecutionIds, PreparedScope, RunnerContext } from './runner-context';
import { dispatchTask } from './task-dispatch';

type Settled = { readonly status: 'SUCCEEDED'; readonly output: Json } | { readonly status: 'FAILED'; readonly error: string; readonly cause: string };
type LibraryExecution = ReturnType<ReturnType<typeof libraryMachine>['run']>;

/** Counts the execution in and reports ExecutionStarted; its counters feed its parents' and the runner's totals. */
const startFrame = (runner: RunnerContext, ids: ExecutionIds, parentCounters: readonly Counters[]): ExecutionFrame => {
  const own = emptyCounters();
  const startDate = new Date();
  const frame: ExecutionFrame = {
    ids,
    own,
    parentCounters,
    tally: tallyInto(own, ...parentCounters, runner.totals),
    startedInGeneration: runner.aborts.generation,
    startDate,
    context: {
      Execution: { Id: ids.executionArn, Name: ids.name, RoleArn: `arn:aws:iam::${runner.accountId}:role/local-state-machine`, StartTime: startDate.toISOString() },
      StateMachine: { Id: runner.stateMachineArn, Name: runner.stateMachineName },
    },
  };
  frame.tally.add('executionsStarted');
  if (ids.parentArn !== undefined) frame.tally.add('childExecutionsStarted');
  runner.events.emit({ type: 'ExecutionStarted', executionArn: ids.executionArn, kind: ids.kind, ...(ids.parentArn ? { parentArn: ids.parentArn } : {}) });
  return frame;
};

/** The local handlers the library calls for this scope's Tasks and distributed Maps. */
const stateHandlers = (runner: RunnerContext, frame: ExecutionFrame, prepared: PreparedScope): Record<string, (input: Json) => Promise<Json>> => {
  const runChild = (processor: Definition, input: Json, ids: ExecutionIds) => runExecution(runner, processor, input, ids, [frame.own, ...frame.parentCounters]);
  return Object.fromEntries([
    ...prepared.tasks.map((task) => [task.name, (parameters: Json) => dispatchTask(runner, frame, task, parameters)] as const),
    ...prepared.distributedMaps.map(({ name, state }) => [name, dispatchDistributedMap(runner, frame, name, state, runChild)] as const),
  ]);
};

/** Counts and reports the states the library entered, retried and caught. */
const followStates = async (runner: RunnerContext, frame: ExecutionFrame, eventLogs: LibraryExecution['eventLogs']): Promise<void> => {
  const { tally } = frame;
  const { executionArn } = frame.ids;
  for await (const event of eventLogs) {
    if (event.type === 'StateEntered') {
      tally.add('stateTransitions');
      tally.addTo('statesEntered', event.state.name);
      runner.events.emit({ type: 'StateEntered', executionArn, state: event.state.name });
    } else if (event.type === 'StateRetried') {
      tally.add('retries');
      tally.addTo('retriesByState', event.state.name);
      runner.events.emit({ type: 'StateRetried', executionArn, state: event.state.name });
    } else if (event.type === 'StateCaught') {
      tally.addTo('caughtByState', event.state.name);
    }
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
const recoverLostFailState = (runner: RunnerContext, frame: ExecutionFrame, scope: Definition, failed: Extract<Settled, { status: 'FAILED' }>): void => {
  const failState = allStates(scope).find(({ state }) => state.Type === 'Fail' && state['Error'] === failed.error && state['Cause'] === failed.cause);
  if (!failState || frame.own.statesEntered[failState.name] !== undefined) return;
  frame.tally.add('stateTransitions');
  frame.tally.addTo('statesEntered', failState.name);
  runner.events.emit({ type: 'StateEntered', executionArn: frame.ids.executionArn, state: failState.name });
};

/** Counts the execution's end and reports ExecutionEnded. */
const endFrame = (runner: RunnerContext, frame: ExecutionFrame, settled: Settled, stopDate: Date): void => {
  const { ids, tally } = frame;
  tally.add(settled.status === 'SUCCEEDED' ? 'executionsSucceeded' : 'executionsFailed');
  if (ids.parentArn !== undefined) tally.add(settled.status === 'SUCCEEDED' ? 'childExecutionsSucceeded' : 'childExecutionsFailed');
  runner.events.emit({
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
  parentCounters: readonly Counters[],
): Promise<ChildOutcome & { readonly counters: Counters }> => {
  const frame = startFrame(runner, ids, parentCounters);
  const prepared = runner.scopeOf(scope);
  const execution = prepared.machine.run(input, { overrides: { taskResourceLocalHandlers: stateHandlers(runner, frame, prepared) }, context: frame.context });
  const followed = followStates(runner, frame, execution.eventLogs);
  const settled = await settle(execution.result);
  await followed;
  if (settled.status === 'FAILED') recoverLostFailState(runner, frame, scope, settled);
  const stopDate = new Date();
  endFrame(runner, frame, settled, stopDate);
  return { executionArn: ids.executionArn, name: ids.name, ...settled, startDate: frame.startDate, stopDate, counters: frame.own };
};
