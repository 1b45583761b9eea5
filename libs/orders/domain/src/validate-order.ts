import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { Order } from './order';
import { Reason, reasonsOf } from './reasons';

/** The order, or every reason it is not one (each failing field with its path). */
export const validateOrder = (input: unknown): E.Either<Reason[], Order> =>
  pipe(Order.decode(input), E.mapLeft(reasonsOf));
