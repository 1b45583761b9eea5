import { writeObject } from '@sales-pipeline/analytics-engines/testing';
import { OrdersTable, RejectionsTable, type ZoneRow, type ZoneTable } from '@sales-pipeline/analytics-zone';
import { isHighValue, mockSales, type MockSale } from '@sales-pipeline/orders-domain';

/** A generator file as the zone records it: its stored orders (those with contact info) and its rejected ones. */
export interface GeneratedFile {
  readonly scheduledTime: string;
  /** When the pipeline took it in: the scheduled time, or a later day for a late file. */
  readonly ingestedAt: string;
  readonly stored: readonly MockSale[];
  readonly rejected: readonly MockSale[];
}

export const generatedFile = (scheduledTime: string, count = 25, ingestedAt = scheduledTime): GeneratedFile => {
  const sales = mockSales({ scheduledTime, count, invalidShare: 0.2 });
  return { scheduledTime, ingestedAt, stored: sales.filter((sale) => sale['contact-info'] !== undefined), rejected: sales.filter((sale) => sale['contact-info'] === undefined) };
};

/** One object of a generator file, as the pipeline would write it (none for a table without rows). */
const writeFileObject = async (zone: string, table: ZoneTable, date: string, name: string, rows: readonly ZoneRow[]) => {
  if (rows.length > 0) await writeObject(zone, table, date, name, rows);
};

/**
 * Writes generator files into a zone directory as the pipeline records them (one object per file and table, each
 * order on its sale day, ingested when generated, high-value above $400 and alerted), without the pipeline: a zone of
 * known content for the page's tests. Contact info is not a column, so it never reaches the zone.
 */
export const writeSalesZone = async (zone: string, files: readonly GeneratedFile[]): Promise<void> => {
  const highValue = isHighValue(400);
  for (const file of files) {
    const day = file.scheduledTime.slice(0, 10);
    const rejectedDay = file.ingestedAt.slice(0, 10);
    const name = file.scheduledTime.replace(/[^0-9]/g, '');
    await writeFileObject(
      zone,
      OrdersTable,
      day,
      name,
      file.stored.map(({ 'contact-info': _contact, ...sale }, index) => ({
        ...sale,
        source_key: `incoming/${name}.json`,
        source_index: index,
        ingested_at: file.ingestedAt,
        high_value: highValue(sale.price),
        alerted: highValue(sale.price),
      })),
    );
    await writeFileObject(
      zone,
      RejectionsTable,
      rejectedDay,
      name,
      file.rejected.map((sale, index) => ({ rejection_id: `${name}-${index}`, reason_path: 'contact-info', reason_message: 'missing', rejected_at: file.ingestedAt })),
    );
  }
};
