import * as t from 'io-ts';
import { MaxOrderJsonBytes } from './order';
import { OrderPath, type Reason } from './reasons';

const OversizedBytes = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n > MaxOrderJsonBytes, 'OversizedBytes');

/**
 * What the order-file preparer puts in a file's place of an order whose JSON is larger than an order may be
 * (`MaxOrderJsonBytes`): its size only, so that no batch has to carry it. The order itself stays in the data lake at
 * its source (the original file, at its index).
 */
export const OversizedOrder = t.strict({ oversizedOrder: t.strict({ bytes: OversizedBytes }) });
export type OversizedOrder = t.TypeOf<typeof OversizedOrder>;

export const oversizedOrder = (bytes: number): OversizedOrder => ({ oversizedOrder: { bytes } });

/** Exactly the preparer's stub (no other field): an order that merely has a field of that name is judged as an order. */
export const isOversizedOrder = (value: unknown): value is OversizedOrder =>
  OversizedOrder.is(value) && Object.keys(value).length === 1 && Object.keys(value.oversizedOrder).length === 1;

const count = (n: number): string => n.toLocaleString('en-US');

/** The reason an oversized order is rejected: its size and the limit, nothing of its content. */
export const oversizedOrderReason = (bytes: number): Reason => ({
  path: OrderPath,
  message: `is ${count(bytes)} bytes of JSON, more than the ${count(MaxOrderJsonBytes)} an order may have`,
});
