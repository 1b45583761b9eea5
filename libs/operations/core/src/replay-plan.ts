import { ALERT_PUBLISHED_NOT_MARKED } from '@sales-pipeline/orders-domain';
import type { DeadLetter, FileVersion } from './dead-letter';

/** How a dead letter is replayed; each is safe to repeat (conditional writes, deterministic rejection ids). */
export type ReplayPlan =
  /** Start an execution with an Object Created event for the file version: its orders go through again. */
  | { readonly _tag: 'RerunFileVersion'; readonly file: FileVersion }
  /** Start an execution with the event the rule could not deliver. */
  | { readonly _tag: 'StartWithEvent'; readonly event: unknown }
  /** RedriveExecution; when the execution cannot be redriven, a new execution with its stored input. */
  | { readonly _tag: 'RedriveExecution'; readonly executionArn: string; readonly input: string | null }
  /** The order's alert went out, its mark failed for good: mark the stored item alerted (a re-run of its file would not). */
  | { readonly _tag: 'MarkOrderAlerted'; readonly orderId: string }
  /** Hand the zone writer the batch again: it rewrites the batch's zone objects (the same keys and rows). */
  | { readonly _tag: 'RewriteZone'; readonly file: FileVersion; readonly batch: unknown }
  /** Invoke the generator again for the scheduled time (its file is seeded by that time: the same orders, stored once). */
  | { readonly _tag: 'InvokeGenerator'; readonly scheduledTime: string }
  | { readonly _tag: 'CannotReplay'; readonly reason: string };

export const replayPlan = (deadLetter: DeadLetter): ReplayPlan => {
  switch (deadLetter.kind) {
    case 'order-failed':
      return deadLetter.failure.error === ALERT_PUBLISHED_NOT_MARKED && deadLetter.orderId !== null
        ? { _tag: 'MarkOrderAlerted', orderId: deadLetter.orderId }
        : { _tag: 'RerunFileVersion', file: deadLetter.file };
    case 'batch-failed':
    case 'file-failed':
      return { _tag: 'RerunFileVersion', file: deadLetter.file };
    case 'zone-write-failed':
      return { _tag: 'RewriteZone', file: deadLetter.file, batch: deadLetter.batch };
    case 'rule-target-failed':
      return { _tag: 'StartWithEvent', event: deadLetter.event };
    case 'execution-failed':
      return { _tag: 'RedriveExecution', executionArn: deadLetter.executionArn, input: deadLetter.input };
    case 'lambda-on-failure':
    case 'scheduler-dead-letter':
      return deadLetter.scheduledTime === null
        ? { _tag: 'CannotReplay', reason: 'the dead letter names no scheduledTime to generate for' }
        : { _tag: 'InvokeGenerator', scheduledTime: deadLetter.scheduledTime };
    case 'unrecognised':
      return { _tag: 'CannotReplay', reason: `unrecognised message: ${deadLetter.reason}` };
  }
};

const fileName = (file: FileVersion): string => `s3://${file.bucket}/${file.key}${file.versionId === null ? '' : ` (version ${file.versionId})`}`;

/** What a redrive will do, in an operator's words. */
export const describePlan = (plan: ReplayPlan): string => {
  switch (plan._tag) {
    case 'RerunFileVersion':
      return `re-run ${fileName(plan.file)}: start an execution for it (stored orders stay as they are, the missing ones are stored)`;
    case 'StartWithEvent':
      return 'start an execution with the event the rule could not deliver';
    case 'RewriteZone':
      return `write the analytics zone of a batch of ${fileName(plan.file)} again (its orders are stored; the same objects are rewritten)`;
    case 'MarkOrderAlerted':
      return `mark order ${plan.orderId} alerted (its alert went out; the mark had failed): no e-mail is sent again`;
    case 'RedriveExecution':
      return `redrive execution ${plan.executionArn} from its failed state (or, when it cannot be redriven, start a new execution with its input)`;
    case 'InvokeGenerator':
      return `invoke the sales generator for scheduled time ${plan.scheduledTime}`;
    case 'CannotReplay':
      return `cannot replay: ${plan.reason}; the message stays`;
  }
};

/** One line naming what failed, without any order content. */
export const describeDeadLetter = (deadLetter: DeadLetter): string => {
  switch (deadLetter.kind) {
    case 'order-failed':
      return `order #${deadLetter.index}${deadLetter.orderId === null ? '' : ` (${deadLetter.orderId})`} of ${fileName(deadLetter.file)}`;
    case 'batch-failed':
      return `batch of ${deadLetter.indexes.length} orders (#${deadLetter.indexes[0] ?? '?'}…#${deadLetter.indexes.at(-1) ?? '?'}) of ${fileName(deadLetter.file)}`;
    case 'file-failed':
      return `small order file ${fileName(deadLetter.file)}`;
    case 'zone-write-failed':
      return `zone write of a batch of ${fileName(deadLetter.file)}`;
    case 'rule-target-failed':
      return `rule ${deadLetter.ruleArn} could not start ${deadLetter.targetArn}`;
    case 'execution-failed':
      return `execution ${deadLetter.executionArn} ${deadLetter.status}`;
    case 'lambda-on-failure':
      return `${deadLetter.functionArn} failed for scheduled time ${deadLetter.scheduledTime ?? '(none)'}`;
    case 'scheduler-dead-letter':
      return `schedule ${deadLetter.scheduleArn} could not invoke its target for ${deadLetter.scheduledTime ?? '(none)'}`;
    case 'unrecognised':
      return deadLetter.reason;
  }
};

export const describeFailure = (deadLetter: DeadLetter): string =>
  deadLetter.kind === 'unrecognised' ? '' : `${deadLetter.failure.error}${deadLetter.failure.cause === undefined ? '' : `: ${deadLetter.failure.cause}`}`;
