import * as t from 'io-ts';
import { Order } from './order';

/** High value means strictly above the threshold (USD). */
export const isHighValue =
  (threshold: number) =>
  (price: number): boolean =>
    price > threshold;

export const HighValueAlertSubject = 'High Value Sale Alert';

export const Alert = t.type({ subject: t.string, message: t.string });
export type Alert = t.TypeOf<typeof Alert>;

export const highValueAlert = (order: Pick<Order, 'product' | 'price'>): Alert => ({
  subject: HighValueAlertSubject,
  message: `We just sold a ${order.product} for $${order.price.toFixed(2)}!`,
});
