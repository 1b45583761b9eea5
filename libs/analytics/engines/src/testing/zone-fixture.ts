import { mkdir, mkdtemp, readdir, rename, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { jsonLines, OrdersTable, RejectionsTable, type ZoneRow, type ZoneTable, ZoneTables, zoneObjectPath } from '@sales-pipeline/analytics-zone';

interface Sale {
  readonly id: string;
  readonly at: string;
  readonly product: string;
  readonly quantity: number;
  readonly price: number;
  readonly highValue?: boolean;
  readonly alerted?: boolean;
  readonly ingestedAt: string;
}

export const orderRow = (sale: Sale): ZoneRow => ({
  order_id: sale.id,
  created_at: sale.at,
  product: sale.product,
  quantity: sale.quantity,
  price: sale.price,
  status: 'delivered',
  sale_hour: new Date(sale.at).getUTCHours(),
  source_bucket: 'lake',
  source_key: `incoming/${sale.ingestedAt.slice(0, 10)}.json`,
  source_version_id: null,
  source_index: 0,
  ingested_at: sale.ingestedAt,
  high_value: sale.highValue ?? false,
  alerted: sale.alerted ?? false,
});

export const rejectionRow = (id: string, path: string, rejectedAt: string): ZoneRow => ({
  rejection_id: id,
  reason_path: path,
  reason_message: `${path} is wrong`,
  source_bucket: 'lake',
  source_key: 'incoming/x.json',
  source_version_id: 'v1',
  source_index: 1,
  rejected_at: rejectedAt,
});

/**
 * Writes rows as a zone object, `<zone>/<table>/<partition>=<date>/<name>.jsonl`, as the local zone mirror does: a
 * temporary file renamed over the key.
 */
export const writeObject = async (zone: string, table: ZoneTable, date: string, name: string, rows: readonly ZoneRow[]) => {
  const path = join(zone, zoneObjectPath(table, date, `${name}.jsonl`));
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${name}.tmp`);
  await writeFile(temporary, jsonLines(table, rows));
  await rename(temporary, path);
};

/**
 * Dates the day directories written in the last minute an hour or so back (each time another instant), as if written
 * then: compaction leaves a day written in the last second.
 */
export const settleZone = async (zone: string) => {
  const past = Date.now() / 1000 - 60 - Math.random() * 3600;
  for (const table of ZoneTables)
    for (const entry of await readdir(join(zone, table.prefix), { withFileTypes: true }).catch(() => [])) {
      const directory = join(zone, table.prefix, entry.name);
      if (entry.isDirectory() && (await stat(directory)).mtimeMs > Date.now() - 60_000) await utimes(directory, past, past);
    }
};

/**
 * A zone with known answers (see the expectations in reports.spec.ts): six orders over three sale days, two of them
 * ingested on a later day, three high-value ones (two alerted); three rejected orders with four reasons.
 */
export const knownZone = async (): Promise<string> => {
  const zone = await mkdtemp(join(tmpdir(), 'analytics-zone-'));
  await writeObject(zone, OrdersTable, '2024-05-01', 'f1-0-9', [
    orderRow({ id: 'a', at: '2024-05-01T09:15:00Z', product: 'Monitor', quantity: 2, price: 100, ingestedAt: '2024-05-01T09:16:00.000Z' }),
    orderRow({ id: 'b', at: '2024-05-01T10:00:00Z', product: 'Camera', quantity: 1, price: 455, highValue: true, alerted: true, ingestedAt: '2024-05-01T10:01:00.000Z' }),
  ]);
  await writeObject(zone, OrdersTable, '2024-05-01', 'f2-0-9', [
    orderRow({ id: 'c', at: '2024-05-01T10:59:59Z', product: 'Monitor', quantity: 1, price: 50.25, ingestedAt: '2024-05-03T00:00:01.000Z' }),
  ]);
  await writeObject(zone, OrdersTable, '2024-05-02', 'f3-0-9', [
    orderRow({ id: 'd', at: '2024-05-02T00:00:00Z', product: 'Camera', quantity: 3, price: 450, highValue: true, ingestedAt: '2024-05-02T00:01:00.000Z' }),
    orderRow({ id: 'e', at: '2024-05-02T23:59:00Z', product: 'Laptop', quantity: 1, price: 499.99, highValue: true, alerted: true, ingestedAt: '2024-05-02T23:59:30.000Z' }),
  ]);
  await writeObject(zone, OrdersTable, '2024-06-01', 'f4-0-9', [
    orderRow({ id: 'f', at: '2024-06-01T12:00:00Z', product: "Phone, 'mini'", quantity: 4, price: 10, ingestedAt: '2024-06-02T08:00:00.000Z' }),
  ]);
  await writeObject(zone, RejectionsTable, '2024-05-01', 'f1-0-9', [
    rejectionRow('r1', 'quantity', '2024-05-01T09:16:00.000Z'),
    rejectionRow('r1', 'contact-info', '2024-05-01T09:16:00.000Z'),
    rejectionRow('r2', 'contact-info', '2024-05-01T10:01:00.000Z'),
  ]);
  await writeObject(zone, RejectionsTable, '2024-05-02', 'f3-0-9', [rejectionRow('r3', 'order_id', '2024-05-02T00:01:00.000Z')]);
  return zone;
};
