// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- asl-validator ships no types; consumers compiling this file need its declaration
/// <reference path="./asl-validator.d.ts" />
import { randomUUID } from 'node:crypto';
import aslValidator = require('asl-validator');
import {

  allStates,
  duplicateStateNames,
  isDistributedMap,
  prepareScope,
  statesOfScope,
  unsupportedConstructs,
  type Definition,
  type Json,
  type StateDefinition,
} from './asl';
import { type Counters, emptyCounters, snapshot, tallyInto, type Tally } from './counters';
import { checkDistributedMap, runMapRun, type ChildOutcome } from './distributed-map';
import { LocalRunnerConfigError, StatesError } from './errors';
import { createEventBus, type RunnerEventListener } from './events';
import { createFaultInjector, faultError, type FaultRule } from './faults';
import { errorOfRun, libraryMachine } from './library';
import {
  createClients,
  destroyClients,
  handlerFor,
  runService,
  type ClientConfigs,
  type FunctionRegistry,
  type ServiceHandler,
  type StartExecution,
} from './services';

export interface StateMachineRunnerOptions {
  /** The rendered ASL definition (JSONPath), exactly as deployed. */
  readonly definition: Definition;
  /** SDK client configurations for the emulators. */
  readonly clients?: ClientConfigs;
  /** lambda:invoke targets, by function name or ARN (functions started from their zips). */
  readonly functions?: FunctionRegistry;
  readonly faults?: readonly FaultRule[];
  /** Scales Retry intervals (IntervalSeconds, MaxDelaySeconds) and Wait Seconds; default 0.001 (1 s -> 1 ms). */
  readonly timeScale?: number;
  /**
   * Stretches every Task's TimeoutSeconds; default 10. Locally all executions share one emulator process and the SDK's
   * socket pool, so a call can wait seconds in a queue AWS does not have (200 files put at once: thousands of requests
   * queued); a timeout meant for a service's latency would fire on that wait instead.
   */
  readonly taskTimeoutScale?: number;
  readonly stateMachineName?: string;
  /** The state machine's type: its own executions are Standard (default) or Express. */
  readonly type?: 'STANDARD' | 'EXPRESS';
  /** What a states:startExecution Task starts (another runner's machine); such a Task fails without it. */
  readonly startExecution?: StartExecution;
  readonly region?: string;
  readonly accountId?: string;
  /** Children at once for a distributed Map whose MaxConcurrency is 0 or absent (AWS allows 10,000); default 16. */
  readonly maxChildConcurrency?: number;
  /** Where ResultWriter starts a new result file; default 5 MiB (AWS: 5 GB; the S3 emulator takes 11 MiB a request). */
  readonly resultFileBytes?: number;
}

export interface ExecutionResult extends ChildOutcome {
  /** What this execution did, its distributed Map children included. */
  readonly counters: Counters;
}

export interface Coverage {
  /** Every state of the definition, distributed Map processors included. */
  readonly states: readonly string[];
  readonly entered: Readonly<Record<string, number>>;
  readonly notEntered: readonly string[];
  readonly retried: Readonly<Record<string, number>>;
  readonly caught: Readonly<Record<string, number>>;
}

export interface StateMachineRunner {
  readonly stateMachineArn: string;
  /** The ARN an execution of this name gets. */
  readonly executionArn: (name: string) => string;
  readonly startExecution: (input: Json, options?: { readonly name?: string }) => Promise<ExecutionResult>;
  /** Totals over every execution this runner ran. */
  readonly counters: () => Counters;
  readonly coverage: () => Coverage;
  readonly onEvent: (listener: RunnerEventListener) => () => void;
  readonly injectFault: (rule: FaultRule) => void;
  readonly clearFaults: () => void;
  /**
   * Stops every execution running (StopExecution, as a drain): distributed Maps start no further child, the running
   * children finish, and each execution fails with the terminal States.Aborted. Executions started later run as usual.
   */
  readonly abortRunning: () => void;
  /** Releases the SDK clients (the functions belong to the caller). */
  readonly close: () => void;
}

const DEFAULT_RESULT_FILE_BYTES = 5 * 1024 * 1024;

const validationErrors = (definition: Definition): string[] => {
  const { isValid, errorsText } = aslValidator(structuredClone(definition));
  return isValid ? [] : [errorsText('\n')];
};

