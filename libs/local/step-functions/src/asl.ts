/**
 * The subset of the Amazon States Language (JSONPath flavour) that the local runner reads itself; everything else is
 * passed through to aws-local-stepfunctions untouched.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}

interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
}

export interface StateDefinition {
  Type: string;
  Resource?: string;
  Parameters?: JsonObject;
  ItemSelector?: JsonObject;
  Retry?: Retrier[];
  Catch?: Catcher[];
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Seconds?: number;
  ItemProcessor?: Definition;
  Iterator?: Definition;
  Branches?: Definition[];
  ItemReader?: JsonObject;
  ItemBatcher?: JsonObject;
  ResultWriter?: JsonObject;
  ItemsPath?: string;
  MaxConcurrency?: number;
  MaxConcurrencyPath?: string;
  ToleratedFailureCount?: number;
  ToleratedFailurePercentage?: number;
  ToleratedFailureCountPath?: string;
  ToleratedFailurePercentagePath?: string;
  Label?: string;
  [field: string]: unknown;
}

export interface Definition {
  StartAt: string;
  States: Record<string, StateDefinition>;
  ProcessorConfig?: { Mode?: string; ExecutionType?: string };
  QueryLanguage?: string;
  TimeoutSeconds?: number;
  Comment?: string;
  [field: string]: unknown;
}

/** A state found anywhere in a definition, with where it sits (for error messages and coverage). */
export interface LocatedState {
  readonly name: string;
  readonly state: StateDefinition;
  readonly path: string;
}

export const isDistributedMap = (state: StateDefinition): boolean =>
  state.Type === 'Map' && (state.ItemProcessor ?? state.Iterator)?.ProcessorConfig?.Mode === 'DISTRIBUTED';

const processorOf = (state: StateDefinition): Definition | undefined => state.ItemProcessor ?? state.Iterator;

/**
 * Every state of one execution scope: the top level, inline Map processors and Parallel branches (those run inside
 * the same execution); a distributed Map's processor is a scope of its own (its children are separate executions).
 */
export const statesOfScope = (definition: Definition, path = ''): LocatedState[] =>
  Object.entries(definition.States).flatMap(([name, state]) => {
    const here: LocatedState = { name, state, path: `${path}/${name}` };
    const processor = processorOf(state);
    const nested =
      state.Type === 'Map' && processor && !isDistributedMap(state)
        ? statesOfScope(processor, `${path}/${name}`)
        : state.Type === 'Parallel'
          ? (state.Branches ?? []).flatMap((branch, i) => statesOfScope(branch, `${path}/${name}[${i}]`))
          : [];
    return [here, ...nested];
  });

/** Every state of the whole definition, distributed Map processors included. */
export const allStates = (definition: Definition, path = ''): LocatedState[] =>
  statesOfScope(definition, path).flatMap((located) => {
    const processor = processorOf(located.state);
    return isDistributedMap(located.state) && processor ? [located, ...allStates(processor, located.path)] : [located];
  });

/** Fields that aws-local-stepfunctions ignores silently: refusing them is better than running something else. */
const unsupportedStateFields = ['Assign', 'Arguments', 'Output', 'Items', 'QueryLanguage', 'Credentials', 'HeartbeatSeconds', 'HeartbeatSecondsPath'];

export const unsupportedConstructs = (definition: Definition): string[] => {
  const top = definition.QueryLanguage && definition.QueryLanguage !== 'JSONPath' ? [`QueryLanguage ${definition.QueryLanguage}`] : [];
  const perState = allStates(definition).flatMap(({ state, path }) => {
    const fields = unsupportedStateFields
      .filter((field) => field in state && !(field === 'QueryLanguage' && state[field] === 'JSONPath'))
      .map((field) => `${path}: ${field}`);
    const processor = processorOf(state);
    const inProcessor =
      processor?.QueryLanguage && processor.QueryLanguage !== 'JSONPath' ? [`${path}: QueryLanguage ${processor.QueryLanguage}`] : [];
    return [...fields, ...inProcessor, ...wrongHashes(state, path)];
  });
  return [...top, ...perState];
};

