import * as E from 'fp-ts/Either';
import { formatSummary, isTechnicalFailure, Summary, unaccountedOrders } from './summary';

const summary: Summary = {
  ticks: 2,
  files: 2,
  filesRejected: 0,
  ordersRead: 20,
  ordersStored: 15,
  ordersRejected: 3,
  ordersDuplicate: 1,
  ordersFailed: 1,
  alerts: 4,
  executionsSucceeded: 6,
  executionsFailed: 0,
  deadLettersLost: 0,
  stateTransitions: 321,
  elapsedMs: 4321,
};

describe('summary', () => {
  it('accounts for every order read', () => {
    expect(unaccountedOrders(summary)).toBe(0);
    expect(unaccountedOrders({ ...summary, ordersStored: 14 })).toBe(1);
  });

  it('reads as words and flags lost orders', () => {
    expect(formatSummary(summary)).toMatch(/orders read +20\n +stored +15/);
    expect(formatSummary(summary)).not.toMatch(/UNACCOUNTED/);
    expect(formatSummary({ ...summary, ordersStored: 13 })).toMatch(/UNACCOUNTED ORDERS +2 orders/);
  });

  it('is a technical failure when an execution failed (a rejected file succeeds), a dead letter was lost, or an order is unaccounted for', () => {
    expect(isTechnicalFailure(summary)).toBe(false);
    expect(isTechnicalFailure({ ...summary, executionsFailed: 1 })).toBe(true);
    expect(isTechnicalFailure({ ...summary, deadLettersLost: 1 })).toBe(true);
    expect(isTechnicalFailure({ ...summary, ordersFailed: 0 })).toBe(true);
  });

  it('is its own JSON contract', () => {
    expect(Summary.decode(JSON.parse(JSON.stringify(summary)))).toEqual(E.right(summary));
    expect(E.isLeft(Summary.decode({ ...summary, alerts: undefined }))).toBe(true);
  });
});
