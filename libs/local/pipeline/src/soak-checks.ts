import type { Reconciliation } from '@sales-pipeline/analytics-zone';
import { highValueAlert, isHighValue } from '@sales-pipeline/orders-domain';
import { unaccountedOrders, type Summary } from './summary';

/** What a soak run observed after draining: its summary, a scan of the table, the e-mail inbox, the dead letters. */
export interface SoakObservations {
  readonly summary: Summary;
  /** The orders the uploaded files hold, per execution of each, beside the four ends the ledger counted. */
  readonly accounting: {
    readonly ordersInFiles: number;
    readonly ordersEnded: number;
    /** Files put that no execution processed (the rule never started one): their orders are in no count. */
    readonly filesWithoutExecution: number;
    readonly executionsOfOtherFiles: number;
  };
  readonly highValueThreshold: number;
  /** Order ids whose outcomes say `stored` more than once (two writes of one order). */
  readonly storedTwice: number;
  /** Order ids that ended stored or duplicate without an item in the table, and items no outcome accounts for. */
  readonly missingFromTable: number;
  readonly unexpectedInTable: number;
  /** Every item of the orders table. */
  readonly storedOrders: readonly {
    readonly orderId: string;
    readonly product: string;
    readonly price: number;
    readonly alerted: boolean;
    /** An alert claim is on the item (a run claimed the alert and neither marked nor gave it back). */
    readonly claimHeld?: boolean;
  }[];
  /** The text of every alert e-mail the subscribers received. */
  readonly alertMessages: readonly string[];
  /** Per alert text: publishes SNS took whose answer the execution never took (timed out or lost): the execution
   * went on as if they had failed, so the order may e-mail again. Absent: none. */
  readonly publishOutcomesUnknown: ReadonlyMap<string, number>;
  /** Orders on the dead-letter queue: one per order-failed message, each item of a batch-failed one, and the
   * failed orders of executions whose failed-execution event is there. */
  readonly deadLetteredOrders: number;
  /** Dead-letter messages that carry too little to be replayed (no source file version, or an unknown shape). */
  readonly unreplayableDeadLetters: number;
  readonly deadLetterMessages: number;
}

export interface SoakCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

const tally = (values: readonly string[]): Map<string, number> =>
  values.reduce((counts, value) => counts.set(value, (counts.get(value) ?? 0) + 1), new Map<string, number>());

/** Per key, how many more (extra) or fewer (missing) the actual multiset holds than the expected one. */
const multisetGaps = (expected: Map<string, number>, actual: Map<string, number>): { readonly missing: number; readonly extra: ReadonlyMap<string, number> } => {
  const gaps = [...new Set([...expected.keys(), ...actual.keys()])].map((key) => [key, (actual.get(key) ?? 0) - (expected.get(key) ?? 0)] as const);
  return { missing: gaps.reduce((sum, [, gap]) => sum + Math.max(0, -gap), 0), extra: new Map(gaps.filter(([, gap]) => gap > 0)) };
};

/**
 * Every order of every file put ended stored, rejected, duplicate or failed: the total comes from the files uploaded
 * (once per execution of each), not from the ledger's count of orders read, which it checks too.
 */
const accounted = ({ summary: s, accounting: a }: SoakObservations): SoakCheck => {
  const unaccounted = a.ordersInFiles - a.ordersEnded;
  return {
    name: 'every order accounted for',
    ok: unaccounted === 0 && s.ordersRead === a.ordersInFiles && unaccountedOrders(s) === 0 && a.filesWithoutExecution === 0 && a.executionsOfOtherFiles === 0,
    detail:
      `in the files ${a.ordersInFiles} = stored ${s.ordersStored} + rejected ${s.ordersRejected} + duplicate ${s.ordersDuplicate} + failed ${s.ordersFailed}` +
      `${unaccounted === 0 ? '' : ` (${unaccounted} unaccounted)`}; read ${s.ordersRead}` +
      `${a.filesWithoutExecution === 0 ? '' : `; ${a.filesWithoutExecution} files never processed`}` +
      `${a.executionsOfOtherFiles === 0 ? '' : `; ${a.executionsOfOtherFiles} executions of files the soak did not put`}`,
  };
};

const storedOnce = (o: SoakObservations): SoakCheck => ({
  name: 'nothing stored twice',
  ok: o.storedTwice === 0 && o.missingFromTable === 0 && o.unexpectedInTable === 0,
  detail:
    `${o.storedOrders.length} items in the table, ${o.storedTwice} orders stored twice, ` +
    `${o.missingFromTable} stored or duplicate orders missing from it, ${o.unexpectedInTable} items no outcome accounts for`,
});

