/** Raw figures for a summary and a cost estimate: what ran, how often, and how it ended. */
export interface Counters {
  executionsStarted: number;
  executionsSucceeded: number;
  executionsFailed: number;
  /** Distributed Map children (Express executions), also counted in executions*. */
  childExecutionsStarted: number;
  childExecutionsSucceeded: number;
  childExecutionsFailed: number;
  mapRuns: number;
  /** StateEntered events: a Standard workflow bills one transition per state entered (local count, not the bill). */
  stateTransitions: number;
  statesEntered: Record<string, number>;
  taskCalls: number;
  taskCallsByResource: Record<string, number>;
  taskCallsByState: Record<string, number>;
  taskErrorsByName: Record<string, number>;
  retries: number;
  retriesByState: Record<string, number>;
  caughtByState: Record<string, number>;
  faultsInjected: number;
}

export const emptyCounters = (): Counters => ({
  executionsStarted: 0,
  executionsSucceeded: 0,
  executionsFailed: 0,
  childExecutionsStarted: 0,
  childExecutionsSucceeded: 0,
  childExecutionsFailed: 0,
  mapRuns: 0,
  stateTransitions: 0,
  statesEntered: {},
  taskCalls: 0,
  taskCallsByResource: {},
  taskCallsByState: {},
  taskErrorsByName: {},
  retries: 0,
  retriesByState: {},
  caughtByState: {},
  faultsInjected: 0,
});

type NumberKey = { [K in keyof Counters]: Counters[K] extends number ? K : never }[keyof Counters];
type MapKey = { [K in keyof Counters]: Counters[K] extends Record<string, number> ? K : never }[keyof Counters];

/** Counts into several sets at once (an execution's own, its parent's, the runner's total). */
export interface Tally {
  readonly add: (key: NumberKey, by?: number) => void;
  readonly addTo: (key: MapKey, name: string) => void;
}

export const tallyInto = (...targets: readonly Counters[]): Tally => ({
  add: (key, by = 1) => {
    for (const target of targets) target[key] += by;
  },
  addTo: (key, name) => {
    for (const target of targets) target[key][name] = (target[key][name] ?? 0) + 1;
  },
});

export const snapshot = (counters: Counters): Counters => structuredClone(counters);
