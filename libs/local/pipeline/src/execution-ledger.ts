import type { ExecutionResult, RunnerEvent } from '@sales-pipeline/local-step-functions';
import { OrderFileOutput, OrderOutcome, RejectedFileMessage } from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/PathReporter';

/** What happened to the orders of one execution, counted as its children ended (the Express entry's, as it ended). */
export interface OrderTally {
  readonly stored: number;
  /** Rejected with reasons: invalid, conflicting with a stored order, or refused by the table. */
  readonly rejected: number;
  readonly duplicate: number;
  /** Retries ran out (on the dead-letter queue), or the execution failed before the order's batch ended. */
  readonly failed: number;
  /** Of a child whose output is not one outcome per order: nobody can say what happened to them. */
  readonly unreadable: number;
  readonly alerted: number;
}

export interface ExecutionRecord {
  readonly key: string;
  readonly versionId?: string;
  readonly result: ExecutionResult;
  readonly ordersRead: number;
  readonly tally: OrderTally;
  /** Each order's outcome, when the pipeline was started with `recordOutcomes` (tests); empty otherwise. */
  readonly outcomes: readonly OrderOutcome[];
  /** The execution sent a file-rejected message: the file as a whole is not a JSON array of orders. */
  readonly fileRejected: boolean;
  /** The Express entry handed the file to the Standard machine (its StartExecution succeeded): that execution reads and accounts its orders. */
  readonly handedOver: boolean;
}

/** A child whose output the ledger cannot read as outcomes: reported, and its orders stay unaccounted for. */
interface UnreadableChild {
  readonly executionArn: string;
  readonly childArn: string;
  readonly items: number;
  readonly problem: string;
}

interface OpenExecution {
  readonly key: string;
  readonly versionId?: string;
  readonly startedAt: number;
  ordersRead: number;
  /** The runner said how many orders the file holds (a Map run started, or the validator batched the file). */
  ordersKnown: boolean;
  fileRejected: boolean;
  handedOver: boolean;
  readonly tally: { -readonly [K in keyof OrderTally]: number };
  readonly outcomes: OrderOutcome[];
}

/** The summary's four ends of an order: a conflicting or refused order is rejected with its reasons. */
const endOf = (outcome: OrderOutcome['outcome']): 'stored' | 'rejected' | 'duplicate' | 'failed' =>
  outcome === 'conflict' || outcome === 'refused' ? 'rejected' : outcome;

const ChildOutput = t.array(OrderOutcome);
/** What the Express entry's validator read of a small file returns (in a lambda:invoke result). */
const OrderFileRead = t.type({ Payload: OrderFileOutput });
/** The Express entry's StartExecution of the Standard machine, which then reads and accounts the file's orders. */
const HAND_OVER = 'arn:aws:states:::states:startExecution';
/** The Express entry's output: each batch's outcomes, as a distributed-Map child outputs them. */
const SmallFileOutput = t.type({ outcomes: t.array(ChildOutput) });
const IndexedBatch = t.type({ Items: t.array(t.type({ index: t.number })) });

/** A failed execution's orders without an outcome (their batch never ended, or the file was never read): failed. */
const unfinishedOutcomes = (ordersRead: number, outcomes: readonly OrderOutcome[]): OrderOutcome[] => {
  const ended = new Set(outcomes.map((outcome) => outcome.index));
  return Array.from({ length: ordersRead }, (_, index) => index)
    .filter((index) => !ended.has(index))
    .map((index): OrderOutcome => ({ index, outcome: 'failed', alerted: false }));
};

const done = (tally: OrderTally) => tally.stored + tally.rejected + tally.duplicate + tally.failed + tally.unreadable;

type ChildEnded = Extract<RunnerEvent, { readonly type: 'MapRunChildEnded' }>;

interface LedgerOptions {
  readonly recordOutcomes: boolean;
  readonly onUnreadable: (child: UnreadableChild) => void;
}

const openExecution = (file: { readonly key: string; readonly versionId?: string }): OpenExecution => ({
  ...file,
  startedAt: Date.now(),
  ordersRead: 0,
  ordersKnown: false,
  fileRejected: false,
  handedOver: false,
  tally: { stored: 0, rejected: 0, duplicate: 0, failed: 0, unreadable: 0, alerted: 0 },
  outcomes: [],
});

const count = (execution: OpenExecution, outcome: OrderOutcome, recordOutcomes: boolean): void => {
  execution.tally[endOf(outcome.outcome)] += 1;
  if (outcome.alerted) execution.tally.alerted += 1;
  if (recordOutcomes) execution.outcomes.push(outcome);
};

/** What the runner says of the file: how many orders it holds, that it was handed over, or rejected as a whole. */
const observeFile = (execution: OpenExecution, event: RunnerEvent): void => {
  if (event.type === 'MapRunStarted') {
    execution.ordersRead += event.items;
    execution.ordersKnown = true;
  }
  if (event.type === 'TaskCall' && event.ok) {
    const read = OrderFileRead.decode(event.response);
    if (E.isRight(read)) {
      execution.ordersRead += read.right.Payload.batches.reduce((sum, batch) => sum + batch.Items.length, 0);
      // A hand-over answer holds no batches: the file's orders are known once the Standard execution that reads them has started.
      execution.ordersKnown = !read.right.Payload.handOver;
    }
    if (event.resource === HAND_OVER) execution.handedOver = execution.ordersKnown = true;
  }
  if (event.type === 'MessageSent' && E.isRight(RejectedFileMessage.decode(parseJson(event.body)))) execution.fileRejected = true;
};

