import { runReport, type QueryEngine } from '@sales-pipeline/analytics-engines';
import { CalendarDay, describeReportError, type ReportError, type Rows } from '@sales-pipeline/analytics-zone';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/PathReporter';
import { Count, Dollars, type ReportPage } from './page-model';

/** Each report's rows as its SQL names the columns (the columns the page reads; a report may return more). */
const RevenuePerDay = t.type({ sale_date: CalendarDay, orders: Count, revenue: Dollars });
const HighValuePerDay = t.type({ sale_date: CalendarDay, high_value_orders: Count, high_value_revenue: Dollars, alerted: Count });
const TopProducts = t.type({ product: t.string, orders: Count, revenue: Dollars });
/** Over an empty range the aggregates are NULL and the count 0. */
const OrderValue = t.type({
  orders: Count,
  average_order_value: t.union([Dollars, t.null]),
  price_p50: t.union([Dollars, t.null]),
  price_p90: t.union([Dollars, t.null]),
  price_p99: t.union([Dollars, t.null]),
});
const RejectionsPerDay = t.type({ rejected_date: CalendarDay, reason_path: t.string, rejected_orders: Count });
const LateFiles = t.type({ sale_date: CalendarDay, ingested_date: CalendarDay, orders: Count, files: Count });

export type ReportPageError = ReportError | { readonly _tag: 'UnexpectedRows'; readonly report: string; readonly message: string };

export const describeReportPageError = (error: ReportPageError): string =>
  error._tag === 'UnexpectedRows' ? `the report ${error.report} returned rows the page cannot read: ${error.message}` : describeReportError(error);

const decodeRows =
  <C extends t.Mixed>(report: string, codec: C) =>
  (rows: Rows): E.Either<ReportPageError, readonly t.TypeOf<C>[]> =>
    pipe(
      t.array(codec).decode(rows.rows.map((row) => Object.fromEntries(rows.columns.map((column, i) => [column, row[i] ?? null])))),
      E.mapLeft((errors): ReportPageError => ({ _tag: 'UnexpectedRows', report, message: PathReporter.report(E.left(errors)).slice(0, 3).join('; ') })),
    );

export interface PageRequest {
  /** Sale days, inclusive; either end open means the whole history on that side. */
  readonly from?: string;
  readonly to?: string;
  /** The day the page is made (UTC): the range's end when neither the request nor the history gives one. */
  readonly today: string;
  readonly generatedAt: string;
  readonly source: string;
}

const rangeOf = (request: PageRequest, days: readonly string[]): ReportPage['range'] => {
  const sorted = [...days].sort();
  return {
    from: request.from ?? sorted[0] ?? request.to ?? request.today,
    to: request.to ?? sorted[sorted.length - 1] ?? request.from ?? request.today,
  };
};

/**
 * Runs every report the page shows through the report API, one after the other (one DuckDB connection; Athena's
 * queries are seconds each, and a failed one stops the rest), and reads each result with its codec.
 */
export const runPageReports = (engine: QueryEngine, workspaceRoot: string, request: PageRequest): TE.TaskEither<ReportPageError, ReportPage> => {
  const range = { ...(request.from === undefined ? {} : { from: request.from }), ...(request.to === undefined ? {} : { to: request.to }) };
  const run = <C extends t.Mixed>(report: string, codec: C) =>
    pipe(
      runReport(engine, workspaceRoot, report, range),
      TE.mapLeft((error): ReportPageError => error),
      TE.flatMapEither(decodeRows(report, codec)),
    );
  return pipe(
    TE.Do,
    TE.bind('sales', () => run('revenue-per-day', RevenuePerDay)),
    TE.bind('highValue', () => run('high-value-per-day', HighValuePerDay)),
    TE.bind('topProducts', () => run('top-products', TopProducts)),
    TE.bind('orderValue', () => run('order-value', OrderValue)),
    TE.bind('rejections', () => run('rejections-per-day', RejectionsPerDay)),
    TE.bind('lateOrders', () => run('late-files', LateFiles)),
    TE.map((rows): ReportPage => {
      const value = rows.orderValue[0];
      return {
        range: rangeOf(request, [...rows.sales.map((row) => row.sale_date), ...rows.rejections.map((row) => row.rejected_date)]),
        generatedAt: request.generatedAt,
        source: request.source,
        sales: rows.sales.map((row) => ({ day: row.sale_date, orders: row.orders, revenue: row.revenue })),
        highValue: rows.highValue.map((row) => ({ day: row.sale_date, highValue: row.high_value_orders, alerted: row.alerted, revenue: row.high_value_revenue })),
        topProducts: rows.topProducts.map((row) => ({ product: row.product, orders: row.orders, revenue: row.revenue })),
        orderValue:
          value === undefined || value.orders === 0
            ? null
            : { orders: value.orders, average: value.average_order_value ?? 0, p50: value.price_p50 ?? 0, p90: value.price_p90 ?? 0, p99: value.price_p99 ?? 0 },
        rejections: rows.rejections.map((row) => ({ day: row.rejected_date, reason: row.reason_path, rejections: row.rejected_orders })),
        lateOrders: rows.lateOrders.map((row) => ({ saleDay: row.sale_date, ingestionDay: row.ingested_date, orders: row.orders, files: row.files })),
      };
    }),
  );
};
