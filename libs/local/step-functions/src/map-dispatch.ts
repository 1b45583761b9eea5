import type { Definition, Json, StateDefinition } from './asl';
import { runMapRun, type ChildOutcome, type MapRunEnvironment } from './distributed-map';
import type { ExecutionFrame, ExecutionIds, RunnerContext } from './runner-context';

export type RunChild = (processor: Definition, input: Json, ids: ExecutionIds) => Promise<ChildOutcome>;

/** The Map Run's view of the runner: where it reads and writes, its limits, and the events it reports. */
const mapRunEnvironment = (runner: RunnerContext, frame: ExecutionFrame, runChild: RunChild): MapRunEnvironment => {
  const { executionArn } = frame.ids;
  const { events } = runner;
  return {
    ...(runner.clients.s3 ? { s3: runner.clients.s3 } : {}),
    region: runner.region,
    accountId: runner.accountId,
    stateMachineName: runner.stateMachineName,
    resultFileBytes: runner.resultFileBytes,
    aborted: () => runner.aborts.generation > frame.startedInGeneration,
    runChild: (processor, childInput, child) => runChild(processor, childInput, { ...child, kind: 'EXPRESS', parentArn: executionArn }),
    onObjectRequest: (operation, bytes) => events.emit({ type: 'ObjectRequest', executionArn, operation, bytes }),
    onStarted: (items) => {
      frame.tally.add('mapRuns');
      events.emit({ type: 'MapRunStarted', executionArn, items });
    },
    onChildEnded: (child, batch) =>
      events.emit({
        type: 'MapRunChildEnded',
        executionArn,
        childArn: child.executionArn,
        status: child.status,
        items: batch.itemCount,
        input: batch.input,
        ...(child.output === undefined ? {} : { output: child.output }),
      }),
  };
};

/** A distributed Map state of this execution, run as a Map Run whose children are executions of the processor. */
export const dispatchDistributedMap =
  (runner: RunnerContext, frame: ExecutionFrame, name: string, state: StateDefinition, runChild: RunChild) =>
  (input: Json): Promise<Json> =>
    runMapRun(name, state, input, frame.context, mapRunEnvironment(runner, frame, runChild));
