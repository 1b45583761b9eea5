import { CalendarDay } from '@sales-pipeline/analytics-zone';
import * as t from 'io-ts';

export const Count = t.number;
export const Dollars = t.number;

const DailySales = t.type({ day: CalendarDay, orders: Count, revenue: Dollars });
export type DailySales = t.TypeOf<typeof DailySales>;

const DailyHighValue = t.type({ day: CalendarDay, highValue: Count, alerted: Count, revenue: Dollars });
export type DailyHighValue = t.TypeOf<typeof DailyHighValue>;

const ProductRevenue = t.type({ product: t.string, orders: Count, revenue: Dollars });
export type ProductRevenue = t.TypeOf<typeof ProductRevenue>;

/** Average order value (price × quantity) and the percentiles of the price. */
const OrderValue = t.type({ orders: Count, average: Dollars, p50: Dollars, p90: Dollars, p99: Dollars });
export type OrderValue = t.TypeOf<typeof OrderValue>;

/** Rejected orders of one day for one reason (the failing field). */
export const DailyRejections = t.type({ day: CalendarDay, reason: t.string, rejections: Count });
export type DailyRejections = t.TypeOf<typeof DailyRejections>;

/** Orders whose sale day is older than the day they were ingested. */
const LateOrders = t.type({ saleDay: CalendarDay, ingestionDay: CalendarDay, orders: Count, files: Count });
export type LateOrders = t.TypeOf<typeof LateOrders>;

/** What the page shows: the reports' results over one range, each as its report returned it. */
export const ReportPage = t.type({
  range: t.type({ from: CalendarDay, to: CalendarDay }),
  /** When the reports ran (ISO-8601). */
  generatedAt: t.string,
  /** Where the numbers come from, e.g. "local analytics zone" or "Athena workgroup …". */
  source: t.string,
  sales: t.readonlyArray(DailySales),
  highValue: t.readonlyArray(DailyHighValue),
  topProducts: t.readonlyArray(ProductRevenue),
  orderValue: t.union([OrderValue, t.null]),
  rejections: t.readonlyArray(DailyRejections),
  lateOrders: t.readonlyArray(LateOrders),
});
export type ReportPage = t.TypeOf<typeof ReportPage>;

/** The served page's live part: what the running pipeline is doing now. */
export const LiveStatus = t.type({
  filesInFlight: Count,
  executionsInFlight: Count,
  filesDone: Count,
  alertsSent: Count,
  deadLettersWaiting: Count,
  updatedAt: t.string,
});
export type LiveStatus = t.TypeOf<typeof LiveStatus>;

/** The header's totals, each the sum of one report's rows: the page shows nothing the reports did not return. */
export interface Totals {
  readonly orders: number;
  readonly revenue: number;
  readonly highValue: number;
  readonly alerted: number;
  readonly rejections: number;
  readonly lateOrders: number;
  readonly averageOrderValue: number | null;
  readonly days: number;
}

const sum = <A>(rows: readonly A[], value: (row: A) => number): number => rows.reduce((total, row) => total + value(row), 0);

/** Cents, so that a year of sums prints the same dollars as the reports' own totals (no float drift in the last digit). */
const roundCents = (dollars: number): number => Math.round(dollars * 100) / 100;

export const totalsOf = (page: ReportPage): Totals => ({
  orders: sum(page.sales, (row) => row.orders),
  revenue: roundCents(sum(page.sales, (row) => row.revenue)),
  highValue: sum(page.highValue, (row) => row.highValue),
  alerted: sum(page.highValue, (row) => row.alerted),
  rejections: sum(page.rejections, (row) => row.rejections),
  lateOrders: sum(page.lateOrders, (row) => row.orders),
  averageOrderValue: page.orderValue?.average ?? null,
  days: page.sales.length,
});

/** What the reports return over a range without sales. */
export const emptyPage = (from: string, to: string, generatedAt: string, source: string): ReportPage => ({
  range: { from, to },
  generatedAt,
  source,
  sales: [],
  highValue: [],
  topProducts: [],
  orderValue: null,
  rejections: [],
  lateOrders: [],
});

