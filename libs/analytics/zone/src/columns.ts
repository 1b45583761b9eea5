import { OrderFields, type OrderFieldsJson } from '@sales-pipeline/orders-domain';
import * as t from 'io-ts';

/** Column types as the Glue Data Catalog (Hive DDL) names them; each engine maps them to its own. */
export type ColumnType = 'string' | 'bigint' | 'int' | 'double' | 'boolean';

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly comment: string;
}

/** The order fields the zone leaves out: contact info is personal data, and no analysis needs it. */
export const ExcludedOrderFields = ['contact-info'] as const;
type ExcludedOrderField = (typeof ExcludedOrderFields)[number];

type Underscored<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}_${Underscored<Tail>}` : S;
type ZoneOrderField = Underscored<Exclude<keyof OrderFieldsJson, ExcludedOrderField>>;

/** Column names carry no hyphen (Athena and DuckDB would need them quoted in every query). */
export const columnName = (field: string): string => field.replace(/-/g, '_');

/**
 * The column type of each order field the zone keeps. Typed over the order codec's fields: a field added to the
 * codec fails the build here until it gets a column (or joins `ExcludedOrderFields`).
 */
const orderFieldColumns: { readonly [K in ZoneOrderField]: Omit<Column, 'name' | 'nullable'> } = {
  order_id: { type: 'string', comment: 'the order id (the orders table key)' },
  created_at: { type: 'string', comment: 'when the sale happened, ISO-8601 as the order file said' },
  product: { type: 'string', comment: 'the product sold' },
  quantity: { type: 'bigint', comment: 'units sold' },
  price: { type: 'double', comment: 'unit price in USD' },
  status: { type: 'string', comment: 'delivered, cancelled, pending or shipped' },
};

const isExcluded = (field: string): boolean => (ExcludedOrderFields as readonly string[]).includes(field);

/**
 * The order codec's fields the zone keeps, each with its codec, in the codec's order: what the zone reads of a stored
 * item and the first columns of its rows.
 */
export const ZoneOrderFields = t.type(
  Object.fromEntries(Object.entries(OrderFields.props).filter(([field]) => !isExcluded(field))) as Omit<typeof OrderFields.props, ExcludedOrderField>,
);
export type ZoneOrderFields = t.TypeOf<typeof ZoneOrderFields>;

/** The order codec's fields in the zone, in the codec's order; throws at load if one lacks a column. */
const orderColumns: readonly Column[] = Object.keys(ZoneOrderFields.props)
  .map((field) => {
    const column = (orderFieldColumns as Record<string, Omit<Column, 'name' | 'nullable'> | undefined>)[columnName(field)];
    if (column === undefined) throw new Error(`the order field "${field}" has no analytics column`);
    return { name: columnName(field), nullable: false, ...column };
  });

const column = (name: string, type: ColumnType, comment: string, nullable = false): Column => ({ name, type, nullable, comment });

const sourceColumns: readonly Column[] = [
  column('source_bucket', 'string', 'the data-lake bucket of the order file'),
  column('source_key', 'string', 'the order file'),
  column('source_version_id', 'string', 'the order file version (null in an unversioned bucket)', true),
];

export interface ZoneTable {
  readonly name: string;
  /** The prefix under the data lake's analytics prefix (`<prefix>/<partition>=YYYY-MM-DD/…`). */
  readonly prefix: string;
  readonly columns: readonly Column[];
  /** A date partition (`YYYY-MM-DD`) read from the object's path, not stored in its rows. */
  readonly partition: Column;
}

/** Exactly the stored orders: one row per order, in the batch that stored it. */
export const OrdersTable: ZoneTable = {
  name: 'orders',
  prefix: 'orders',
  columns: [
    ...orderColumns,
    column('sale_hour', 'int', 'hour of the sale (0-23, UTC)'),
    ...sourceColumns,
    column('source_index', 'bigint', 'the order position in its file, from 0'),
    column('ingested_at', 'string', 'when the pipeline validated the order, ISO-8601 UTC'),
    column('high_value', 'boolean', 'price above the high-value threshold'),
    column('alerted', 'boolean', 'the high-value alert was published'),
  ],
  partition: column('sale_date', 'string', 'day of the sale, YYYY-MM-DD (UTC)'),
};

/** Business rejections: one row per reason; no order content. */
export const RejectionsTable: ZoneTable = {
  name: 'rejections',
  prefix: 'rejections',
  columns: [
    column('rejection_id', 'string', 'the rejected-order message id (deterministic)'),
    column('reason_path', 'string', 'the failing field, e.g. contact-info.email, or (order)'),
    column('reason_message', 'string', 'why, in words'),
    ...sourceColumns,
    column('source_index', 'bigint', 'the order position in its file, from 0'),
    column('rejected_at', 'string', 'when the pipeline rejected the order, ISO-8601 UTC'),
  ],
  partition: column('rejected_date', 'string', 'day of the rejection, YYYY-MM-DD (UTC)'),
};

export const ZoneTables: readonly ZoneTable[] = [OrdersTable, RejectionsTable];

/** The analytics zone's prefix in the data lake. */
export const AnalyticsPrefix = 'analytics/';

/** Where an object of the table lies under the zone: `<prefix>/<partition>=<YYYY-MM-DD>/<name>`. */
export const zoneObjectPath = (table: ZoneTable, date: string, name: string): string => `${table.prefix}/${table.partition.name}=${date}/${name}`;

/**
 * The zone's tables as the Glue catalog takes them (terraform/modules/analytics/tables.json, written by
 * tools/write-analytics-tables.mjs and checked against this by the terraform project's tests).
 */
export const glueTables = () =>
  Object.fromEntries(
    ZoneTables.map((table) => [
      table.name,
      {
        prefix: table.prefix,
        partition: { name: table.partition.name, type: table.partition.type, comment: table.partition.comment },
        columns: table.columns.map((column) => ({ name: column.name, type: column.type, comment: column.comment })),
      },
    ]),
  );