interface PreparedScope {
  readonly machine: ReturnType<typeof libraryMachine>;
  readonly tasks: readonly { readonly name: string; readonly resource: string; readonly handler: ServiceHandler }[];
  readonly distributedMaps: readonly { readonly name: string; readonly state: StateDefinition }[];
  readonly stateTypes: Readonly<Record<string, string>>;
}

/** Checks the whole definition up front: anything the local runner cannot run faithfully is refused loudly. */
const checkDefinition = (definition: Definition): void => {
  const problems = [
    ...validationErrors(definition).map((text) => `invalid ASL: ${text}`),
    ...duplicateStateNames(definition).map((name) => `state name ${name} is used more than once`),
    ...unsupportedConstructs(definition).map((what) => `unsupported: ${what}`),
    ...allStates(definition)
      .filter(({ state }) => state.Type === 'Task' && !handlerFor(String(state.Resource)))
      .map(({ path, state }) => `Task ${path} has Resource ${state.Resource}, which the local runner cannot dispatch`),
  ];
  if (problems.length > 0) throw new LocalRunnerConfigError(`the state machine cannot run locally:\n- ${problems.join('\n- ')}`);
  for (const { name, state } of allStates(definition)) if (isDistributedMap(state)) checkDistributedMap(name, state);
};

