import * as t from 'io-ts';
import { displaySafe } from './display-text';
import type { OrderFieldsJson } from './order';

/** High value means strictly above the threshold (USD). */
export const isHighValue =
  (threshold: number) =>
  (price: number): boolean =>
    price > threshold;

const HighValueAlertSubject = 'High Value Sale Alert';

export const Alert = t.type({ subject: t.string, message: t.string });
export type Alert = t.TypeOf<typeof Alert>;

/** The alert e-mail's text; the product is shown display-safe (control, bidi and invisible characters escaped). */
export const highValueAlert = (order: Pick<OrderFieldsJson, 'product' | 'price'>): Alert => ({
  subject: HighValueAlertSubject,
  message: `We just sold a ${displaySafe(order.product)} for $${order.price.toFixed(2)}!`,
});
