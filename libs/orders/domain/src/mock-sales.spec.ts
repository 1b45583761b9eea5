import * as E from 'fp-ts/Either';
import { MaxMockPrice, MinMockPrice, mockSales, ProductCatalogue, seedOf } from './mock-sales';
import { OrderStatuses } from './order';
import { validateOrder } from './validate-order';

const scheduledTime = '2024-05-01T12:00:00Z';

describe('mock sales', () => {
  const sales = mockSales({ scheduledTime, count: 20_000, invalidShare: 0.1 });

  it('makes the same orders from the same scheduled time, other orders from another', () => {
    expect(mockSales({ scheduledTime, count: 50, invalidShare: 0.1 })).toEqual(sales.slice(0, 50));
    expect(mockSales({ scheduledTime: '2024-05-01T12:01:00Z', count: 50, invalidShare: 0.1 })).not.toEqual(sales.slice(0, 50));
    expect(seedOf(scheduledTime)).toBe(seedOf(scheduledTime));
    expect(seedOf(scheduledTime)).not.toBe(seedOf('2024-05-01T12:01:00Z'));
  });

  it('names and dates the orders from the scheduled time', () => {
    expect(sales[0]?.order_id).toBe(`gen-${scheduledTime}-0`);
    expect(sales[19_999]?.order_id).toBe(`gen-${scheduledTime}-19999`);
    expect(new Set(sales.map((sale) => sale.order_id)).size).toBe(sales.length);
    expect(sales.every((sale) => sale.created_at === scheduledTime)).toBe(true);
  });

  it('prices uniformly in 50–500 with at most 2 decimals', () => {
    const prices = sales.map((sale) => sale.price);
    expect(Math.min(...prices)).toBeGreaterThanOrEqual(MinMockPrice);
    expect(Math.max(...prices)).toBeLessThanOrEqual(MaxMockPrice);
    expect(prices.every((price) => Math.abs(Math.round(price * 100) - price * 100) < 1e-6)).toBe(true);
    // Uniform: each tenth of the range holds about a tenth of the prices, and the mean is the midpoint.
    const tenthOf = (price: number) => Math.min(9, Math.floor(((price - MinMockPrice) / (MaxMockPrice - MinMockPrice)) * 10));
    const tenths = Array.from({ length: 10 }, (_, tenth) => prices.filter((price) => tenthOf(price) === tenth).length);
    for (const count of tenths) expect(Math.abs(count / prices.length - 0.1)).toBeLessThan(0.01);
    expect(Math.abs(prices.reduce((sum, price) => sum + price, 0) / prices.length - 275)).toBeLessThan(3);
  });

  it('uses the catalogue, every status and quantities 1–5', () => {
    expect(new Set(sales.map((sale) => sale.product))).toEqual(new Set(ProductCatalogue));
    expect(new Set(sales.map((sale) => sale.status))).toEqual(new Set(OrderStatuses));
    expect(new Set(sales.map((sale) => sale.quantity))).toEqual(new Set([1, 2, 3, 4, 5]));
    const custom = mockSales({ scheduledTime, count: 100, invalidShare: 0, catalogue: ['Widget'] });
    expect(custom.every((sale) => sale.product === 'Widget')).toBe(true);
  });

  it('leaves out contact info in about the configured share, and only those orders are invalid', () => {
    const invalid = sales.filter((sale) => E.isLeft(validateOrder(sale)));
    expect(invalid.every((sale) => sale['contact-info'] === undefined)).toBe(true);
    expect(Math.abs(invalid.length / sales.length - 0.1)).toBeLessThan(0.01);
    expect(invalid[0] && validateOrder(invalid[0])).toEqual(E.left([{ path: 'contact-info', message: 'missing' }]));
    expect(mockSales({ scheduledTime, count: 1000, invalidShare: 0 }).every((sale) => E.isRight(validateOrder(sale)))).toBe(true);
    expect(mockSales({ scheduledTime, count: 1000, invalidShare: 1 }).every((sale) => E.isLeft(validateOrder(sale)))).toBe(true);
  });
});
