import { serviceAction, type RunnerEvent } from '@sales-pipeline/local-step-functions';

/**
 * Counts the runner's FaultInjected events, from the moment it is attached to a pipeline's event stream: the faults
 * injected so far, by the action they hit and the error they raised (what a rule of the campaign aims at).
 */
export const tallyFaults = (onRunnerEvent: (listener: (event: RunnerEvent) => void) => () => void) => {
  const counts = new Map<string, number>();
  onRunnerEvent((event) => {
    if (event.type !== 'FaultInjected') return;
    const key = `${serviceAction(event.resource)} (${event.state}): ${event.error}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  return {
    total: () => [...counts.values()].reduce((sum, count) => sum + count, 0),
    byRule: (): Readonly<Record<string, number>> => Object.fromEntries([...counts].sort((a, b) => b[1] - a[1])),
  };
};

/** The summary's lines for the faults: the total, then one line per action, state and error, most first. */
export const formatFaultTally = (tally: ReturnType<typeof tallyFaults>): string[] => [
  `  faults injected       ${tally.total()}`,
  ...Object.entries(tally.byRule()).map(([rule, count]) => `    ${String(count).padStart(6)}  ${rule}`),
];
