// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- types of pure-rand's exports-only subpaths, see the file
/// <reference path="./pure-rand.d.ts" />
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { sha256Hex } from './canonical-json';
import { OrderFieldsJson, OrderStatuses } from './order';

export const ProductCatalogue = [
  'Laptop',
  'Smartphone',
  'Tablet',
  'Headphones',
  'Monitor',
  'Keyboard',
  'Mouse',
  'Printer',
  'Camera',
  'Smartwatch',
] as const;

export const MinMockPrice = 50;
export const MaxMockPrice = 500;

export interface MockSalesSettings {
  /** The schedule's time (e.g. "2024-05-01T12:00:00Z"): names the orders, dates them and seeds the random source. */
  readonly scheduledTime: string;
  readonly count: number;
  /** Share (0..1) of orders made without contact info, so that the rejection path is exercised. */
  readonly invalidShare: number;
  readonly catalogue?: readonly string[];
}

/**
 * A generated sale: a valid order, or one without `contact-info` (invalid on purpose). Built on the fields alone:
 * `Omit` over `OrderJson`'s index signature would type every field `unknown`.
 */
export type MockSale = Omit<OrderFieldsJson, 'contact-info'> & Partial<Pick<OrderFieldsJson, 'contact-info'>>;

/** The random source's seed for a scheduled time: the same time always gives the same orders. */
export const seedOf = (scheduledTime: string): number => Number.parseInt(sha256Hex(scheduledTime).slice(0, 8), 16) | 0;

const ShareResolution = 1_000_000;

/**
 * Mock sales for one scheduled run: products from the catalogue, price uniform in 50–500 (whole cents), quantity
 * 1–5, any status, `created_at` the scheduled time, `order_id` `gen-<scheduledTime>-<n>`. Deterministic in its
 * settings (the generator is local to the call, so the function is pure).
 */
export const mockSales = (settings: MockSalesSettings): MockSale[] => {
  const catalogue = settings.catalogue ?? ProductCatalogue;
  const random = xoroshiro128plus(seedOf(settings.scheduledTime));
  const pick = <A>(values: readonly A[]): A => values[uniformInt(random, 0, values.length - 1)] as A;
  const invalidThreshold = Math.round(settings.invalidShare * ShareResolution);

  return Array.from({ length: settings.count }, (_, n): MockSale => {
    const sale = {
      order_id: `gen-${settings.scheduledTime}-${n}`,
      created_at: settings.scheduledTime,
      product: pick(catalogue),
      quantity: uniformInt(random, 1, 5),
      price: uniformInt(random, MinMockPrice * 100, MaxMockPrice * 100) / 100,
      status: pick(OrderStatuses),
    };
    const customer = uniformInt(random, 1, 99_999);
    const contact = pick([
      { email: `customer${customer}@example.com` },
      { phone: `+1-555-${String(customer).padStart(5, '0')}` },
      { email: `customer${customer}@example.com`, phone: `+1-555-${String(customer).padStart(5, '0')}` },
    ]);
    const withoutContact = uniformInt(random, 0, ShareResolution - 1) < invalidThreshold;
    return withoutContact ? sale : { ...sale, 'contact-info': contact };
  });
};
