import type { LocalDeployment } from '@sales-pipeline/local-deployment';
import type { RunnerEvent, StateMachineRunner } from '@sales-pipeline/local-step-functions';
import { createExecutionLedger, type ExecutionLedger, type ExecutionRecord } from './execution-ledger';
import { formatProgress, type Progress } from './progress';
import { type Summary } from './summary';

export interface AccountsOptions {
  readonly onProgress?: (line: string) => void;
  readonly verbose?: boolean;
  readonly recordOutcomes?: boolean;
  readonly startedAt: number;
}

const observe = (accounts: { readonly ledger: ExecutionLedger; readonly progress: (event: Progress) => void }, deployment: LocalDeployment, verbose: boolean, counts: { alerts: number }) =>
  (event: RunnerEvent) => {
    const { rejectedOrders, deadLetter } = deployment.queues;
    accounts.ledger.observe(event);
    if (event.type === 'AlertPublished') {
      counts.alerts += 1;
      accounts.progress({ _tag: 'AlertPublished', message: event.message, verbose, ...(event.subject === undefined ? {} : { subject: event.subject }) });
    }
    if (event.type === 'MessageSent' && event.queueUrl === rejectedOrders.url) accounts.progress({ _tag: 'Rejected', body: event.body });
    if (event.type === 'MessageSent' && event.queueUrl === deadLetter.url) accounts.progress({ _tag: 'DeadLettered', body: event.body });
  };

const summarise = (ledger: ExecutionLedger, counts: { readonly ticks: number; readonly files: number; readonly alerts: number; readonly deadLettersLost: number }, runners: readonly StateMachineRunner[], startedAt: number): Summary => {
  const records = ledger.records();
  const sum = (of: (record: ExecutionRecord) => number) => records.reduce((total, record) => total + of(record), 0);
  return {
    ticks: counts.ticks,
    files: counts.files,
    filesRejected: records.filter((r) => r.fileRejected).length,
    ordersRead: sum((r) => r.ordersRead),
    ordersStored: sum((r) => r.tally.stored),
    ordersRejected: sum((r) => r.tally.rejected),
    ordersDuplicate: sum((r) => r.tally.duplicate),
    ordersFailed: sum((r) => r.tally.failed),
    alerts: counts.alerts,
    executionsSucceeded: records.filter((r) => r.result.status === 'SUCCEEDED').length,
    executionsFailed: records.filter((r) => r.result.status === 'FAILED').length,
    deadLettersLost: counts.deadLettersLost,
    stateTransitions: runners.reduce((total, runner) => total + runner.counters().stateTransitions, 0),
    elapsedMs: Date.now() - startedAt,
  };
};

/** The runners' events, as one stream. */
export const joinRunnerEvents =
  (runners: readonly StateMachineRunner[]) =>
  (listener: (event: RunnerEvent) => void): (() => void) => {
    const detachAll = runners.map((each) => each.onEvent(listener));
    return () => detachAll.forEach((detachOne) => detachOne());
  };

/** What a run keeps count of: the executions' ledger, ticks, files, alerts and lost dead letters (none at first). */
export const openRunAccounts = (deployment: LocalDeployment, options: AccountsOptions) => {
  const progress = (event: Progress) => options.onProgress?.(formatProgress(event));
  const ledger = createExecutionLedger({
    recordOutcomes: options.recordOutcomes ?? true,
    onUnreadable: (child) => progress({ _tag: 'UnreadableChild', ...child }),
  });
  const counts = { ticks: 0, files: 0, alerts: 0, deadLettersLost: 0 };
  return {
    ledger,
    progress,
    countTick: () => (counts.ticks += 1),
    countFile: () => void (counts.files += 1),
    /** A dead-letter message the failure paths could not send: something is lost, so the run is a technical failure. */
    lostDeadLetter: (what: string, message: string) => {
      counts.deadLettersLost += 1;
      progress({ _tag: 'DeadLetterLost', what, message });
    },
    /** Feed it every runner event. */
    observe: observe({ ledger, progress }, deployment, options.verbose ?? false, counts),
    summary: (runners: readonly StateMachineRunner[]): Summary => summarise(ledger, counts, runners, options.startedAt),
  };
};

export type RunAccounts = Readonly<ReturnType<typeof openRunAccounts>>;