export const createStateMachineRunner = (options: StateMachineRunnerOptions): StateMachineRunner => {
  const { definition } = options;
  checkDefinition(definition);
  const timeScale = options.timeScale ?? 0.001;
  const taskTimeoutScale = options.taskTimeoutScale ?? 10;
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const stateMachineName = options.stateMachineName ?? 'state-machine';
  const stateMachineArn = `arn:aws:states:${region}:${accountId}:stateMachine:${stateMachineName}`;
  // An Express execution's ARN says `express` where a Standard one says `execution`.
  const executionArnOf = (name: string) =>
    `arn:aws:states:${region}:${accountId}:${options.type === 'EXPRESS' ? 'express' : 'execution'}:${stateMachineName}:${name}`;
  const clients = createClients(options.clients ?? {});
  const functions = options.functions ?? {};
  const faults = createFaultInjector(options.faults);
  const events = createEventBus();
  const totals = emptyCounters();
  let abortGeneration = 0;

  const scopes = new Map<Definition, PreparedScope>();
  const scopeOf = (scope: Definition): PreparedScope => {
    const known = scopes.get(scope);
    if (known) return known;
    const located = statesOfScope(scope);
    const prepared: PreparedScope = {
      machine: libraryMachine(prepareScope(scope, { timeScale, taskTimeoutScale })),
      // checkDefinition refused every Task without a handler before the first scope was prepared.
      tasks: located.flatMap(({ name, state }) => {
        const handler = state.Type === 'Task' ? handlerFor(String(state.Resource)) : undefined;
        return handler ? [{ name, resource: String(state.Resource), handler }] : [];
      }),
      distributedMaps: located.filter(({ state }) => isDistributedMap(state)).map(({ name, state }) => ({ name, state })),
      stateTypes: Object.fromEntries(located.map(({ name, state }) => [name, state.Type])),
    };
    scopes.set(scope, prepared);
    return prepared;
  };
  scopeOf(definition);

  interface ExecutionIds {
    readonly executionArn: string;
    readonly name: string;
    readonly kind: 'STANDARD' | 'EXPRESS';
    readonly parentArn?: string;
  }

  const dispatchTask = async (ids: ExecutionIds, tally: Tally, task: PreparedScope['tasks'][number], parameters: unknown): Promise<Json> => {
    const call = { state: task.name, resource: task.resource, parameters };
    const calledAt = performance.now();
    const durationMs = () => performance.now() - calledAt;
    let functionDurationMs: number | undefined;
    const timings = () => ({ durationMs: durationMs(), ...(functionDurationMs === undefined ? {} : { functionDurationMs }) });
    tally.add('taskCalls');
    tally.addTo('taskCallsByResource', task.resource);
    tally.addTo('taskCallsByState', task.name);
    const fail = (error: StatesError, injected: boolean): never => {
      if (injected) {
        tally.add('faultsInjected');
        events.emit({ type: 'FaultInjected', executionArn: ids.executionArn, state: task.name, resource: task.resource, error: error.error });
      }
      tally.addTo('taskErrorsByName', error.error);
      events.emit({
        type: 'TaskCall',
        executionArn: ids.executionArn,
        state: task.name,
        resource: task.resource,
        ok: false,
        error: error.error,
        request: parameters,
        ...timings(),
      });
      throw error;
    };
    const before = faults.take(call, 'before');
    if (before) return fail(faultError(before, call), true);
    const result = await runService(
      task.handler,
      parameters,
      {
        clients,
        functions,
        ...(options.startExecution ? { startExecution: options.startExecution } : {}),
        onAlert: (topicArn, subject, message) =>
          events.emit({ type: 'AlertPublished', executionArn: ids.executionArn, topicArn, ...(subject === undefined ? {} : { subject }), message }),
        onMessageSent: (queueUrl, body) => events.emit({ type: 'MessageSent', executionArn: ids.executionArn, state: task.name, queueUrl, body }),
        onFunctionRun: (ms) => {
          functionDurationMs = ms;
        },
      },
      task.resource,
    )();
    if (result._tag === 'Left') return fail(result.left, false);
    const after = faults.take(call, 'after');
    if (after) return fail(faultError(after, call), true);
    events.emit({
      type: 'TaskCall',
      executionArn: ids.executionArn,
      state: task.name,
      resource: task.resource,
      ok: true,
      request: parameters,
      response: result.right,
      ...timings(),
    });
    return result.right;
  };

  const runExecution = async (scope: Definition, input: Json, ids: ExecutionIds, parentCounters: readonly Counters[]): Promise<ChildOutcome & { counters: Counters }> => {
    const own = emptyCounters();
    const startedInGeneration = abortGeneration;
    const tally = tallyInto(own, ...parentCounters, totals);
    const prepared = scopeOf(scope);
    const startDate = new Date();
    const context = {
      Execution: { Id: ids.executionArn, Name: ids.name, RoleArn: `arn:aws:iam::${accountId}:role/local-state-machine`, StartTime: startDate.toISOString() },
      StateMachine: { Id: stateMachineArn, Name: stateMachineName },
    };
    tally.add('executionsStarted');
    if (ids.parentArn !== undefined) tally.add('childExecutionsStarted');
    events.emit({ type: 'ExecutionStarted', executionArn: ids.executionArn, kind: ids.kind, ...(ids.parentArn ? { parentArn: ids.parentArn } : {}) });

    const handlers: Record<string, (input: Json) => Promise<Json>> = {};
    for (const task of prepared.tasks) handlers[task.name] = (parameters) => dispatchTask(ids, tally, task, parameters);
    for (const { name, state } of prepared.distributedMaps)
      handlers[name] = (mapInput) =>
        runMapRun(name, state, mapInput, context, {
          ...(clients.s3 ? { s3: clients.s3 } : {}),
          region,
          accountId,
          stateMachineName,
          maxChildConcurrency: options.maxChildConcurrency ?? 16,
          resultFileBytes: options.resultFileBytes ?? DEFAULT_RESULT_FILE_BYTES,
          aborted: () => abortGeneration > startedInGeneration,
          runChild: (processor, childInput, child) =>
            runExecution(processor, childInput, { ...child, kind: 'EXPRESS', parentArn: ids.executionArn }, [own, ...parentCounters]),
          onObjectRequest: (operation, bytes) => events.emit({ type: 'ObjectRequest', executionArn: ids.executionArn, operation, bytes }),
          onStarted: (mapRunArn, items, batches) => {
            tally.add('mapRuns');
            events.emit({ type: 'MapRunStarted', executionArn: ids.executionArn, mapRunArn, state: name, items, batches });
          },
          onChildEnded: (mapRunArn, child, batch) =>
            events.emit({
              type: 'MapRunChildEnded',
              executionArn: ids.executionArn,
              mapRunArn,
              childArn: child.executionArn,
              status: child.status,
              items: batch.itemCount,
              input: batch.input,
              ...(child.output === undefined ? {} : { output: child.output }),
              ...(child.error === undefined ? {} : { error: child.error }),
            }),
          onEnded: (mapRunArn, counts, resultWriterDetails) =>
            events.emit({
              type: 'MapRunEnded',
              executionArn: ids.executionArn,
              mapRunArn,
              state: name,
              ...counts,
              ...(resultWriterDetails ? { resultWriterDetails } : {}),
            }),
        });
    const execution = prepared.machine.run(input, { overrides: { taskResourceLocalHandlers: handlers }, context });
    const consumed = (async () => {
      for await (const event of execution.eventLogs) {
        if (event.type === 'StateEntered') {
          tally.add('stateTransitions');
          tally.addTo('statesEntered', event.state.name);
          events.emit({ type: 'StateEntered', executionArn: ids.executionArn, state: event.state.name, stateType: allStateTypes[event.state.name] ?? event.state.type });
        } else if (event.type === 'StateRetried') {
          tally.add('retries');
          tally.addTo('retriesByState', event.state.name);
          events.emit({ type: 'StateRetried', executionArn: ids.executionArn, state: event.state.name, attempt: event.retry.attempt });
        } else if (event.type === 'StateCaught') {
          tally.addTo('caughtByState', event.state.name);
          events.emit({ type: 'StateCaught', executionArn: ids.executionArn, state: event.state.name });
        }
      }
    })();
    type Settled = { readonly status: 'SUCCEEDED'; readonly output: Json } | { readonly status: 'FAILED'; readonly error: string; readonly cause: string };
    const settled = await execution.result.then(
      (output): Settled => ({ status: 'SUCCEEDED', output }),
      (caught: unknown): Settled => {
        const error = errorOfRun(caught);
        return { status: 'FAILED', error: error.error, cause: error.causeText };
      },
    );
    await consumed;
    if (settled.status === 'FAILED') {
      // The library forwards an inline Map iteration's events asynchronously and drops those that arrive after the
      // execution failed: the Fail state that ended the iteration goes missing. Recover it from the error it raised.
      const failState = allStates(scope).find(
        ({ state }) => state.Type === 'Fail' && state['Error'] === settled.error && state['Cause'] === settled.cause,
      );
      if (failState && own.statesEntered[failState.name] === undefined) {
        tally.add('stateTransitions');
        tally.addTo('statesEntered', failState.name);
        events.emit({ type: 'StateEntered', executionArn: ids.executionArn, state: failState.name, stateType: 'Fail' });
      }
    }
    const stopDate = new Date();
    tally.add(settled.status === 'SUCCEEDED' ? 'executionsSucceeded' : 'executionsFailed');
    if (ids.parentArn !== undefined) tally.add(settled.status === 'SUCCEEDED' ? 'childExecutionsSucceeded' : 'childExecutionsFailed');
    events.emit({
      type: 'ExecutionEnded',
      executionArn: ids.executionArn,
      kind: ids.kind,
      status: settled.status,
      durationMs: stopDate.getTime() - startDate.getTime(),
      ...(ids.parentArn ? { parentArn: ids.parentArn } : {}),
      ...(settled.status === 'FAILED' ? { error: settled.error, cause: settled.cause } : {}),
    });
    return { executionArn: ids.executionArn, name: ids.name, ...settled, startDate, stopDate, counters: own };
  };

  const allStateTypes: Readonly<Record<string, string>> = Object.fromEntries(allStates(definition).map(({ name, state }) => [name, state.Type]));

  return {
    stateMachineArn,
    executionArn: executionArnOf,
    startExecution: async (input, startOptions = {}) => {
      const name = startOptions.name ?? randomUUID();
      const executionArn = executionArnOf(name);
      const outcome = await runExecution(definition, input, { executionArn, name, kind: options.type ?? 'STANDARD' }, []);
      return { ...outcome, counters: snapshot(outcome.counters) };
    },
    counters: () => snapshot(totals),
    coverage: () => {
      const states = Object.keys(allStateTypes);
      return {
        states,
        entered: { ...totals.statesEntered },
        notEntered: states.filter((state) => !totals.statesEntered[state]),
        retried: { ...totals.retriesByState },
        caught: { ...totals.caughtByState },
      };
    },
    onEvent: events.on,
    abortRunning: () => {
      abortGeneration += 1;
    },
    injectFault: faults.add,
    clearFaults: faults.clear,
    close: () => destroyClients(clients),
  };
};

