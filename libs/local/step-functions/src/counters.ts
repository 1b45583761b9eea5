import type { RunnerEvent } from './events';

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

type MapKey = { [K in keyof Counters]: Counters[K] extends Record<string, number> ? K : never }[keyof Counters];

const addTo = (counters: Counters, key: MapKey, name: string): void => {
  counters[key][name] = (counters[key][name] ?? 0) + 1;
};

/** The counters are a fold of the runner's events: what one event adds to them. */
export const countEvent = (counters: Counters, event: RunnerEvent): void => {
  switch (event.type) {
    case 'ExecutionStarted':
      counters.executionsStarted += 1;
      if (event.parentArn !== undefined) counters.childExecutionsStarted += 1;
      return;
    case 'ExecutionEnded': {
      const succeeded = event.status === 'SUCCEEDED';
      counters[succeeded ? 'executionsSucceeded' : 'executionsFailed'] += 1;
      if (event.parentArn !== undefined) counters[succeeded ? 'childExecutionsSucceeded' : 'childExecutionsFailed'] += 1;
      return;
    }
    case 'StateEntered':
      counters.stateTransitions += 1;
      return addTo(counters, 'statesEntered', event.state);
    case 'StateRetried':
      counters.retries += 1;
      return addTo(counters, 'retriesByState', event.state);
    case 'StateCaught':
      return addTo(counters, 'caughtByState', event.state);
    case 'TaskCall':
      counters.taskCalls += 1;
      addTo(counters, 'taskCallsByResource', event.resource);
      addTo(counters, 'taskCallsByState', event.state);
      if (event.error !== undefined) addTo(counters, 'taskErrorsByName', event.error);
      return;
    case 'FaultInjected':
      counters.faultsInjected += 1;
      return;
    case 'MapRunStarted':
      counters.mapRuns += 1;
      return;
    default:
      return;
  }
};

export const snapshot = (counters: Counters): Counters => structuredClone(counters);