// aws-local-stepfunctions 3.0.0 hashes inputs of 56 bytes or more wrongly (its own SHA padding): a local run would
// produce ids that AWS never would. Refused rather than emulated wrongly.
const WRONG_HASH = /States\.Hash\(/;
const wrongHashes = (state: StateDefinition, path: string): string[] => {
  const { ItemProcessor: _processor, Iterator: _iterator, ...own } = state as StateDefinition & { ItemProcessor?: unknown; Iterator?: unknown };
  return WRONG_HASH.test(JSON.stringify(own))
    ? [`${path}: States.Hash (aws-local-stepfunctions 3.0.0 computes wrong digests for inputs of 56 bytes or more)`]
    : [];
};

/** State names must be unique in the whole machine (AWS's rule); the library keys its Task overrides by name. */
export const duplicateStateNames = (definition: Definition): string[] => {
  const seen = new Map<string, number>();
  for (const { name } of allStates(definition)) seen.set(name, (seen.get(name) ?? 0) + 1);
  return [...seen].filter(([, count]) => count > 1).map(([name]) => name);
};

const DISTRIBUTED_MAP_RESOURCE = 'arn:aws:states:::local:distributed-map';
// setTimeout overflows past 2^31-1 ms; AWS's default Task timeout (99999999 s) is out of reach anyway.
const UNBOUNDED_TASK_TIMEOUT_SECONDS = 2_000_000;
const NEVER_MATCHES = 'Local.NeverMatches';

export interface ScaleOptions {
  /** Factor applied to Retry IntervalSeconds/MaxDelaySeconds and Wait Seconds (1 = real time). */
  readonly timeScale: number;
  /** Factor applied to a Task's TimeoutSeconds (1 = as written). */
  readonly taskTimeoutScale: number;
}

const scaleRetrier = (retrier: Retrier, { timeScale }: ScaleOptions): Retrier => ({
  ...retrier,
  IntervalSeconds: (retrier.IntervalSeconds ?? 1) * timeScale,
  ...(retrier.MaxDelaySeconds !== undefined ? { MaxDelaySeconds: retrier.MaxDelaySeconds * timeScale } : {}),
});

/**
 * What the library executes for one execution scope: Retry and Wait timings scaled, AWS's Task timeout default
 * restored, and every distributed Map replaced by a Task that the runner dispatches (the library would run it as an
 * inline Map and silently drop ItemReader, ItemBatcher and ResultWriter).
 */
export const prepareScope = (definition: Definition, options: ScaleOptions): Definition => ({
  ...definition,
  States: Object.fromEntries(
    Object.entries(definition.States).map(([name, state]) => [name, prepareState(state, options)]),
  ),
});

const prepareState = (state: StateDefinition, options: ScaleOptions): StateDefinition => {
  const retry = state.Retry ? { Retry: state.Retry.map((retrier) => scaleRetrier(retrier, options)) } : {};
  switch (state.Type) {
    case 'Task':
      return {
        ...state,
        ...retry,
        ...(state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined
          ? { TimeoutSeconds: UNBOUNDED_TASK_TIMEOUT_SECONDS }
          : {}),
        ...(state.TimeoutSeconds === undefined ? {} : { TimeoutSeconds: state.TimeoutSeconds * options.taskTimeoutScale }),
      };
    case 'Wait':
      return state.Seconds !== undefined ? { ...state, Seconds: state.Seconds * options.timeScale } : state;
    case 'Parallel':
      return { ...state, ...retry, Branches: (state.Branches ?? []).map((branch) => prepareScope(branch, options)) };
    case 'Map': {
      if (isDistributedMap(state)) return distributedMapAsTask(state, retry);
      const processor = processorOf(state);
      return processor
        ? { ...state, ...retry, ItemProcessor: prepareScope(processor, options), Iterator: undefined }
        : { ...state, ...retry };
    }
    default:
      return state;
  }
};

// States.TaskFailed is a wildcard for Task states only: keep it from matching the Map's errors once it is a Task.
const withoutTaskWildcard = <T extends { ErrorEquals: string[] }>(rules: T[] | undefined): T[] | undefined =>
  rules?.map((rule) => ({
    ...rule,
    ErrorEquals: rule.ErrorEquals.map((name) => (name === 'States.TaskFailed' ? NEVER_MATCHES : name)),
  }));

const distributedMapAsTask = (state: StateDefinition, retry: { Retry?: Retrier[] }): StateDefinition => {
  const kept = Object.fromEntries(
    ['Comment', 'InputPath', 'ResultSelector', 'ResultPath', 'OutputPath', 'Next', 'End'].filter((f) => f in state).map((f) => [f, state[f]]),
  );
  return {
    ...kept,
    Type: 'Task',
    Resource: DISTRIBUTED_MAP_RESOURCE,
    TimeoutSeconds: UNBOUNDED_TASK_TIMEOUT_SECONDS,
    ...(retry.Retry ? { Retry: withoutTaskWildcard(retry.Retry) } : {}),
    ...(state.Catch ? { Catch: withoutTaskWildcard(state.Catch) } : {}),
  };
};
