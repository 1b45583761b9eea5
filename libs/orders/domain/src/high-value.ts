import * as t from 'io-ts';
import type { OrderFieldsJson } from './order';

/** High value means strictly above the threshold (USD). */
export const isHighValue =
  (threshold: number) =>
  (price: number): boolean =>
    price > threshold;

export const HighValueAlertSubject = 'High Value Sale Alert';

export const Alert = t.type({ subject: t.string, message: t.string });
export type Alert = t.TypeOf<typeof Alert>;

export const highValueAlert = (order: Pick<OrderFieldsJson, 'product' | 'price'>): Alert => ({
  subject: HighValueAlertSubject,
  message: `We just sold a ${order.product} for $${order.price.toFixed(2)}!`,
});
