import { isDistributedMap, prepareScope, statesOfScope, allStates, type Definition, type StateDefinition } from './asl';
import { type Counters, emptyCounters } from './counters';
import { createEventBus, type RunnerEvent } from './events';
import { createFaultInjector, type FaultRule } from './faults';
import { libraryMachine } from './library';
import { createClients, handlerFor, type ClientConfigs, type FunctionRegistry, type ServiceHandler, type StartExecution } from './services';

export interface StateMachineRunnerOptions {
  /** The rendered ASL definition (JSONPath), exactly as deployed. */
  readonly definition: Definition;
  /** SDK client configurations for the emulators. */
  readonly clients?: ClientConfigs;
  /** lambda:invoke targets, by function name or ARN (functions started from their zips). */
  readonly functions?: FunctionRegistry;
  readonly faults?: readonly FaultRule[];
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
  /** Where ResultWriter starts a new result file; default 5 MiB (AWS: 5 GB; the S3 emulator takes 11 MiB a request). */
  readonly resultFileBytes?: number;
}

/** A scope (the definition or a distributed Map's processor) ready to run: its machine and the states it dispatches. */
export interface PreparedScope {
  readonly machine: ReturnType<typeof libraryMachine>;
  readonly tasks: readonly PreparedTask[];
  readonly distributedMaps: readonly { readonly name: string; readonly state: StateDefinition }[];
}

export interface PreparedTask {
  readonly name: string;
  readonly resource: string;
  readonly handler: ServiceHandler;
}

/** One execution in flight: who it is, what it counts into, and the context object its states see as `$$`. */
export interface ExecutionFrame {
  readonly ids: ExecutionIds;
  readonly own: Counters;
  /** Where its events are counted: its own counters, its parents' (a Map child counts into its parent's too), the runner's totals. */
  readonly countedIn: readonly Counters[];
  /** Counts an event of this execution and emits it to the runner's listeners. */
  readonly report: (event: RunnerEvent) => void;
  readonly startedInGeneration: number;
  readonly startDate: Date;
  readonly context: Record<string, unknown>;
}

export interface ExecutionIds {
  readonly executionArn: string;
  readonly name: string;
  readonly kind: 'STANDARD' | 'EXPRESS';
  readonly parentArn?: string;
}

const DEFAULT_RESULT_FILE_BYTES = 5 * 1024 * 1024;
/** Retry intervals (IntervalSeconds, MaxDelaySeconds) and Wait Seconds run in local time: 1 s -> 1 ms. */
const TIME_SCALE = 0.001;

/** Prepares each scope once, on first use (the library machine, its Task handlers and its distributed Maps). */
const scopeCache = (timing: { readonly timeScale: number; readonly taskTimeoutScale: number }): ((scope: Definition) => PreparedScope) => {
  const scopes = new Map<Definition, PreparedScope>();
  return (scope) => {
    const known = scopes.get(scope);
    if (known) return known;
    const located = statesOfScope(scope);
    const prepared: PreparedScope = {
      machine: libraryMachine(prepareScope(scope, timing)),
      // checkDefinition refused every Task without a handler before the first scope was prepared.
      tasks: located.flatMap(({ name, state }) => {
        const handler = state.Type === 'Task' ? handlerFor(String(state.Resource)) : undefined;
        return handler ? [{ name, resource: String(state.Resource), handler }] : [];
      }),
      distributedMaps: located.filter(({ state }) => isDistributedMap(state)).map(({ name, state }) => ({ name, state })),
    };
    scopes.set(scope, prepared);
    return prepared;
  };
};

/** Everything a runner's executions share, fixed when the runner is created (only `aborts` and `totals` change). */
export const createRunnerContext = (settings: StateMachineRunnerOptions) => {
  const region = settings.region ?? 'us-east-1';
  const accountId = settings.accountId ?? '000000000000';
  const stateMachineName = settings.stateMachineName ?? 'state-machine';
  const scopeOf = scopeCache({ timeScale: TIME_SCALE, taskTimeoutScale: settings.taskTimeoutScale ?? 10 });
  scopeOf(settings.definition);
  return {
    definition: settings.definition,
    region,
    accountId,
    stateMachineName,
    stateMachineArn: `arn:aws:states:${region}:${accountId}:stateMachine:${stateMachineName}`,
    type: settings.type ?? 'STANDARD',
    clients: createClients(settings.clients ?? {}),
    functions: settings.functions ?? {},
    ...(settings.startExecution ? { startExecution: settings.startExecution } : {}),
    faults: createFaultInjector(settings.faults),
    events: createEventBus(),
    totals: emptyCounters(),
    /** Raised by abortRunning: an execution started in an earlier generation starts no further Map child. */
    aborts: { generation: 0 },
    resultFileBytes: settings.resultFileBytes ?? DEFAULT_RESULT_FILE_BYTES,
    stateNames: allStates(settings.definition).map(({ name }) => name),
    scopeOf,
  };
};

export type RunnerContext = Readonly<ReturnType<typeof createRunnerContext>>;

/** An Express execution's ARN says `express` where a Standard one says `execution`. */
export const executionArnOf = (context: RunnerContext, name: string): string =>
  `arn:aws:states:${context.region}:${context.accountId}:${context.type === 'EXPRESS' ? 'express' : 'execution'}:${context.stateMachineName}:${name}`;
