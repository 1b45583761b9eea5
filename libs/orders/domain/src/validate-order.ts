import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { unfaithfulJsonReasons } from './faithful-json';
import { Order } from './order';
import { isOversizedOrder, oversizedOrderReason } from './oversized-order';
import { Reason, reasonsOf } from './reasons';

/**
 * The order, or every reason it is not one (each failing field with its path). The preparer's stub of an oversized
 * order is rejected with its size and the limit.
 */
export const validateOrder = (input: unknown): E.Either<Reason[], Order> => {
  if (isOversizedOrder(input)) return E.left([oversizedOrderReason(input.oversizedOrder.bytes)]);
  const unfaithful = unfaithfulJsonReasons(input);
  const decoded = pipe(Order.decode(input), E.mapLeft(reasonsOf));
  if (unfaithful.length === 0) return decoded;
  return E.left([...unfaithful, ...(E.isLeft(decoded) ? decoded.left : [])]);
};
