import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Queue } from '@sales-pipeline/aws-adapters';
import type { LocalDeployment } from '@sales-pipeline/local-deployment';
import { objectCreatedRule, type CompiledPattern, type InFlight } from '@sales-pipeline/local-events';
import type { ExecutionResult, Json, StateMachineRunner } from '@sales-pipeline/local-step-functions';
import { ObjectCreatedEvent } from '@sales-pipeline/pipeline-contracts';
import * as E from 'fp-ts/Either';
import type { ExecutionRecord } from './execution-ledger';
import { deadLetterFailedExecution } from './failure-paths';
import { ordersInFile } from './orders-in-file';
import type { RunAccounts } from './run-accounts';

/** What starting and accounting an execution needs. */
export interface ExecutionContext {
  readonly deployment: LocalDeployment;
  readonly accounts: RunAccounts;
  /** Reads an order file whose execution failed before reading it (its orders count as failed). */
  readonly s3: S3Client;
  readonly inFlight: InFlight;
}

/** A started Standard execution: its ARN at once, its record when it has ended (and been dead-lettered if it failed). */
export interface StartedExecution {
  readonly executionArn: string;
  readonly done: Promise<ExecutionRecord>;
}

const fileOf = (event: ObjectCreatedEvent) => {
  const { key } = event.detail.object;
  const versionId = event.detail.object['version-id'];
  return { key, ...(versionId ? { versionId } : {}) };
};

/** One execution of a machine for an order file's event, accounted in the ledger from before it starts. */
const beginExecution = ({ accounts }: ExecutionContext, machine: StateMachineRunner, event: ObjectCreatedEvent) => {
  const name = randomUUID();
  accounts.ledger.begin(machine.executionArn(name), fileOf(event));
  const input: Json = JSON.parse(JSON.stringify(event));
  return { executionArn: machine.executionArn(name), input, result: machine.startExecution(input, { name }) };
};

/** Closes the execution's ledger; one that failed before its file was read counts the file's orders as failed. */
const finish = async ({ accounts: { ledger }, s3 }: ExecutionContext, result: ExecutionResult, event: ObjectCreatedEvent): Promise<ExecutionRecord> =>
  ledger.finish(result, ledger.failedUncounted(result) ? await ordersInFile(s3, { bucket: event.detail.bucket.name, ...fileOf(event) }) : undefined);

const arrived = ({ accounts }: ExecutionContext, event: ObjectCreatedEvent): ObjectCreatedEvent => {
  accounts.countFile();
  accounts.progress({ _tag: 'FileArrived', ...fileOf(event) });
  return event;
};

const ended = ({ accounts }: ExecutionContext, record: ExecutionRecord): ExecutionRecord => {
  accounts.progress({ _tag: 'ExecutionEnded', record });
  return record;
};

/** Standard executions, and the failed-executions rule that dead-letters the ones that fail. */
export const standardExecutions = (context: ExecutionContext, runner: StateMachineRunner, queue: Queue) => {
  const { deployment, accounts } = context;
  const sendFailedExecution = deadLetterFailedExecution({
    account: deployment.account,
    region: deployment.region,
    stateMachineArn: runner.stateMachineArn,
    queue,
    deadLetterQueueUrl: deployment.queues.deadLetter.url,
  });
  const start = (event: ObjectCreatedEvent): StartedExecution => {
    const started = beginExecution(context, runner, event);
    const done = (async () => {
      const result = await started.result;
      const record = await finish(context, result, event);
      const sent = await sendFailedExecution(result, started.input)();
      if (E.isLeft(sent)) accounts.lostDeadLetter(`the failed execution ${result.name}`, sent.left.message);
      else if (sent.right !== undefined) accounts.progress({ _tag: 'DeadLettered', body: sent.right });
      return ended(context, record);
    })();
    return { executionArn: started.executionArn, done };
  };
  return {
    start,
    /** The object-created rule's target. */
    execute: async (event: ObjectCreatedEvent): Promise<void> => void (await start(arrived(context, event)).done),
  };
};

/**
 * The Express entry's hand-over port (StartExecution of the Standard machine, which runs on: fire and forget). The
 * runner's port is a Promise: a rejection is the Task's error.
 */
export const handOverTo =
  (runner: StateMachineRunner, start: (event: ObjectCreatedEvent) => StartedExecution, inFlight: InFlight) =>
  async (stateMachineArn: string, input: Json) => {
    if (stateMachineArn !== runner.stateMachineArn) throw new Error(`no state machine ${stateMachineArn} runs locally`);
    if (!ObjectCreatedEvent.is(input)) throw new Error('the hand-over input is not an Object Created event');
    const started = start(input);
    void inFlight.track(started.done);
    return { executionArn: started.executionArn, startDate: new Date() };
  };

/** An Express execution: no status-change event, so no rule dead-letters it (its own states do). */
export const smallFileExecution =
  (context: ExecutionContext, smallFileRunner: StateMachineRunner) =>
  async (event: ObjectCreatedEvent): Promise<void> => {
    const result: ExecutionResult = await beginExecution(context, smallFileRunner, arrived(context, event)).result;
    ended(context, await finish(context, result, event));
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
