import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { Order } from './order';
import { isOversizedOrder, oversizedOrderReason } from './oversized-order';
import { Reason, reasonsOf } from './reasons';

/**
 * The order, or every reason it is not one (each failing field with its path). The preparer's stub of an oversized
 * order is rejected with its size and the limit.
 */
export const validateOrder = (input: unknown): E.Either<Reason[], Order> =>
  isOversizedOrder(input) ? E.left([oversizedOrderReason(input.oversizedOrder.bytes)]) : pipe(Order.decode(input), E.mapLeft(reasonsOf));
