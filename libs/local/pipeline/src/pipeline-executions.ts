import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSSendFailed } from '@sales-pipeline/aws-adapters';
import type { LocalDeployment } from '@sales-pipeline/local-deployment';
import { objectCreatedRule, type CompiledPattern, type InFlight } from '@sales-pipeline/local-events';
import type { ExecutionResult, Json, StateMachineRunner } from '@sales-pipeline/local-step-functions';
import { ObjectCreatedEvent } from '@sales-pipeline/pipeline-contracts';
import * as E from 'fp-ts/Either';
import type * as TE from 'fp-ts/TaskEither';
import type { ExecutionRecord } from './execution-ledger';
import { ordersInFile } from './orders-in-file';
import type { RunAccounts } from './run-accounts';

export interface ExecutionContext {
  readonly deployment: LocalDeployment;
  readonly accounts: RunAccounts;
  /** Reads an order file whose execution failed before reading it (its orders count as failed). */
  readonly s3: S3Client;
  readonly inFlight: InFlight;
}

/** A started execution: its ARN at once, its record when it has ended (and been dead-lettered if it failed). */
export interface StartedExecution {
  readonly executionArn: string;
  readonly done: Promise<ExecutionRecord>;
}

const fileOf = (event: ObjectCreatedEvent) => {
  const { key } = event.detail.object;
  const versionId = event.detail.object['version-id'];
  return { key, ...(versionId ? { versionId } : {}) };
};

/** Closes the execution's ledger; one that failed before its file was read counts the file's orders as failed. */
const finish = async ({ accounts: { ledger }, s3 }: ExecutionContext, result: ExecutionResult, event: ObjectCreatedEvent): Promise<ExecutionRecord> =>
  ledger.finish(result, ledger.failedUncounted(result) ? await ordersInFile(s3, { bucket: event.detail.bucket.name, ...fileOf(event) }) : undefined);

/**
 * The executions of one machine, each accounted in the ledger from before it starts (so none of its events is
 * missed) and in flight until its record is done. `deadLetter` is the failed-executions rule, for the Standard
 * machine; an Express execution emits no status-change event, so no rule dead-letters it (its own states do).
 */
export const executionsOf = (
  context: ExecutionContext,
  machine: StateMachineRunner,
  deadLetter?: (result: ExecutionResult, input: Json) => TE.TaskEither<SQSSendFailed, string | undefined>,
) => {
  const { accounts } = context;
  const start = (event: ObjectCreatedEvent): StartedExecution => {
    const name = randomUUID();
    accounts.ledger.begin(machine.executionArn(name), fileOf(event));
    const input: Json = JSON.parse(JSON.stringify(event));
    const done = context.inFlight.track(
      (async () => {
        const result = await machine.startExecution(input, { name });
        const record = await finish(context, result, event);
        const sent = deadLetter === undefined ? E.right(undefined) : await deadLetter(result, input)();
        if (E.isLeft(sent)) accounts.progress({ _tag: 'DeadLetterLost', what: `the failed execution ${result.name}`, message: sent.left.message });
        else if (sent.right !== undefined) accounts.progress({ _tag: 'DeadLettered', body: sent.right });
        accounts.progress({ _tag: 'ExecutionEnded', record });
        return record;
      })(),
    );
    return { executionArn: machine.executionArn(name), done };
  };
  return {
    start,
    /** A rule's target: the file arrived, its execution runs to its end. */
    execute: async (event: ObjectCreatedEvent): Promise<void> => {
      accounts.progress({ _tag: 'FileArrived', ...fileOf(event) });
      await start(event).done;
    },
  };
};

/**
 * The Express entry's hand-over port (StartExecution of the Standard machine, which runs on: fire and forget). The
 * runner's port is a Promise: a rejection is the Task's error.
 */
export const handOverTo =
  (runner: StateMachineRunner, start: (event: ObjectCreatedEvent) => StartedExecution) =>
  async (stateMachineArn: string, input: Json) => {
    if (stateMachineArn !== runner.stateMachineArn) throw new Error(`no state machine ${stateMachineArn} runs locally`);
    if (!ObjectCreatedEvent.is(input)) throw new Error('the hand-over input is not an Object Created event');
    return { executionArn: start(input).executionArn, startDate: new Date() };
  };

/** A rule of the deployment, starting its target for every Object Created event its pattern matches. */
export const ruleStarting = ({ deployment, accounts, inFlight }: ExecutionContext, pattern: CompiledPattern, execution: (event: ObjectCreatedEvent) => Promise<void>) =>
  objectCreatedRule({
    pattern,
    account: deployment.account,
    region: deployment.region,
    partition: deployment.partition,
    target: (event) => inFlight.track(execution(event)),
    onTargetError: (error, event) => accounts.progress({ _tag: 'TargetFailed', key: event.detail.object.key, message: String(error) }),
  });
