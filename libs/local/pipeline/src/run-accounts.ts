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

const observe = (accounts: { readonly ledger: ExecutionLedger; readonly progress: (event: Progress) => void }, deployment: LocalDeployment, verbose: boolean) =>
  (event: RunnerEvent) => {
    const { rejectedOrders, deadLetter } = deployment.queues;
    accounts.ledger.observe(event);
    if (event.type === 'AlertPublished')
      accounts.progress({ _tag: 'AlertPublished', message: event.message, verbose, ...(event.subject === undefined ? {} : { subject: event.subject }) });
    if (event.type === 'MessageSent' && event.queueUrl === rejectedOrders.url) accounts.progress({ _tag: 'Rejected', body: event.body });
    if (event.type === 'MessageSent' && event.queueUrl === deadLetter.url) accounts.progress({ _tag: 'DeadLettered', body: event.body });
  };

const summarise = (ledger: ExecutionLedger, ticks: number, reported: ReadonlyMap<Progress['_tag'], number>, runners: readonly StateMachineRunner[], startedAt: number): Summary => {
  const records = ledger.records();
  const sum = (of: (record: ExecutionRecord) => number) => records.reduce((total, record) => total + of(record), 0);
  return {
    ticks,
    files: reported.get('FileArrived') ?? 0,
    filesRejected: records.filter((r) => r.fileRejected).length,
    ordersRead: sum((r) => r.ordersRead),
    ordersStored: sum((r) => r.tally.stored),
    ordersRejected: sum((r) => r.tally.rejected),
    ordersDuplicate: sum((r) => r.tally.duplicate),
    ordersFailed: sum((r) => r.tally.failed),
    alerts: reported.get('AlertPublished') ?? 0,
    executionsSucceeded: records.filter((r) => r.result.status === 'SUCCEEDED').length,
    executionsFailed: records.filter((r) => r.result.status === 'FAILED').length,
    deadLettersLost: reported.get('DeadLetterLost') ?? 0,
    stateTransitions: runners.reduce((total, runner) => total + runner.counters().stateTransitions, 0),
    elapsedMs: Date.now() - startedAt,
  };
};

export const joinRunnerEvents =
  (runners: readonly StateMachineRunner[]) =>
  (listener: (event: RunnerEvent) => void): (() => void) => {
    const detachAll = runners.map((each) => each.onEvent(listener));
    return () => detachAll.forEach((detachOne) => detachOne());
  };

/**
 * What a run keeps count of: the executions' ledger, the ticks, and what was reported (the summary's files, alerts
 * and lost dead letters are the FileArrived, AlertPublished and DeadLetterLost reports).
 */
export const openRunAccounts = (deployment: LocalDeployment, options: AccountsOptions) => {
  const reported = new Map<Progress['_tag'], number>();
  let ticks = 0;
  const progress = (event: Progress) => {
    reported.set(event._tag, (reported.get(event._tag) ?? 0) + 1);
    options.onProgress?.(formatProgress(event));
  };
  const ledger = createExecutionLedger({
    recordOutcomes: options.recordOutcomes ?? true,
    onUnreadable: (child) => progress({ _tag: 'UnreadableChild', ...child }),
  });
  return {
    ledger,
    progress,
    countTick: () => (ticks += 1),
    observe: observe({ ledger, progress }, deployment, options.verbose ?? false),
    summary: (runners: readonly StateMachineRunner[]): Summary => summarise(ledger, ticks, reported, runners, options.startedAt),
  };
};

export type RunAccounts = Readonly<ReturnType<typeof openRunAccounts>>;
