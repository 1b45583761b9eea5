const byName = (): Record<string, number> => ({});

/** Raw figures for a summary and a cost estimate: what ran, how often, and how it ended. */
export const emptyCounters = () => ({
  executionsStarted: 0,
  executionsSucceeded: 0,
  executionsFailed: 0,
  /** Distributed Map children (Express executions), also counted in executions*. */
  childExecutionsStarted: 0,
  childExecutionsSucceeded: 0,
  childExecutionsFailed: 0,
  mapRuns: 0,
  /** StateEntered events: a Standard workflow bills one transition per state entered (local count, not the bill). */
  stateTransitions: 0,
  statesEntered: byName(),
  taskCalls: 0,
  taskCallsByResource: byName(),
  taskCallsByState: byName(),
  taskErrorsByName: byName(),
  retries: 0,
  retriesByState: byName(),
  caughtByState: byName(),
  faultsInjected: 0,
});

export type Counters = ReturnType<typeof emptyCounters>;

type NumberKey = { [K in keyof Counters]: Counters[K] extends number ? K : never }[keyof Counters];
type MapKey = { [K in keyof Counters]: Counters[K] extends Record<string, number> ? K : never }[keyof Counters];

/** Counts into several sets at once (an execution's own, its parent's, the runner's total). */
export interface Tally {
  readonly add: (key: NumberKey) => void;
  readonly addTo: (key: MapKey, name: string) => void;
}

export const tallyInto = (...targets: readonly Counters[]): Tally => ({
  add: (key) => {
    for (const target of targets) target[key] += 1;
  },
  addTo: (key, name) => {
    for (const target of targets) target[key][name] = (target[key][name] ?? 0) + 1;
  },
});

export const snapshot = (counters: Counters): Counters => structuredClone(counters);
