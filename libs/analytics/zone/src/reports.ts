import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as A from 'fp-ts/ReadonlyArray';
import * as t from 'io-ts';

/** What a report can be asked: a date range (`from`, `to`, inclusive), one day, a product. */
export const ReportParameterNames = ['from', 'to', 'day', 'product'] as const;
export type ReportParameterName = (typeof ReportParameterNames)[number];
export type ReportParams = Partial<Readonly<Record<ReportParameterName, string>>>;

export interface ReportDefinition {
  readonly name: string;
  readonly description: string;
  /** The value of each `?` of the report's SQL, in the order they appear (a parameter may fill several). */
  readonly placeholders: readonly ReportParameterName[];
  /** Parameters without a default: the report cannot run without them. */
  readonly required: readonly ReportParameterName[];
}

const range: readonly ReportParameterName[] = ['from', 'to'];

/** Every report; each has its SQL in `<name>.sql` beside the Terraform module that publishes it as a named query. */
export const Reports: readonly ReportDefinition[] = [
  {
    name: 'revenue-per-day',
    description: 'orders, units and revenue per sale day (optionally of one --product)',
    placeholders: [...range, 'product', 'product'],
    required: [],
  },
  { name: 'revenue-per-hour', description: 'orders and revenue per hour (UTC) of one --day', placeholders: ['day'], required: ['day'] },
  {
    name: 'high-value-per-day',
    description: 'high-value sales per day: count, share of orders, revenue, and how many were alerted',
    placeholders: range,
    required: [],
  },
  { name: 'top-products', description: 'the 10 products with the most revenue over the range', placeholders: range, required: [] },
  {
    name: 'order-value',
    description: 'average order value (price x quantity) and price percentiles (p50, p90, p99) over the range',
    placeholders: range,
    required: [],
  },
  {
    name: 'rejections-per-day',
    description: 'rejected orders per rejection day and failing field, with an example message',
    placeholders: range,
    required: [],
  },
  {
    name: 'late-files',
    description: 'orders ingested on a later day than their sale day, per sale day and ingestion day',
    placeholders: range,
    required: [],
  },
];

export type ReportError =
  | { readonly _tag: 'UnknownReport'; readonly name: string }
  | { readonly _tag: 'BadParameter'; readonly parameter: ReportParameterName; readonly message: string }
  | { readonly _tag: 'EmptyHistory'; readonly message: string }
  | { readonly _tag: 'QueryRefused'; readonly message: string }
  | { readonly _tag: 'QueryFailed'; readonly message: string };

export const findReport = (name: string): E.Either<ReportError, ReportDefinition> =>
  pipe(
    Reports.find((report) => report.name === name),
    E.fromNullable<ReportError>({ _tag: 'UnknownReport', name }),
  );

const isCalendarDay = (text: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
};

/** A calendar day `YYYY-MM-DD` (UTC), as the reports take and give it. */
export const CalendarDay = new t.Type<string, string, unknown>(
  'CalendarDay',
  (input): input is string => typeof input === 'string' && isCalendarDay(input),
  (input, context) => (typeof input === 'string' && isCalendarDay(input) ? t.success(input) : t.failure(input, context)),
  t.identity,
);

/** When a range end is not given: the whole history. */
const defaults: Readonly<Record<ReportParameterName, string | undefined>> = {
  from: '0001-01-01',
  to: '9999-12-31',
  day: undefined,
  product: '',
};

const checked = (name: ReportParameterName, value: string): E.Either<ReportError, string> => {
  if (name === 'product') return E.right(value);
  return CalendarDay.is(value)
    ? E.right(value)
    : E.left({ _tag: 'BadParameter', parameter: name, message: `--${name} must be a date YYYY-MM-DD, got "${value}"` });
};

const valueOf =
  (report: ReportDefinition, params: ReportParams) =>
  (name: ReportParameterName): E.Either<ReportError, string> => {
    const value = params[name] ?? defaults[name];
    return value === undefined
      ? E.left({ _tag: 'BadParameter', parameter: name, message: `the report ${report.name} needs --${name}` })
      : checked(name, value);
  };

/**
 * The values of the report's `?` placeholders, in order, as text: every parameter checked (dates are calendar dates),
 * the range's ends defaulting to the whole history; a range whose start is after its end is refused.
 */
export const bindParameters = (report: ReportDefinition, params: ReportParams): E.Either<ReportError, readonly string[]> =>
  pipe(
    E.Do,
    E.bind('values', () => pipe(report.placeholders, A.traverse(E.Applicative)(valueOf(report, params)))),
    E.bind('range', () =>
      params.from !== undefined && params.to !== undefined && params.from > params.to
        ? E.left<ReportError>({ _tag: 'BadParameter', parameter: 'from', message: `--from ${params.from} is after --to ${params.to}` })
        : E.right(undefined),
    ),
    E.map(({ values }) => values),
  );

export const describeReportError = (error: ReportError): string => {
  switch (error._tag) {
    case 'UnknownReport':
      return `no report named "${error.name}"; the reports are: ${Reports.map((report) => report.name).join(', ')} (--list describes them)`;
    case 'BadParameter':
    case 'EmptyHistory':
    case 'QueryRefused':
    case 'QueryFailed':
      return error.message;
  }
};
