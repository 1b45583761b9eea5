import type { AwsCallFailed, QueueReader, StateMachineExecutions } from '@sales-pipeline/aws-adapters';
import type { OrderDocuments } from '@sales-pipeline/aws-adapters/order-documents';
import * as TE from 'fp-ts/TaskEither';
import type { FileVersion, QueuedMessage } from './dead-letter';

export interface DeadLetterQueue {
  readonly url: string;
  /** Every message, hidden from other readers until `release` or `remove` (or the visibility timeout). */
  readonly receiveAll: () => TE.TaskEither<AwsCallFailed, readonly QueuedMessage[]>;
  /** Visible again at once. */
  readonly release: (messages: readonly QueuedMessage[]) => TE.TaskEither<AwsCallFailed, void>;
  readonly remove: (message: QueuedMessage) => TE.TaskEither<AwsCallFailed, void>;
}

/** How long received messages stay hidden while a command works on them (a redrive waits for each replay). */
const HIDDEN_SECONDS = 300;

export const deadLetterQueueOn = (reader: QueueReader, url: string): DeadLetterQueue => ({
  url,
  receiveAll: () => reader.receiveAll(url, HIDDEN_SECONDS),
  release: (messages) => (messages.length === 0 ? TE.right(undefined) : reader.release(url, messages.map((message) => message.receiptHandle))),
  remove: (message) => reader.remove(url, message.receiptHandle),
});

/** The state machine's executions: on AWS the Step Functions API, in a local run its in-process runner. */
export type Executions = StateMachineExecutions;

/** The sales generator, invoked for one scheduled time; what it wrote. */
export interface Generator {
  readonly invoke: (scheduledTime: string) => TE.TaskEither<AwsCallFailed, { readonly written: string }>;
}

/** The Object Created event the rule would have delivered for a file version (the state machine's input shape). */
export type FileVersionEvent = (file: FileVersion) => TE.TaskEither<AwsCallFailed, unknown>;

/** The zone writer, handed a zone-write-failed dead letter's batch again; what it wrote. */
export interface ZoneRewriter {
  readonly rewrite: (batch: unknown) => TE.TaskEither<AwsCallFailed, string>;
}

export interface Replayers {
  readonly executions: Executions;
  readonly generator: Generator;
  readonly fileVersionEvent: FileVersionEvent;
  /** The orders table, for an alert that went out but was never marked. */
  readonly orders: Pick<OrderDocuments, 'markAlerted'>;
  readonly zone: ZoneRewriter;
}

/** Errors of RedriveExecution after which a fresh execution with the stored input is the replay. */
export const NotRedrivableErrors: readonly string[] = ['ExecutionNotRedrivable', 'ExecutionDoesNotExist', 'RedriveUnsupported'];

/** What a replayer that cannot run here answers (e.g. Step Functions from a second process locally). */
export const unavailable =
  (operation: string, resource: string, why: string, errorName = 'Unavailable') =>
  (): TE.TaskEither<AwsCallFailed, never> =>
    TE.left({ _tag: 'AwsCallFailed', operation, resource, errorName, message: why });

export const awsCallText = (error: AwsCallFailed): string => `${error.operation} ${error.resource} failed: ${error.errorName}: ${error.message}`;

