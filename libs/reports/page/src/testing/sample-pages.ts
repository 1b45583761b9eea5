import { isHighValue, mockSales, type MockSale } from '@sales-pipeline/orders-domain';
import { daySpan } from '../charts';
import type { ReportPage } from '../page-model';

const DAY_MS = 86_400_000;
const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const cents = (dollars: number): number => Math.round(dollars * 100) / 100;
const sum = <A>(rows: readonly A[], value: (row: A) => number): number => rows.reduce((total, row) => total + value(row), 0);

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/**
 * A page of known shape for tests and for measuring the page (what the reports return, not what they compute):
 * what the reports return over `days` days of the generator's history from `from`: each day is a sample of the
 * generator's own mock sales (`mockSales`, seeded by the day; a fifth without contact info, so rejected), scaled to
 * `ordersPerDay` generated orders (1,440 files of 25 a day at the default schedule: 36,000). Every 30th day also
 * has an uploaded file of 25 orders sold the day before (late). Deterministic.
 */
export const generatorHistoryPage = (options: {
  readonly from: string;
  readonly days: number;
  readonly ordersPerDay: number;
  readonly generatedAt: string;
  readonly sampleOrders?: number;
  readonly highValueThreshold?: number;
}): ReportPage => {
  const sampleOrders = options.sampleOrders ?? 100;
  const scale = options.ordersPerDay / sampleOrders;
  const highValue = isHighValue(options.highValueThreshold ?? 400);
  const days = daySpan([options.from, addDays(options.from, options.days - 1)]);
  const perDay = days.map((day) => {
    const generated = mockSales({ scheduledTime: `${day}T00:00:00Z`, count: sampleOrders, invalidShare: 0.2 });
    return { day, stored: generated.filter((sale) => sale['contact-info'] !== undefined), rejected: generated.filter((sale) => sale['contact-info'] === undefined) };
  });
  const value = (sale: MockSale) => sale.price * sale.quantity;
  const scaled = (n: number) => Math.round(n * scale);
  const stored = perDay.flatMap((day) => day.stored);
  const byProduct = new Map<string, MockSale[]>();
  stored.forEach((sale) => (byProduct.get(sale.product) ?? byProduct.set(sale.product, []).get(sale.product))?.push(sale));
  const prices = stored.map((sale) => sale.price).sort((a, b) => a - b);
  return {
    range: { from: options.from, to: addDays(options.from, options.days - 1) },
    generatedAt: options.generatedAt,
    source: `sample: ${options.days} days of generator history`,
    sales: perDay.map(({ day, stored }) => ({ day, orders: scaled(stored.length), revenue: cents(sum(stored, value) * scale) })),
    highValue: perDay.map(({ day, stored }) => {
      const high = stored.filter((sale) => highValue(sale.price));
      return { day, highValue: scaled(high.length), alerted: scaled(high.length), revenue: cents(sum(high, value) * scale) };
    }),
    topProducts: [...byProduct.entries()]
      .map(([product, sales]) => ({ product, orders: scaled(sales.length), revenue: cents(sum(sales, value) * scale) }))
      .sort((a, b) => b.revenue - a.revenue)
      .slice(0, 10),
    orderValue:
      stored.length === 0
        ? null
        : { orders: scaled(stored.length), average: cents(sum(stored, value) / stored.length), p50: percentile(prices, 0.5), p90: percentile(prices, 0.9), p99: percentile(prices, 0.99) },
    rejections: perDay.map(({ day, rejected }) => ({ day, reason: 'contact-info', rejections: scaled(rejected.length) })),
    lateOrders: days.filter((_, i) => i > 0 && i % 30 === 0).map((day) => ({ saleDay: addDays(day, -1), ingestionDay: day, orders: 25, files: 1 })),
  };
};
