import { reconcile } from '@sales-pipeline/analytics-zone';
import { faultedRunChecks, formatSoakChecks, redrivenRunChecks, zoneReconciled, type SoakObservations } from './soak-checks';
import type { Summary } from './summary';

const summary: Summary = {
  ticks: 0,
  files: 2,
  filesRejected: 0,
  ordersRead: 6,
  ordersStored: 3,
  ordersRejected: 1,
  ordersDuplicate: 1,
  ordersFailed: 1,
  alerts: 1,
  executionsSucceeded: 2,
  executionsFailed: 0,
  deadLettersLost: 0,
  stateTransitions: 40,
  elapsedMs: 1000,
};
const healthy: SoakObservations = {
  summary,
  accounting: { ordersInFiles: 6, ordersEnded: 6, filesWithoutExecution: 0, executionsOfOtherFiles: 0 },
  highValueThreshold: 400,
  storedOrders: [
    { orderId: 'a', product: 'Laptop', price: 450.5, alerted: true },
    { orderId: 'b', product: 'Mouse', price: 20, alerted: false },
    { orderId: 'c', product: 'Tablet', price: 400, alerted: false },
  ],
  alertMessages: ['We just sold a Laptop for $450.50!'],
  publishOutcomesUnknown: new Map(),
  storedTwice: 0,
  missingFromTable: 0,
  unexpectedInTable: 0,
  deadLetteredOrders: 1,
  unreplayableDeadLetters: 0,
  deadLetterMessages: 0,
};
const failing = (observations: SoakObservations) =>
  [...faultedRunChecks(observations), ...redrivenRunChecks(observations)]
    .filter((check) => !check.ok)
    .map((check) => check.name);

