import * as RA from 'fp-ts/ReadonlyArray';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as T from 'fp-ts/Task';
import * as TE from 'fp-ts/TaskEither';
import { classifyDeadLetter, type DeadLetter, type DeadLetterKind, type QueuedMessage } from './dead-letter';
import type { AwsCallFailed } from '@sales-pipeline/aws-adapters';
import { awsCallText, NotRedrivableErrors, type DeadLetterQueue, type Replayers } from './ports';
import { replayPlan, type ReplayPlan } from './replay-plan';

export interface InspectedDeadLetter {
  readonly message: QueuedMessage;
  readonly deadLetter: DeadLetter;
  readonly plan: ReplayPlan;
}

const inspect = (message: QueuedMessage): InspectedDeadLetter => {
  const deadLetter = classifyDeadLetter(message);
  return { message, deadLetter, plan: replayPlan(deadLetter) };
};

/** Every dead letter with what a redrive would do; the messages stay on the queue, visible. */
export const listDeadLetters = (queue: DeadLetterQueue): TE.TaskEither<AwsCallFailed, readonly InspectedDeadLetter[]> =>
  pipe(
    queue.receiveAll(),
    TE.tap((messages) => queue.release(messages)),
    TE.map((messages) => messages.map(inspect)),
  );

export type RedriveOutcome =
  /** Replayed and deleted. */
  | { readonly _tag: 'Replayed'; readonly detail: string }
  | { readonly _tag: 'WouldReplay' }
  | { readonly _tag: 'Kept'; readonly reason: string }
  /** Not of the requested kind; left alone. */
  | { readonly _tag: 'Skipped' };

export interface RedriveResult extends InspectedDeadLetter {
  readonly outcome: RedriveOutcome;
}

export interface RedriveOptions {
  /** Only these kinds; all when absent. */
  readonly kinds?: readonly DeadLetterKind[];
  readonly dryRun?: boolean;
}

const failedText = awsCallText;

/** The replay of one plan: what was started, or why not. */
const replay =
  (replayers: Replayers) =>
  (plan: ReplayPlan): TE.TaskEither<string, string> => {
    switch (plan._tag) {
      case 'RerunFileVersion':
        return pipe(
          replayers.fileVersionEvent(plan.file),
          TE.flatMap(replayers.executions.start),
          TE.bimap(failedText, (started) => `started ${started.executionArn}`),
        );
      case 'StartWithEvent':
        return pipe(replayers.executions.start(plan.event), TE.bimap(failedText, (started) => `started ${started.executionArn}`));
      case 'RedriveExecution':
        return pipe(
          replayers.executions.redrive(plan.executionArn),
          TE.map((started) => `redrove ${started.executionArn}`),
          TE.orElse((error) =>
            NotRedrivableErrors.includes(error.errorName) && plan.input !== null
              ? pipe(
                  TE.fromEither(E.tryCatch(() => JSON.parse(plan.input ?? '') as unknown, (): AwsCallFailed => ({ _tag: 'AwsCallFailed', operation: 'StartExecution', resource: plan.executionArn, errorName: 'InvalidInput', message: 'the stored input is not JSON' }))),
                  TE.flatMap(replayers.executions.start),
                  TE.map((started) => `not redrivable (${error.errorName}); started ${started.executionArn} with its input`),
                )
              : TE.left(error),
          ),
          TE.mapLeft(failedText),
        );
      case 'RewriteZone':
        return pipe(replayers.zone.rewrite(plan.batch), TE.bimap(failedText, (detail) => `zone rewritten: ${detail}`));
      case 'MarkOrderAlerted':
        return pipe(replayers.orders.markAlerted(plan.orderId, new Date()), TE.bimap(failedText, (done) => `order ${plan.orderId} ${done} alerted`));
      case 'InvokeGenerator':
        return pipe(replayers.generator.invoke(plan.scheduledTime), TE.bimap(failedText, (written) => `generator wrote ${written.written}`));
      case 'CannotReplay':
        return TE.left(plan.reason);
    }
  };

/** Plans that replay the same thing (one file version for many of its orders) are replayed once. */
const replayKey = (plan: ReplayPlan): string | undefined =>
  plan._tag === 'RerunFileVersion' ? JSON.stringify([plan.file.bucket, plan.file.key, plan.file.versionId]) : undefined;

/**
 * Replays every dead letter (of the kinds asked for) the way its producer needs, and deletes a message only after
 * its replay was accepted; a message that cannot be replayed stays on the queue with the reason. The pipeline's
 * conditional writes make a repeated replay store and alert nothing twice.
 */
export const redriveDeadLetters = (
  queue: DeadLetterQueue,
  replayers: Replayers,
  options: RedriveOptions,
): TE.TaskEither<AwsCallFailed, readonly RedriveResult[]> => {
  const replayed = new Map<string, Promise<E.Either<string, string>>>();
  const replayOnce = (plan: ReplayPlan): TE.TaskEither<string, string> => {
    const key = replayKey(plan);
    if (key === undefined) return replay(replayers)(plan);
    return () => {
      const running = replayed.get(key) ?? replay(replayers)(plan)();
      replayed.set(key, running);
      return running;
    };
  };

  const handle = (inspected: InspectedDeadLetter): T.Task<RedriveResult> => {
    const result = (outcome: RedriveOutcome): RedriveResult => ({ ...inspected, outcome });
    if (options.kinds !== undefined && !options.kinds.includes(inspected.deadLetter.kind)) return T.of(result({ _tag: 'Skipped' }));
    if (options.dryRun) return T.of(result(inspected.plan._tag === 'CannotReplay' ? { _tag: 'Kept', reason: inspected.plan.reason } : { _tag: 'WouldReplay' }));
    return pipe(
      replayOnce(inspected.plan),
      TE.flatMap((detail) =>
        pipe(
          queue.remove(inspected.message),
          TE.bimap(
            (error) => `replayed (${detail}) but not deleted: ${failedText(error)}`,
            (): RedriveOutcome => ({ _tag: 'Replayed', detail }),
          ),
        ),
      ),
      TE.getOrElse((reason) => T.of<RedriveOutcome>({ _tag: 'Kept', reason })),
      T.map(result),
    );
  };

  const isRemoved = (result: RedriveResult) => result.outcome._tag === 'Replayed';
  return pipe(
    queue.receiveAll(),
    TE.map((messages) => messages.map(inspect)),
    TE.flatMap((inspected) => TE.fromTask(pipe(inspected, RA.map(handle), T.sequenceSeqArray))),
    TE.tap((results) => queue.release(results.filter((result) => !isRemoved(result)).map((result) => result.message))),
  );
};
