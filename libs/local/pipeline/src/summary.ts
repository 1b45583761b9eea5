import * as t from 'io-ts';

const Count = t.number;

/** What a local run did, in the shape `--json` prints (one object, last line of stdout). */
export const Summary = t.type({
  ticks: Count,
  files: Count,
  filesRejected: Count,
  ordersRead: Count,
  ordersStored: Count,
  ordersRejected: Count,
  ordersDuplicate: Count,
  ordersFailed: Count,
  alerts: Count,
  executionsSucceeded: Count,
  executionsFailed: Count,
  /** Dead-letter messages the failure paths could not send (something is lost): the exit code is non-zero. */
  deadLettersLost: Count,
  stateTransitions: Count,
  elapsedMs: Count,
});
export type Summary = t.TypeOf<typeof Summary>;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Orders read that none of the four ends accounts for: always 0 unless something was lost. */
export const unaccountedOrders = (s: Summary): number =>
  s.ordersRead - s.ordersStored - s.ordersRejected - s.ordersDuplicate - s.ordersFailed;

export const formatSummary = (s: Summary): string =>
  [
    'Summary',
    `  generator runs        ${s.ticks}`,
    `  files                 ${s.files} (${s.filesRejected} rejected as a whole)`,
    `  orders read           ${s.ordersRead}`,
    `    stored              ${s.ordersStored}`,
    `    rejected            ${s.ordersRejected} (reasons in the rejected-orders queue)`,
    `    duplicate           ${s.ordersDuplicate} (already stored, identical: nothing written)`,
    `    failed              ${s.ordersFailed} (retries ran out: in the dead-letter queue)`,
    `  high-value alerts     ${s.alerts}`,
    `  executions            ${s.executionsSucceeded} succeeded, ${s.executionsFailed} failed (a rejected file is a succeeded execution)`,
    `  state transitions     ${s.stateTransitions} (counted locally, not the AWS bill)`,
    `  elapsed               ${(s.elapsedMs / 1000).toFixed(1)} s`,
    ...(unaccountedOrders(s) === 0 ? [] : [`  UNACCOUNTED ORDERS    ${plural(unaccountedOrders(s), 'order')}`]),
    ...(s.deadLettersLost === 0 ? [] : [`  LOST DEAD LETTERS     ${s.deadLettersLost} (could not be sent to the dead-letter queue)`]),
  ].join('\n');

/** The run was not clean: an execution failed for a technical reason, something was lost, or an order is unaccounted for. */
export const isTechnicalFailure = (s: Summary): boolean => s.executionsFailed > 0 || s.deadLettersLost > 0 || unaccountedOrders(s) !== 0;