describe('the soak checks', () => {
  it('checks a faulted run for accounting and dead letters, a redriven one for storage, alerts and an empty queue', () => {
    expect(faultedRunChecks(healthy).map((check) => check.name)).toEqual(['every order accounted for', 'every failed order on the dead-letter queue, redrivable']);
    expect(redrivenRunChecks(healthy).map((check) => check.name)).toEqual([
      'every order accounted for',
      'nothing stored twice',
      'every stored high-value order alerted exactly once',
      'the redrive emptied the dead-letter queue',
    ]);
    expect(failing({ ...healthy, deadLetterMessages: 2 })).toEqual(['the redrive emptied the dead-letter queue']);
  });

  it('passes a run where everything adds up', () => {
    expect(failing(healthy)).toEqual([]);
    expect(formatSoakChecks(faultedRunChecks(healthy))).toContain('ok   every order accounted for: in the files 6 = stored 3 + rejected 1 + duplicate 1 + failed 1; read 6');
  });

  it('fails an order that none of the ends accounts for', () => {
    expect(failing({ ...healthy, summary: { ...summary, ordersRead: 7 } })).toEqual(['every order accounted for', 'every order accounted for']);
  });

  it('counts the total from the files put, so orders the ledger never read fail the check (the soak of --seed 3 that passed 27 short)', () => {
    const notRead = { ...healthy, summary: { ...summary, ordersRead: 5, ordersFailed: 0 }, accounting: { ...healthy.accounting, ordersEnded: 5 }, deadLetteredOrders: 0 };
    expect(failing(notRead)).toEqual(['every order accounted for', 'every order accounted for']);
    expect(formatSoakChecks(faultedRunChecks(notRead))).toContain('in the files 6 = stored 3 + rejected 1 + duplicate 1 + failed 0 (1 unaccounted); read 5');
    expect(failing({ ...healthy, accounting: { ...healthy.accounting, filesWithoutExecution: 1 } })).toEqual(['every order accounted for', 'every order accounted for']);
  });

  it('fails an order stored twice, a stored order missing from the table, and an item nothing accounts for', () => {
    expect(failing({ ...healthy, storedTwice: 1 })).toEqual(['nothing stored twice']);
    expect(failing({ ...healthy, missingFromTable: 1 })).toEqual(['nothing stored twice']);
    expect(failing({ ...healthy, unexpectedInTable: 1 })).toEqual(['nothing stored twice']);
  });

  it('fails a second e-mail for one order, a missing one, and one e-mail standing in for another', () => {
    expect(failing({ ...healthy, alertMessages: [...healthy.alertMessages, ...healthy.alertMessages] })).toEqual(['every stored high-value order alerted exactly once']);
    expect(failing({ ...healthy, alertMessages: [] })).toEqual(['every stored high-value order alerted exactly once']);
    expect(failing({ ...healthy, alertMessages: ['We just sold a Laptop for $450.51!'] })).toEqual(['every stored high-value order alerted exactly once']);
  });

  it('tells a second e-mail after a publish of unknown outcome apart from a double alert, which still fails', () => {
    const twice = [...healthy.alertMessages, ...healthy.alertMessages];
    const unknownOnce = new Map([[healthy.alertMessages[0] ?? '', 1]]);
    expect(failing({ ...healthy, alertMessages: twice, publishOutcomesUnknown: unknownOnce })).toEqual([]);
    expect(formatSoakChecks(redrivenRunChecks({ ...healthy, alertMessages: twice, publishOutcomesUnknown: unknownOnce }))).toContain(
      '(0 missing, 0 extra, and 1 extra after a publish whose outcome the execution could not know',
    );
    expect(failing({ ...healthy, alertMessages: [...twice, ...healthy.alertMessages], publishOutcomesUnknown: unknownOnce })).toEqual([
      'every stored high-value order alerted exactly once',
    ]);
    const otherOrderUnknown = new Map([['We just sold a Tablet for $400.00!', 1]]);
    expect(failing({ ...healthy, alertMessages: twice, publishOutcomesUnknown: otherOrderUnknown })).toEqual(['every stored high-value order alerted exactly once']);
  });

  it('fails a high-value order alerted but never marked, so a replay would alert it again', () => {
    const storedOrders = healthy.storedOrders.map((order) => ({ ...order, alerted: false }));
    expect(failing({ ...healthy, storedOrders })).toEqual(['every stored high-value order alerted exactly once']);
    const claimed = { ...healthy, alertMessages: [], storedOrders: storedOrders.map((order) => ({ ...order, claimHeld: true })) };
    expect(failing(claimed)).toEqual(['every stored high-value order alerted exactly once']);
    expect(formatSoakChecks(redrivenRunChecks(claimed))).toContain('(1 missing, 0 extra), 1 not marked alerted (1 with a claim still held');
  });

  it('fails a failed order missing from the dead-letter queue, and a dead letter that cannot be replayed', () => {
    expect(failing({ ...healthy, deadLetteredOrders: 0 })).toEqual(['every failed order on the dead-letter queue, redrivable']);
    expect(failing({ ...healthy, unreplayableDeadLetters: 1 })).toEqual(['every failed order on the dead-letter queue, redrivable']);
    expect(failing({ ...healthy, summary: { ...summary, deadLettersLost: 1 } })).toEqual(['every failed order on the dead-letter queue, redrivable']);
  });
});

describe('the zone check', () => {
  const figure = (orderId: string, value: number) => ({ orderId, saleDate: '2026-12-01', value });

  it('holds when the zone has every stored order once', () => {
    expect(zoneReconciled(reconcile([figure('a', 10), figure('b', 2.5)], [figure('b', 2.5), figure('a', 10)]))).toEqual({
      name: 'zone reconciles with the table',
      ok: true,
      detail: '2 orders on 1 sale days, each once, the same revenue',
    });
  });

  it('fails naming the difference: an order missing, one twice', () => {
    const check = zoneReconciled(reconcile([figure('a', 10), figure('a', 10)], [figure('a', 10), figure('b', 2.5)]));
    expect(check.ok).toBe(false);
    expect(check.detail).toBe('1 missing in the zone (b); 1 twice in the zone (a); 1 sale days differing (2026-12-01: 2/2 orders, 20/12.5 USD)');
  });
});