/**
 * Every stored high-value order e-mailed once and marked. An extra e-mail of an order one of whose publishes had an
 * unknown outcome (SNS took it, the execution never had the answer) is told apart: SNS Publish is not idempotent, so
 * that order is alerted at least once by design (docs/architecture.md, "The window"). Any other extra e-mail is a
 * real double alert and fails the check.
 */
const alertedOnce = (o: SoakObservations): SoakCheck => {
  const highValue = o.storedOrders.filter((order) => isHighValue(o.highValueThreshold)(order.price));
  const { missing, extra } = multisetGaps(tally(highValue.map((order) => highValueAlert(order).message)), tally(o.alertMessages));
  const afterUnknownOutcome = [...extra].reduce((sum, [message, count]) => sum + Math.min(count, o.publishOutcomesUnknown.get(message) ?? 0), 0);
  const doubles = [...extra.values()].reduce((sum, count) => sum + count, 0) - afterUnknownOutcome;
  const unmarked = highValue.filter((order) => !order.alerted);
  const claimHeld = unmarked.filter((order) => order.claimHeld === true).length;
  return {
    name: 'every stored high-value order alerted exactly once',
    ok: missing === 0 && doubles === 0 && unmarked.length === 0,
    detail:
      `${highValue.length} high-value orders stored, ${o.alertMessages.length} e-mails received (${missing} missing, ${doubles} extra` +
      `${afterUnknownOutcome === 0 ? '' : `, and ${afterUnknownOutcome} extra after a publish whose outcome the execution could not know: SNS took it after the Task's timeout or its answer was lost`}` +
      `), ${unmarked.length} not marked alerted` +
      `${claimHeld === 0 ? '' : ` (${claimHeld} with a claim still held: a run died after claiming and gave nothing back; within the lease no replay alerts, docs/architecture.md "The window")`}`,
  };
};

const failedDeadLettered = (o: SoakObservations): SoakCheck => ({
  name: 'every failed order on the dead-letter queue, redrivable',
  ok: o.deadLetteredOrders === o.summary.ordersFailed && o.unreplayableDeadLetters === 0 && o.summary.deadLettersLost === 0,
  detail:
    `${o.summary.ordersFailed} failed orders, ${o.deadLetteredOrders} on the dead-letter queue, ` +
    `${o.unreplayableDeadLetters} messages that cannot be replayed, ${o.summary.deadLettersLost} dead letters lost`,
});

const deadLettersRedriven = (o: SoakObservations): SoakCheck => ({
  name: 'the redrive emptied the dead-letter queue',
  ok: o.deadLetterMessages === 0,
  detail: `${o.deadLetterMessages} messages left on it`,
});

/**
 * The invariants of a run under faults, each with the figures behind it: every order ended somewhere, and every
 * failed one is on the dead-letter queue, replayable. An order that failed between storing and alerting has not
 * alerted yet: that is for its redrive.
 */
export const faultedRunChecks = (observations: SoakObservations): readonly SoakCheck[] => [accounted(observations), failedDeadLettered(observations)];

/** After the dead-letter queue was redriven (faults off): nothing stored twice, every alert exactly once, the queue empty. */
export const redrivenRunChecks = (observations: SoakObservations): readonly SoakCheck[] => [
  accounted(observations),
  storedOnce(observations),
  alertedOnce(observations),
  deadLettersRedriven(observations),
];

export const formatSoakChecks = (checks: readonly SoakCheck[]): string =>
  checks.map((check) => `${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`).join('\n');

const someIds = (label: string, ids: readonly string[]): string[] => (ids.length === 0 ? [] : [`${ids.length} ${label} (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''})`]);

/** The analytics zone against the table, as `npm run ops -- reconcile` compares them: every stored order once, per day the same revenue. */
export const zoneReconciled = (result: Reconciliation): SoakCheck => {
  const differingDays = result.days.filter((day) => day.zoneOrders !== day.tableOrders || day.zoneRevenue !== day.tableRevenue);
  const orders = result.days.reduce((sum, day) => sum + day.tableOrders, 0);
  return {
    name: 'zone reconciles with the table',
    ok: result.matches,
    detail: result.matches
      ? `${orders} orders on ${result.days.length} sale days, each once, the same revenue`
      : [
          ...someIds('missing in the zone', result.missingInZone),
          ...someIds('in the zone, not in the table', result.missingInTable),
          ...someIds('twice in the zone', result.duplicatedInZone),
          ...someIds('sale days differing', differingDays.map((day) => `${day.saleDate}: ${day.zoneOrders}/${day.tableOrders} orders, ${day.zoneRevenue}/${day.tableRevenue} USD`)),
        ].join('; '),
  };
};
