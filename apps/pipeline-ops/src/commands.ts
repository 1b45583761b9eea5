import {
  describeDeadLetter,
  describeFailure,
  describePlan,
  formatRejection,
  listDeadLetters,
  redriveDeadLetters,
  rejectionsOf,
  withoutContactInfo,
  type DeadLetterKind,
  type InspectedDeadLetter,
  type RedriveResult,
} from '@sales-pipeline/operations';
import * as O from 'fp-ts/Option';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { ExitCode, type OpsError } from './ops-error';
import type { Connections, Target } from './target';

/** What a command prints (text lines, or one JSON document with --json) and how it exits. */
export interface Output {
  readonly lines: readonly string[];
  readonly json: unknown;
  readonly exitCode: number;
}

const age = (sentAt: number | undefined, now: number): string => {
  if (sentAt === undefined) return '';
  const minutes = Math.max(0, Math.round((now - sentAt) / 60_000));
  return minutes < 120 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`;
};

const entryJson = (entry: InspectedDeadLetter) => ({
  id: entry.message.messageId,
  kind: entry.deadLetter.kind,
  summary: describeDeadLetter(entry.deadLetter),
  error: describeFailure(entry.deadLetter),
  redrive: describePlan(entry.plan),
  ...(entry.message.sentAt === undefined ? {} : { sentAt: new Date(entry.message.sentAt).toISOString() }),
});

export const dlqList = (target: Target, connections: Connections): TE.TaskEither<OpsError, Output> =>
  pipe(
    connections.queue(target.deadLetterQueue),
    TE.flatMap(listDeadLetters),
    TE.map((entries) => {
      const now = Date.now();
      return {
        json: entries.map(entryJson),
        exitCode: ExitCode.ok,
        lines:
          entries.length === 0
            ? [`${target.deadLetterQueue}: empty`]
            : [
                `${target.deadLetterQueue}: ${entries.length} message${entries.length === 1 ? '' : 's'}`,
                ...entries.flatMap((entry) => {
                  const error = describeFailure(entry.deadLetter);
                  return [
                    `${entry.message.messageId}  ${entry.deadLetter.kind.padEnd(21)} ${describeDeadLetter(entry.deadLetter)}  ${age(entry.message.sentAt, now)}`,
                    ...(error === '' ? [] : [`    error    ${error}`]),
                    `    redrive  ${describePlan(entry.plan)}`,
                  ];
                }),
              ],
      };
    }),
  );

export const dlqShow = (target: Target, connections: Connections, id: string): TE.TaskEither<OpsError, Output> =>
  pipe(
    connections.queue(target.deadLetterQueue),
    TE.flatMap(listDeadLetters),
    TE.mapError((error): OpsError => error),
    TE.flatMap((entries) => {
      const entry = entries.find((candidate) => candidate.message.messageId === id);
      if (entry === undefined) return TE.left<OpsError>({ _tag: 'NotFound', what: `message ${id} on ${target.deadLetterQueue}` });
      const json = entryJson(entry);
      return TE.right({
        json,
        exitCode: ExitCode.ok,
        lines: [`message  ${json.id}`, `kind     ${json.kind}`, `what     ${json.summary}`, `error    ${json.error || '(none)'}`, `redrive  ${json.redrive}`, ...(json.sentAt ? [`sent     ${json.sentAt}`] : [])],
      });
    }),
  );

const outcomeText = (result: RedriveResult): string => {
  switch (result.outcome._tag) {
    case 'Replayed':
      return `replayed: ${result.outcome.detail}; deleted`;
    case 'WouldReplay':
      return `would ${describePlan(result.plan)}`;
    case 'Kept':
      return `kept: ${result.outcome.reason}`;
    case 'Skipped':
      return 'skipped (other type)';
  }
};

export const dlqRedrive = (
  target: Target,
  connections: Connections,
  options: { readonly kinds?: readonly DeadLetterKind[]; readonly dryRun: boolean },
): TE.TaskEither<OpsError, Output> =>
  pipe(
    TE.Do,
    TE.bind('queue', () => connections.queue(target.deadLetterQueue)),
    TE.bind('replayers', () => connections.replayers()),
    TE.flatMap(({ queue, replayers }) =>
      redriveDeadLetters(queue, replayers, { dryRun: options.dryRun, ...(options.kinds ? { kinds: options.kinds } : {}) }),
    ),
    TE.map((results) => {
      const kept = results.filter((result) => result.outcome._tag === 'Kept').length;
      const removed = results.filter((result) => result.outcome._tag === 'Replayed').length;
      return {
        json: results.map((result) => ({ ...entryJson(result), outcome: result.outcome })),
        exitCode: kept > 0 && !options.dryRun ? ExitCode.attention : ExitCode.ok,
        lines: [
          ...results.map((result) => `${result.message.messageId}  ${result.deadLetter.kind.padEnd(21)} ${outcomeText(result)}`),
          options.dryRun
            ? `dry run: ${results.length} message${results.length === 1 ? '' : 's'}, nothing changed`
            : `${removed} replayed and deleted, ${kept} kept on ${target.deadLetterQueue}`,
        ],
      };
    }),
  );

export const rejectedList = (target: Target, connections: Connections, fileKey: string | undefined): TE.TaskEither<OpsError, Output> =>
  pipe(
    connections.queue(target.rejectedOrdersQueue),
    TE.flatMap((queue) =>
      pipe(
        queue.receiveAll(),
        TE.tap((messages) => queue.release(messages)),
      ),
    ),
    TE.map((messages) => {
      const rejections = rejectionsOf(messages, fileKey);
      return {
        json: rejections,
        exitCode: ExitCode.ok,
        lines: rejections.length === 0 ? [`${target.rejectedOrdersQueue}: no rejections${fileKey ? ` for ${fileKey}` : ''}`] : rejections.map(formatRejection),
      };
    }),
  );

export const ordersGet = (target: Target, connections: Connections, orderId: string): TE.TaskEither<OpsError, Output> =>
  pipe(
    connections.orders.get(orderId),
    TE.mapError((error): OpsError => error),
    TE.flatMap(
      O.match(
        () => TE.left<OpsError, Output>({ _tag: 'NotFound', what: `order ${orderId} in ${target.ordersTable}` }),
        (item) => {
          const shown = withoutContactInfo(item);
          return TE.right({ json: shown, exitCode: ExitCode.ok, lines: JSON.stringify(shown, null, 2).split('\n') });
        },
      ),
    ),
  );

export const executionsListFailed = (connections: Connections): TE.TaskEither<OpsError, Output> =>
  pipe(
    connections.executions(),
    TE.flatMap((executions) => executions.listFailed()),
    TE.map((failed) => ({
      json: failed,
      exitCode: ExitCode.ok,
      lines: failed.length === 0 ? ['no failed executions'] : failed.map((execution) => `${execution.executionArn}  ${execution.status}  ${execution.stopDate?.toISOString() ?? ''}`),
    })),
  );
