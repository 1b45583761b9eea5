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
  readonly storedOrders: readonly { readonly orderId: string; readonly product: string; readonly price: number; readonly alerted: boolean }[];
  /** The text of every alert e-mail the subscribers received. */
  readonly alertMessages: readonly string[];
  /** Orders on the dead-letter queue: one per order-failed message, each item of a batch-failed one, and the
   * failed orders of executions whose failed-execution event is there. */
  readonly deadLetteredOrders: number;
  /** Dead-letter messages that carry too little to be replayed (no source file version, or an unknown shape). */
  readonly unreplayableDeadLetters: number;
  /** Messages on the dead-letter queue. */
  readonly deadLetterMessages: number;
}

export interface SoakCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

const tally = (values: readonly string[]): Map<string, number> =>
  values.reduce((counts, value) => counts.set(value, (counts.get(value) ?? 0) + 1), new Map<string, number>());

const multisetDifference = (expected: Map<string, number>, actual: Map<string, number>): { readonly missing: number; readonly extra: number } => {
  const keys = new Set([...expected.keys(), ...actual.keys()]);
  return [...keys].reduce(
    (sum, key) => {
      const gap = (actual.get(key) ?? 0) - (expected.get(key) ?? 0);
      return gap > 0 ? { ...sum, extra: sum.extra + gap } : { ...sum, missing: sum.missing - gap };
    },
    { missing: 0, extra: 0 },
  );
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

const alertedOnce = (o: SoakObservations): SoakCheck => {
  const highValue = o.storedOrders.filter((order) => isHighValue(o.highValueThreshold)(order.price));
  const { missing, extra } = multisetDifference(tally(highValue.map((order) => highValueAlert(order).message)), tally(o.alertMessages));
  const unmarked = highValue.filter((order) => !order.alerted).length;
  return {
    name: 'every stored high-value order alerted exactly once',
    ok: missing === 0 && extra === 0 && unmarked === 0,
    detail: `${highValue.length} high-value orders stored, ${o.alertMessages.length} e-mails received (${missing} missing, ${extra} extra), ${unmarked} not marked alerted`,
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