/** A child of a Map Run ended: its orders' outcomes are counted, or all its orders failed, or it is reported unreadable. */
const observeChildEnded = (execution: OpenExecution, event: ChildEnded, options: LedgerOptions): void => {
  if (event.status === 'FAILED') {
    // A child that failed as a whole: its orders end with the failed execution, on the dead-letter queue.
    execution.tally.failed += event.items;
    const batch = IndexedBatch.decode(event.input);
    if (options.recordOutcomes && E.isRight(batch))
      execution.outcomes.push(...batch.right.Items.map(({ index }): OrderOutcome => ({ index, outcome: 'failed', alerted: false })));
    return;
  }
  const outcomes = ChildOutput.decode(event.output);
  if (E.isLeft(outcomes) || outcomes.right.length !== event.items) {
    execution.tally.unreadable += event.items;
    options.onUnreadable({
      executionArn: event.executionArn,
      childArn: event.childArn,
      items: event.items,
      problem: E.isLeft(outcomes)
        ? `its output is not a list of order outcomes: ${PathReporter.report(outcomes).slice(0, 3).join('; ')}`
        : `${outcomes.right.length} outcomes for a batch of ${event.items} orders`,
    });
    return;
  }
  for (const outcome of outcomes.right) count(execution, outcome, options.recordOutcomes);
};

/** The record of an ended execution: a small file's outcomes (in its output) counted, a failed execution's unfinished orders failed. */
const closeExecution = (execution: OpenExecution, result: ExecutionResult, ordersInFile: number | undefined, recordOutcomes: boolean): ExecutionRecord => {
  if (!execution.ordersKnown && result.status === 'FAILED' && ordersInFile !== undefined) execution.ordersRead = ordersInFile;
  const smallFile = result.status === 'SUCCEEDED' ? SmallFileOutput.decode(result.output) : undefined;
  if (smallFile && E.isRight(smallFile)) for (const outcome of smallFile.right.outcomes.flat()) count(execution, outcome, recordOutcomes);
  const { startedAt: _startedAt, ordersKnown: _ordersKnown, tally, ...record } = execution;
  const unfinished = result.status === 'FAILED' ? Math.max(0, execution.ordersRead - done(tally)) : 0;
  if (recordOutcomes && unfinished > 0) execution.outcomes.push(...unfinishedOutcomes(execution.ordersRead, execution.outcomes));
  return { ...record, result, tally: { ...tally, failed: tally.failed + unfinished } };
};

/**
 * The execution ledger: counts what happened to every order of every execution from the runner's events, as they
 * happen (O(1) per event, no file or queue read back). An execution that fails late keeps the outcomes its children
 * reported; the orders it read whose batch never ended are counted failed (the failed execution is on the
 * dead-letter queue, and replaying the file is safe).
 */
export const createExecutionLedger = (options: LedgerOptions) => {
  const open = new Map<string, OpenExecution>();
  const closed: ExecutionRecord[] = [];
  return {
    observe: (event: RunnerEvent): void => {
      const execution = open.get(event.executionArn);
      if (!execution) return;
      if (event.type === 'MapRunChildEnded') observeChildEnded(execution, event, options);
      else observeFile(execution, event);
    },
    /** Opens the ledger of an execution before it starts, so none of its events is missed. */
    begin: (executionArn: string, file: { readonly key: string; readonly versionId?: string }): void => {
      open.set(executionArn, openExecution(file));
    },
    /**
     * True when the execution failed before the runner said how many orders its file holds (the small-file read or
     * batching failed, the file's preparation failed, every ItemReader read failed): `finish` needs them counted.
     */
    failedUncounted: (result: ExecutionResult): boolean => result.status === 'FAILED' && open.get(result.executionArn)?.ordersKnown === false,
    /**
     * Closes an execution's ledger with its result; a failed execution's unfinished orders are counted failed. An
     * execution that failed before its file was read counts the orders the file holds (`ordersInFile`) as read and failed.
     */
    finish: (result: ExecutionResult, ordersInFile?: number): ExecutionRecord => {
      const record = closeExecution(open.get(result.executionArn) ?? openExecution({ key: '?' }), result, ordersInFile, options.recordOutcomes);
      open.delete(result.executionArn);
      closed.push(record);
      return record;
    },
    running: () =>
      [...open].map(([executionArn, execution]) => ({
        name: executionArn.split(':').pop() ?? executionArn,
        key: execution.key,
        startedAt: execution.startedAt,
        ordersRead: execution.ordersRead,
        ordersDone: done(execution.tally),
      })),
    records: (): readonly ExecutionRecord[] => closed,
  };
};

export type ExecutionLedger = ReturnType<typeof createExecutionLedger>;

export const parseJson = (text: string): unknown => E.toUnion(E.tryCatch((): unknown => JSON.parse(text), () => undefined));
