import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { type OrderFigure, reconcile, type Reconciliation, type ReportError, saleDateOf } from '@sales-pipeline/analytics-zone';
import { withDuckDbEngine } from './choose-engine';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { messageOf, type QueryEngine } from './query-engine';

export interface SaleDateRange {
  readonly from: string;
  readonly to: string;
}

/** The zone's orders of the range, in the SQL both engines share. */
const zoneOrdersSql = 'SELECT order_id, sale_date, price * quantity AS order_value FROM orders WHERE sale_date BETWEEN ? AND ?';

/** Each order of the zone in the range, as the reconciliation compares it. */
export const zoneFigures = (engine: QueryEngine, range: SaleDateRange): TE.TaskEither<ReportError, OrderFigure[]> =>
  pipe(
    engine.query(zoneOrdersSql, [range.from, range.to]),
    TE.map(({ rows }) => rows.map(([orderId, saleDate, value]) => ({ orderId: String(orderId), saleDate: String(saleDate), value: Number(value) }))),
  );

const inRange = (range: SaleDateRange) => (figure: OrderFigure) => figure.saleDate >= range.from && figure.saleDate <= range.to;

/**
 * Each stored order of the range, read from the orders table by a consistent Scan of the four attributes it needs
 * (no contact info is read): what the zone must hold. A Scan reads the whole table, so it costs a read of every item.
 */
export const tableFigures = (client: DynamoDBClient, table: string, range: SaleDateRange): TE.TaskEither<ReportError, OrderFigure[]> =>
  TE.tryCatch(
    async () => {
      const isInRange = inRange(range);
      const figures: OrderFigure[] = [];
      const pages = paginateScan(
        { client: DynamoDBDocumentClient.from(client) },
        {
          TableName: table,
          ConsistentRead: true,
          ProjectionExpression: 'order_id, created_at, price, quantity',
        },
      );
      for await (const page of pages)
        for (const item of page.Items ?? []) {
          const figure = {
            orderId: String(item['order_id']),
            saleDate: saleDateOf(String(item['created_at'])),
            value: Number(item['price']) * Number(item['quantity']),
          };
          if (isInRange(figure)) figures.push(figure);
        }
      return figures;
    },
    (error): ReportError => ({ _tag: 'QueryFailed', message: `scanning the orders table ${table}: ${messageOf(error)}` }),
  );

/** Every sale day: a reconciliation of the whole history. */
const EverySaleDay: SaleDateRange = { from: '0001-01-01', to: '9999-12-31' };

/** The local zone (DuckDB over its directory) against the orders table, over the range. */
export const reconcileLocalZone = (zoneDir: string, client: DynamoDBClient, table: string, range: SaleDateRange = EverySaleDay): TE.TaskEither<ReportError, Reconciliation> =>
  pipe(
    TE.Do,
    TE.apS('zone', withDuckDbEngine(zoneDir, (engine) => zoneFigures(engine, range))),
    TE.apS('table', tableFigures(client, table, range)),
    TE.map(({ zone, table: stored }) => reconcile(zone, stored)),
  );
