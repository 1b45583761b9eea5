import * as E from 'fp-ts/Either';
import { MaxOrderJsonBytes } from './order';
import { isOversizedOrder, oversizedOrder } from './oversized-order';
import { validateOrder } from './validate-order';

describe('the stub of an oversized order', () => {
  it('is rejected with its size and the limit, one reason about the whole order', () => {
    expect(validateOrder(oversizedOrder(307_245))).toEqual(
      E.left([{ path: '(order)', message: 'is 307,245 bytes of JSON, more than the 32,768 an order may have' }]),
    );
  });

  it.each([
    ['a size an order may have', { oversizedOrder: { bytes: MaxOrderJsonBytes } }],
    ['a size that is not a whole number', { oversizedOrder: { bytes: 40_000.5 } }],
    ['another field beside it', { oversizedOrder: { bytes: 40_000 }, order_id: 'o-1' }],
    ['another field inside it', { oversizedOrder: { bytes: 40_000, order_id: 'o-1' } }],
  ])('is not a stub with %s: that is judged as an order', (_, value) => {
    expect(isOversizedOrder(value)).toBe(false);
    const reasons = validateOrder(value);
    expect(E.isLeft(reasons) && reasons.left.some((reason) => reason.message.includes('an order may have'))).toBe(false);
  });
});
